"""NextDoseGenerator: the page 下一针什么时候打 (every product's schedule, the tool, the table)."""

from county.cache import load as load_county
from county.schema.schedules import browser_json
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator


class NextDoseGenerator(FeatureGenerator):
    made_from = COUNTY_FILES
    data_loader = staticmethod(load_county)

    def generate_context(self):
        super().generate_context()
        products = list(self.data.products.values())
        if not products:
            return  # no schedules in sites.yaml: no page, and site pages do not link to it
        self.add_page(self.save_as("NEXT_DOSE"), "next_dose", self.url("NEXT_DOSE"), "下一针页", page_name="next_dose",
                      products=products, schedules_json=browser_json(products), reads=[("faq", "after_shot")])
