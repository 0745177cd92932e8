"""NearestGenerator: the nearest open sites to every village, the 按村查找 pages, the finder's data."""

from pelican.generators import Generator

from datafile.fields import write_files

from . import finder_data
from .nearest import SiteIndex

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
        index = SiteIndex([s for s in data.sites if s.status.state == "open"])
        k = settings["NEAREST_COUNT"]

        villages = {}
        for township in data.county.townships:
            rows = []
            for village in data.villages[township.name]:
                lat, lon = data.village_location(township.name, village)
                rows.append({
                    "village": village,
                    "anchor": village_anchor(village),
                    "estimated": village.location is None,
                    "hits": index.nearest(lat, lon, k),
                })
            villages[township.name] = rows
        self.context["nearest"] = {
            "index": index,          # for other plugins: index.nearest(lat, lon, k)
            "villages": villages,
            "count": k,
            "find_url": settings["FIND_URL"],
            "results": settings["FINDER_RESULTS"],
            "vaccines": sorted({v.name for s in data.sites for v in s.vaccines}),
        }

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
