"""search: a search page and Pagefind indexes of the built site, made offline after each build.

Pagefind (the `pagefind[extended]` package, which segments Chinese) indexes the elements marked
`data-pagefind-body`: FAQ pages and the glossary, site pages, township pages with their village
tables, and each school letter's title. index.py makes one bundle per section (SEARCH_SECTIONS).
"""

from pelican import signals

DEFAULTS = {
    "SEARCH_INDEX": True,
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # Bundle name: the pages it indexes (paths in the output; * matches across folders) and a weight
    # for its results (a FAQ answer outranks a site page that merely mentions the words). The first
    # bundle with pages carries the search box's scripts. Keep these in step with the *_SAVE_AS settings.
    "SEARCH_SECTIONS": {
        "faq": {"pages": ["faq/*"], "weight": 1.0},
        "sites": {"pages": ["sites/*", "townships/*"], "weight": 0.5},
        "schools": {"pages": ["schools/*"], "weight": 0.5},
    },
    # A section with more pages is indexed as several bundles (sites-1, sites-2, ...), one Pagefind
    # run each: Pagefind holds a whole bundle in memory, about 150 KB a page.
    "SEARCH_BUNDLE_PAGES": 10000,
}


def get_generators(pelican):
    from .generator import SearchGenerator
    return SearchGenerator


def build_index(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    if not pelican.settings["SEARCH_INDEX"]:
        return
    from .index import build
    build(pelican.settings, pelican.output_path)


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(build_index)
