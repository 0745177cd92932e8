"""MapsGenerator: marker files, a script per map, and the county map page.

It reads the county model from the county library, and gives the templates a `maps` entry for
every map they may show.
"""

import json
import pickle
from dataclasses import dataclass

from county.cache import load as load_county
from datafile.assets import asset_name
from datafile.cache import Store, code_digest, digest
from datafile.fingerprint import source_of
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator

from . import leaflet
from .markers import marker_file, navigation_file, site_parts
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
                parts = kept.parts(sites)
                offsets = navigation_file(parts)
                return offsets, marker_file(parts, provider.datum, settings["SITE_URL"], settings["NAVIGATION_SOURCE"],
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
    from: datafile.fingerprint.mark_source) and its path, in an entry named by the datum, the
    settings the files show and our code. A file with a site that has no such digest (a build
    without a cache) is made every time.

    What a file holds of each site (markers.site_parts) is kept too, by the site's digest: the
    county's file, which any site change makes again, is then put together from the parts of
    3,350 sites kept and one made (0.7 s of a province's preview, to convert every site's point
    to the map's datum and to each navigation app's).

    All of it is one entry, read once: as 1,400 files, reading them took 0.4 s."""

    def __init__(self, settings, datum):
        self.store = Store(settings, "map-markers")
        self.datum = datum
        self.key = digest(code_digest(), datum, settings["PUBLISH"], settings["SITE_URL"],
                          json.dumps(settings["NAVIGATION_SOURCE"], sort_keys=True, ensure_ascii=False))
        kept = self.store.get(self.key, ".pickle")
        kept = pickle.loads(kept) if kept else {"files": {}, "parts": {}}
        self.kept_files, self.kept_parts = kept["files"], kept["parts"]
        self.files = {}    # {file key: (offsets, markers)} of this build's files
        self.parts_made = {}  # {site digest: site_parts()} made in this build
        self.sources = set()  # the digests of the sites this build's files show

    def get(self, path, sites, make):
        """(navigation offsets' text, marker file's text) for the file at path showing sites;
        make() makes them when they are not kept."""
        sources = [source_of(site) for site in sites]
        if None in sources:
            return make()
        self.sources.update(sources)
        key = digest(path, *sources)
        found = self.kept_files.get(key)
        if found is None:
            found = make()
        self.files[key] = found
        return found

    def parts(self, sites):
        """[site_parts()] of the sites, kept ones taken from the cache."""
        found = []
        for site in sites:
            source = source_of(site)
            parts = (self.parts_made.get(source) or self.kept_parts.get(source)) if source else None
            if parts is None:
                parts = site_parts(site, self.datum)
                if source:
                    self.parts_made[source] = parts
            found.append(parts)
        return found

    def done(self):
        """Keep this build's files and its sites' parts, when they are not what is kept (written by
        a forked child while the build goes on)."""
        if self.files and self.files.keys() != self.kept_files.keys():  # none: a build without digests
            parts = {source: self.parts_made.get(source) or self.kept_parts.get(source) for source in self.sources}
            made = {"files": self.files, "parts": {source: found for source, found in parts.items() if found}}
            self.store.put_all_soon(".pickle", lambda: {self.key: pickle.dumps(made, pickle.HIGHEST_PROTOCOL)})
        # A preview's entry and a publish build's differ (PUBLISH, SITE_URL): both stay, for a week.
        self.store.prune({self.key})
