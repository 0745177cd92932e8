"""MapsGenerator: marker files, a script per map, and the county map page.

It reads the county model from the county library, and gives the templates a `maps` entry for
every map they may show.
"""

import json
from dataclasses import dataclass

from county.cache import load as load_county
from datafile.assets import asset_name
from datafile.cache import Store, code_digest, digest
from datafile.fingerprint import source_of
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator

from . import leaflet
from .markers import marker_file, navigation_file
from .providers import caption, provider


@dataclass(frozen=True)
class MapSpec:
    element_id: str
    script: str        # path of the map's .js file, relative to the site root
    data: str          # path of its marker JSON
    cluster: bool
    size: str          # "large" or "small"
    label: str         # what a screen reader hears for the map region
    focus: str = ""    # the site a site-page map centres on


class MapsGenerator(FeatureGenerator):
    provides = ("maps",)
    needs = ("townships", "site_urls")  # the map page lists the sites by township
    made_from = COUNTY_FILES
    data_loader = staticmethod(load_county)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider(self.settings["MAP_TILES"], self.settings["TIANDITU_KEY"])

    def generate_context(self):
        super().generate_context()
        data = self.data
        settings, provider = self.settings, self.provider
        threshold = settings["MAP_CLUSTER_THRESHOLD"]

        # Three scripts serve every map: the county map, a township map and a site map. Which
        # markers a map shows (and which one it centres on) comes from its element's attributes,
        # so the browser caches one script for all 1,400 townships of a province.
        scripts = {}
        for kind, zoom in (("county", 10), ("township", 12), ("site", 14)):
            element_id, script = leaflet.build(settings, kind, data.county.bounds.centre, zoom, provider,
                                               threshold=threshold, approval=settings["MAP_APPROVAL_NUMBER"])
            scripts[kind] = (element_id, self._add(f"maps/{kind}.js", script))

        def spec(kind, data_path, count, label, size="large", focus=""):
            element_id, script_path = scripts[kind]
            return MapSpec(element_id, script_path, data_path, count > threshold, size, label, focus)

        kept = KeptMarkers(settings, provider.datum)

        def markers(path, sites):
            """The marker file at path (and its navigation offsets beside it); returns its address."""
            offsets_path = path.replace(".json", ".nav.json")

            def make():
                offsets = navigation_file(sites, provider.datum)
                return offsets, marker_file(sites, provider.datum, settings["SITE_URL"], settings["NAVIGATION_SOURCE"],
                                            asset_name(settings, offsets_path, offsets))
            offsets, text = kept.get(path, sites, make)
            self._add(offsets_path, offsets)
            return self._add(path, text)

        county_data = markers("maps/data/county.json", data.sites)
        county = spec("county", county_data, len(data.sites), f"{data.county.name}接种点地图")

        townships, sites = {}, {}
        for township in data.county.townships:
            members = data.by_township[township.name]
            path = markers(f"maps/data/townships/{township.id}.json", members)
            townships[township.name] = spec("township", path, len(members), f"{township.name}接种点地图")
            for site in members:
                sites[site.id] = spec("site", path, len(members), f"{site.name}位置地图", "small", site.id)
        kept.done()

        self.provide(maps={
            "county": county, "townships": townships, "sites": sites,
            "provider": provider, "page_url": settings["MAP_PAGE_URL"], "vendor": leaflet.vendor_files(settings, self.add_file),
            # What every map's caption says (theme/components/map/map.html).
            "caption": caption(provider, settings["MAP_APPROVAL_NUMBER"]),
        })
        self.add_page(settings["MAP_PAGE_SAVE_AS"], "map_page", settings["MAP_PAGE_URL"], "地图页", page_name="map",
                      reads=[("maps", "county"), ("maps", "caption"), ("maps", "vendor"), ("townships",), ("site_urls",)])

    def _add(self, path, text):
        """Plan a file; returns the name pages must use for it."""
        name = asset_name(self.settings, path, text)
        self.add_file(name, text)
        return name


class KeptMarkers:
    """Marker files kept between builds, by the sites they show: a province's 1,400 townships'
    files took a second to write again after one site changed, which changes one township's file
    and the county's.

    A file is kept under the digests of its sites (each the digest of the text it was validated
    from: datafile.fingerprint.mark_source), the datum, the settings the file shows and our code.
    A file with a site that has no such digest (a build without a cache) is made every time."""

    def __init__(self, settings, datum):
        self.store = Store(settings, "map-markers")
        self.base = digest(code_digest(), datum, settings["PUBLISH"], settings["SITE_URL"],
                           json.dumps(settings["NAVIGATION_SOURCE"], sort_keys=True, ensure_ascii=False))
        self.used = set()
        self.made = {}  # {key: (offsets, markers)} made in this build, kept once all are made

    def done(self):
        """Keep what this build made (written by a forked child while the build goes on) and let
        files no build asked for in a week go (datafile.cache.Store.prune)."""
        if self.made:
            made = self.made
            self.store.put_all_soon(".json", lambda: {key: json.dumps(texts, ensure_ascii=False).encode("utf-8")
                                                      for key, texts in made.items()})
        self.store.prune(self.used)

    def get(self, path, sites, make):
        """(navigation offsets' text, marker file's text) for the file at path showing sites;
        make() makes them when they are not kept."""
        sources = [source_of(site) for site in sites]
        if None in sources:
            return make()
        key = digest(self.base, path, *sources)
        self.used.add(key)
        kept = self.store.get(key, ".json")
        if kept is not None:
            return tuple(json.loads(kept))
        made = make()
        self.made[key] = made
        return made

