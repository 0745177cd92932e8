"""search: a search page and Pagefind indexes of the built site, made offline after each build.

Pagefind (the `pagefind[extended]` package, which segments Chinese) indexes the elements marked
`data-pagefind-body`: FAQ pages and the glossary, site pages, township pages with their village
tables, and each school letter's title. index.py makes one bundle per section (SEARCH_SECTIONS).
"""

from pelican import signals


def get_generators(pelican):
    from .generator import SearchGenerator
    return SearchGenerator


def build_index(pelican):
    if not pelican.settings["SEARCH_INDEX"]:
        return
    from .index import build
    build(pelican.settings, pelican.output_path)


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(build_index)
