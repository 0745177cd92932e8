"""The entries generators share through Pelican's context: which plugin provides each, and what it holds.

Pelican runs every generator's generate_context in the order of PLUGINS, then every
generate_output, then renders nothing else; so an entry read while contexts are being made (or
by a template a generator writes) must come from a plugin listed earlier. A generator declares
what it provides and what it needs (framework.generator.FeatureGenerator); a missing or
late provider stops the build with a message that says which plugin to add or move.

A page's template may read parts of these entries; the page declares which (FeatureGenerator.
add_page's `reads`, as paths into the shapes described here), so that a rebuild draws it again
only when those parts change (framework/pagekeys.py). Entries marked `site_wide` are read by the
frame of every page and count for every page.

The county's data itself is not here: every plugin gets it from the county library
(county.cache.load), not from another plugin.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    provider: str    # the plugin that puts it in the context
    holds: str       # what it is, for the reader of this table and of the error message
    # The settings naming the files and folders it is made from, besides the settings themselves,
    # the theme and our code: a rebuild that finds them unchanged knows the entry is too
    # (framework/pagekeys.py). None: not known, so every page that reads it is digested again.
    made_from: tuple = None
    # Read by the page frame every template extends (the banner, the menu, the scripts): part of
    # every page's key. Small, and the same on every page.
    site_wide: bool = False


# The county's data files (county.load reads them all into one model).
COUNTY_FILES = ("SITES_FILE", "PLACES_FILE", "SCHOOLS_FILE", "GEOCODE_CACHE")


ENTRIES = {
    "bundles": Entry("components", "the CSS and scripts every page loads: {'css', 'js', 'head_js'} -> path",
                     made_from=(), site_wide=True),
    "county": Entry("sites", "the County (name, sample flag, bounds, townships), for every page's banner",
                    made_from=COUNTY_FILES, site_wide=True),
    "today": Entry("sites", "the date the pages are built for", made_from=COUNTY_FILES),
    "townships": Entry("sites", "{township name: {'township', 'url', 'sites'}}, open sites first", made_from=COUNTY_FILES),
    "site_urls": Entry("sites", "{site id: its page's address}", made_from=COUNTY_FILES),
    "all_sites_url": Entry("sites", "the address of the list of all sites", made_from=COUNTY_FILES, site_wide=True),
    "maps": Entry("maps", "MapSpec of the county map, of each township's and each site's map; provider, legend",
                  made_from=COUNTY_FILES),
    "nearest": Entry("nearest", "the village tables' rows (a hit's site may be a neighbouring county's: "
                                "county.neighbours.OtherCountySite), the 按村查找 address and the finder's options",
                     made_from=(*COUNTY_FILES, "REGION_NEIGHBOURS")),
    "faq": Entry("faq", "the FAQ entries by topic, the glossary and their addresses; 'after_shot': {'url', 'title'} "
                        "of the page \"打完针以后\" (AFTER_SHOT_SLUG) or None", made_from=("FAQ_DIR",)),
    "schools": Entry("schools", "'entries': each school's letter page ({'school', 'url', 'letter', 'hits', …}); "
                                "'by_district' and 'by_township': links to them ({'url', 'school'})",
                     made_from=(*COUNTY_FILES, "SCHOOLS_DIR")),
    "outreach": Entry("outreach", "WeChat texts: 'villages' {township: {village id: text}}, 'townships' and 'sites' "
                                  "{name or id: text}; 'posters' {township: {'url', 'sheets'}}",
                     made_from=(*COUNTY_FILES, "REGION_NEIGHBOURS")),
    "progress": Entry("progress", "the 日通报 board: county and township lines, charts",
                      made_from=(*COUNTY_FILES, "PROGRESS_DIR")),
    "search_page_url": Entry("search", "the search page's address, for the header's search box", made_from=(),
                             site_wide=True),
    "build_notice": Entry("buildreport", "preview builds only: the build notice's {'css', 'js', 'status', 'report'} "
                                         "addresses from the site root (theme/components/build-notice)",
                          made_from=(), site_wide=True),
}


class ContractError(Exception):
    """A context entry is missing; str() says, in Chinese, which plugin to add or move."""


def plugin_of(generator, plugins):
    """The plugin a generator belongs to: the first of its classes defined in a listed plugin."""
    for cls in type(generator).__mro__:
        name = cls.__module__.split(".")[0]
        if name in plugins:
            return name
    return type(generator).__module__.split(".")[0]


def provide(generator, entries):
    """Put entries in the context; each must be declared above as this generator's plugin's."""
    plugins = generator.settings.get("PLUGINS", [])
    reader = plugin_of(generator, plugins)
    for key, value in entries.items():
        declared = ENTRIES.get(key)
        if declared is None or declared.provider != reader:
            raise ContractError(f"context entry {key!r} is not declared as {reader}'s in framework/context.py")
        generator.context[key] = value


def need(generator, key):
    """The value of a context entry another plugin provides, or ContractError saying why it is not there."""
    if key in generator.context:
        return generator.context[key]
    entry = ENTRIES[key]
    plugins = list(generator.settings.get("PLUGINS", []))
    reader = plugin_of(generator, plugins)
    if entry.provider not in plugins:
        raise ContractError(
            f"插件 {reader} 要用插件 {entry.provider} 提供的「{key}」（{entry.holds}），但 PLUGINS 里没有 "
            f"{entry.provider}。请在 pelicanconf.py 的 PLUGINS 里加上 \"{entry.provider}\"，放在 \"{reader}\" 前面。")
    if reader in plugins and plugins.index(entry.provider) > plugins.index(reader):
        raise ContractError(
            f"pelicanconf.py 里 PLUGINS 的顺序不对：插件 {reader} 要用插件 {entry.provider} 提供的「{key}」"
            f"（{entry.holds}），所以 \"{entry.provider}\" 要排在 \"{reader}\" 前面。")
    raise ContractError(f"插件 {entry.provider} 没有提供「{key}」（{entry.holds}），插件 {reader} 无法继续。")
