"""NearestGenerator: the nearest open sites to every village, the 按村查找 page, the finder's data."""

from county.cache import load as load_county
from county.load import data_paths
from county.nearest import nearest_to_villages
from datafile.cache import Store
from datafile.fields import write_files
from framework.generator import FeatureGenerator

from . import finder_data


def village_anchor(village):
    return f"village-{village.id}"


class NearestGenerator(FeatureGenerator):
    provides = ("nearest",)
    needs = ("townships",)  # the 按村查找 page lists the townships

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with self.stop_on_bad_input():
            self.data = load_county(self.settings)

    def generate_context(self):
        super().generate_context()
        data, settings = self.data, self.settings
        count = settings["NEAREST_COUNT"]
        hits = nearest_to_villages(data, count, Store(settings, "nearest"))
        villages = {
            township.name: [{
                "village": village,
                "anchor": village_anchor(village),
                "estimated": village.location is None,
                "hits": found,
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

    def data_inputs(self):
        """What this generator's pages are made from (see the incremental plugin)."""
        return data_paths(self.settings)

    def generate_output(self, writer):
        settings = self.settings

        def township_url(township):
            return self.url("TOWNSHIP", id=township.id)

        write_files(self.output_path, finder_data.build(self.data, settings["FINDER_CELL_DEGREES"],
                                                        settings["SITE_URL"], township_url, village_anchor))
        self.write_page(writer, settings["FIND_SAVE_AS"], "find", settings["FIND_URL"], page_name="find")
