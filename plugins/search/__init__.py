"""search: a search page and Pagefind indexes of the built site, made offline after each build.

Pagefind (the `pagefind[extended]` package, which segments Chinese) indexes the elements marked
`data-pagefind-body`: FAQ pages and the glossary, site pages, township pages with their village
tables, and each school letter's title. index.py makes one bundle per section (SEARCH_SECTIONS).
A section is indexed as soon as the generators that write its pages are done (framework's
`pages_written`), side by side with the pages still being drawn; the rest once every page is
written (framework/finishing.py), side by side with the compressed copies.
"""

import os

from pelican import signals


def get_generators(pelican):
    from .generator import SearchGenerator
    return SearchGenerator


# The index of the build under way, by output folder: planned once the generators are known.
_indexes = {}


def plan_index(generators):
    if generators and generators[0].settings["SEARCH_INDEX"]:
        from .index import SearchIndex
        output = generators[0].output_path
        _indexes[os.path.abspath(output)] = SearchIndex(generators[0].settings, output, generators)


def index_pages(generator):
    index = _indexes.get(os.path.abspath(generator.output_path))
    if index is not None:
        index.pages_written(generator)


def start_index(pelican):
    """Pagefind runs while later plugins compress the pages; the bundles go in when it is done."""
    index = _indexes.pop(os.path.abspath(pelican.output_path), None)
    if not pelican.settings["SEARCH_INDEX"]:
        return None
    if index is None:
        from .index import SearchIndex
        index = SearchIndex(pelican.settings, pelican.output_path)
    return index.finishing()


def register():
    from framework.finishing import site_written
    from framework.generator import pages_written
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_index)
    pages_written.connect(index_pages)
    site_written.connect(start_index)
