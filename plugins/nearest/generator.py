"""NearestGenerator: the nearest open sites to every village, the 按村查找 pages, the finder's data."""

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pelican.generators import Generator

from datafile.cache import Store, digest
from datafile.fields import write_files
from sites.settings import data_paths

from . import finder_data
from .nearest import Hit, SiteIndex

CODE = Path(__file__).with_name("nearest.py")
# Below this many villages, starting worker processes costs more than it saves.
FEW_VILLAGES = 2000

DEFAULTS = {
    "NEAREST_COUNT": 3,           # sites listed for each village
    "FINDER_RESULTS": 5,          # sites the finder shows
    "FINDER_CELL_DEGREES": 0.5,   # size of the grid cells the finder's data is split into
    "FIND_URL": "find/",
    "FIND_SAVE_AS": "find/index.html",
}


def village_anchor(village):
    return f"village-{village.id}"


class NearestGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)

    def generate_context(self):
        data = self.context["sites_data"]
        settings = self.settings
        open_sites = [s for s in data.sites if s.status.state == "open"]
        index = SiteIndex(open_sites)
        k = settings["NEAREST_COUNT"]

        villages = {}
        hits = self._all_hits(data, open_sites, index, k)
        for township in data.county.townships:
            villages[township.name] = [{
                "village": village,
                "anchor": village_anchor(village),
                "estimated": village.location is None,
                "hits": found,
            } for village, found in zip(data.villages[township.name], hits[township.name])]
        self.context["nearest"] = {
            "index": index,          # for other plugins: index.nearest(lat, lon, k)
            "villages": villages,
            "count": k,
            "find_url": settings["FIND_URL"],
            "results": settings["FINDER_RESULTS"],
            "vaccines": sorted({v.name for s in data.sites for v in s.vaccines}),
        }

    def data_inputs(self):
        """What this generator's pages are made from (see the incremental plugin)."""
        return data_paths(self.settings)

    def generate_output(self, writer):
        settings = self.settings

        def township_url(township):
            return settings["TOWNSHIP_URL"].format(id=township.id)

        write_files(self.output_path, finder_data.build(self.context["sites_data"], settings["FINDER_CELL_DEGREES"],
                                                        settings["SITE_URL"], township_url, village_anchor))
        writer.write_file(
            self.settings["FIND_SAVE_AS"], self.get_template("find"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], url=self.settings["FIND_URL"],
            page_name="find", current_url=self.settings["FIND_URL"],
        )

    def _all_hits(self, data, open_sites, index, k):
        """{township: [hits for each village]}: kept between builds while the sites and villages stay put."""
        points = {t.name: [data.village_location(t.name, v) for v in data.villages[t.name]] for t in data.county.townships}
        sites = {site.id: site for site in open_sites}
        key = digest(CODE.read_bytes(), k, repr(sorted((i, s.location.wgs84) for i, s in sites.items())), repr(points))
        store = Store(self.settings, "nearest")
        cached = store.get(key, ".pickle")
        if cached is not None:
            plain = pickle.loads(cached)
        else:
            plain = _nearest_everywhere(index, points, k)
            store.put(key, ".pickle", pickle.dumps(plain, pickle.HIGHEST_PROTOCOL))
            store.prune({key}, max_age_days=0)
        return {name: [[Hit(sites[i], km, bearing) for i, km, bearing in found] for found in rows]
                for name, rows in plain.items()}


def _nearest_everywhere(index, points, k):
    """{township: [[(site id, km, bearing)] for each village]}, on every core for a large area."""
    names = list(points)
    if sum(len(rows) for rows in points.values()) < FEW_VILLAGES:
        return {name: _nearest_rows(index, points[name], k) for name in names}
    global _FORKED
    _FORKED = index, k  # the workers are forked, so they see the index without pickling it
    workers = os.cpu_count() or 1
    chunks = [names[i::workers * 4] for i in range(workers * 4)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            found = pool.map(_forked_rows, [[points[name] for name in chunk] for chunk in chunks])
            result = {name: rows for chunk, chunk_rows in zip(chunks, found) for name, rows in zip(chunk, chunk_rows)}
    finally:
        _FORKED = None
    return {name: result[name] for name in names}


_FORKED = None


def _forked_rows(townships):
    index, k = _FORKED
    return [_nearest_rows(index, rows, k) for rows in townships]


def _nearest_rows(index, rows, k):
    return [[(h.site.id, h.km, h.bearing) for h in index.nearest(lat, lon, k)] for lat, lon in rows]
