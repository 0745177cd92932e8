"""NearestGenerator: the nearest open sites to every village, the 按村查找 page, the finder's data."""

from county.cache import load as load_county
from county import neighbours
from county.nearest import nearest_to_villages
from datafile.cache import Store
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator

from . import finder_data


def village_anchor(village):
    return f"village-{village.id}"


class NearestGenerator(FeatureGenerator):
    provides = ("nearest",)
    needs = ("townships",)  # the 按村查找 page lists the townships
    made_from = (*COUNTY_FILES, "REGION_NEIGHBOURS")
    data_loader = staticmethod(load_county)


    def generate_context(self):
        super().generate_context()
        data, settings = self.data, self.settings

        def finder_files():
            initials = finder_data.KnownInitials(Store(settings, "pinyin"))
            files = finder_data.build(data, settings["FINDER_CELL_DEGREES"], settings["SITE_URL"],
                                      lambda township: self.url("TOWNSHIP", id=township.id), village_anchor,
                                      settings["FINDER_VISIT_KM"], settings["FINDER_VISIT_DAYS"], initials,
                                      settings["NAVIGATION_SOURCE"])
            initials.save()
            return files

        # Made from the model alone, beside the nearest sites the pages show (on the other core).
        self.add_files_soon(finder_files)
        count = settings["NEAREST_COUNT"]
        # In a region, villages near a border also list the neighbouring counties' open sites.
        others = neighbours.open_sites(settings["REGION_NEIGHBOURS"])
        hits = nearest_to_villages(data, count, Store(settings, "nearest"), others)
        villages = {
            township.name: [{
                "village": village,
                "anchor": village_anchor(village),
                "estimated": village.location is None,
                "hits": found,
                # 流动接种 to this village from the build date on (the page hides the ones that pass).
                "visits": [stop for stop in data.visits_by_village.get((township.name, village.id), [])
                           if stop.date >= data.today],
            } for village, found in zip(data.villages[township.name], hits[township.name])]
            for township in data.county.townships
        }
        self.provide(nearest={
            "villages": villages,
            "count": count,
            "find_url": settings["FIND_URL"],
            "results": settings["FINDER_RESULTS"],
            "vaccines": data.vaccine_names,
        })
        self.add_page(settings["FIND_SAVE_AS"], "find", settings["FIND_URL"], "按村查找页", page_name="find",
                      village_counts={name: len(rows) for name, rows in villages.items()},
                      reads=[("nearest", "results"), ("nearest", "vaccines"), ("faq", "after_shot"),
                             *(("townships", name, "url") for name in villages)])

