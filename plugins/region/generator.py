"""RegionGenerator: the pages and files of a region that span its counties (regionconf.py).

The counties' own sites are its shards, built one by one (region/shard.py); this generator reads
only what they published (region/merge.py) and writes:
- the region's home page: the finder over every county's sites, and the index of counties (a
  region never has a page that lists all its sites: each county's list is on its own site);
- the search page, searching every county's index together (up to REGION_SEARCH_COUNTIES);
- the map page, its markers loaded by area (region/map.py);
- finder/, data/, sitemap.xml and the web app manifest (publish's) for the region.
"""

import json
from pathlib import Path

from datafile.problems import DataError, Problem
from framework.generator import FeatureGenerator
from publish.generator import MANIFEST, web_manifest

from . import config, merge
from . import map as region_map


def shards_of(region, shards_folder):
    """[(County, folder of its last good build)] of the counties that have one, and [County] of
    those that never built."""
    built, missing = [], []
    for county in region.counties:
        folder = Path(shards_folder) / county.id
        if (folder / "index.html").is_file():
            built.append((county, folder.resolve()))
        else:
            missing.append(county)
    return built, missing


def status_of(shards_folder, county):
    """The shard's last build as region/shard.py recorded it ({"ok", "finished", "seconds"}), or None."""
    path = Path(shards_folder) / f"{county.id}.status.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


class RegionGenerator(FeatureGenerator):
    needs = ("bundles",)
    made_from = ("REGION_FILE", "REGION_SHARDS")

    def generate_context(self):
        super().generate_context()
        settings = self.settings
        with self.stop_on_bad_input():
            if not settings["REGION_FILE"]:
                raise DataError([Problem("regionconf.py", 0, "没有设置 REGION_FILE：全市网站要用 make region 构建")])
            region = config.load(settings["REGION_FILE"])
            shards, missing = shards_of(region, settings["REGION_SHARDS"])
            if not shards:
                raise DataError([Problem(region.path.name, 0, "还没有一个县构建成功，全市网站没有可合并的内容。"
                                                              "请先看各县构建时列出的错误")])
        finder_files, vaccines = merge.finder(region.name, shards, settings["FINDER_CELL_DEGREES"])
        data_files, counties = merge.open_data(region.name, settings["SITES_TODAY"].isoformat(), shards)
        box = json.loads(finder_files["finder/index.json"])["bounds"]
        the_map = region_map.page_map(settings, self.add_file, ((box["south"] + box["north"]) / 2,
                                                                (box["west"] + box["east"]) / 2))
        files = {**finder_files, **data_files, **merge.sitemap_index(settings.get("SITEURL") or "", shards),
                 **region_map.marker_files(finder_files, shards, counties, the_map["datum"], settings["REGION_MAP_CELLS"],
                                          settings["NAVIGATION_SOURCE"])}
        files[MANIFEST] = web_manifest(settings)
        for path, text in files.items():
            self.add_file(path, text)
        # As a county's pages say so, the region's say which counties show sample data.
        samples = [county["name"] for county in counties if county["sample"]]
        sample_note = f"{'、'.join(samples)}的接种点是演示用的示例数据，不是真实的接种安排。" if samples else ""
        unavailable = [{"id": county.id, "name": county.name} for county in missing]
        bundles = merge.search_bundles(shards, settings["REGION_SEARCH_COUNTIES"])
        self.add_page("index.html", "region_home", "", "全市首页", region=region.name, counties=counties,
                      unavailable=unavailable, finder_results=settings["FINDER_RESULTS"], vaccines=vaccines,
                      sample_note=sample_note, reads=[])
        self.add_page("map/index.html", "region_map", "map/", "全市地图页", region=region.name, counties=counties,
                      region_map=the_map, sample_note=sample_note, reads=[])
        self.add_page("search/index.html", "region_search", "search/", "全市搜索页", region=region.name,
                      counties=counties, search_bundles=bundles, sample_note=sample_note, reads=[])
