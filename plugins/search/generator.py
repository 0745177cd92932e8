"""SearchGenerator: the search page, which the header's search box submits to."""

from framework.generator import FeatureGenerator

from .index import MERGED, PRIMARY, PRIMARY_NAME


class SearchGenerator(FeatureGenerator):
    provides = ("search_page_url",)
    needs = ("all_sites_url",)  # without JavaScript, the search page links to the list of all sites

    def generate_context(self):
        super().generate_context()
        self.provide(search_page_url=self.settings["SEARCH_URL"])

    def generate_output(self, writer):
        url = self.settings["SEARCH_URL"]
        self.write_page(writer, self.settings["SEARCH_SAVE_AS"], "search", url, page_name="search",
                        search_primary=PRIMARY, search_primary_name=PRIMARY_NAME, search_merged=MERGED)
