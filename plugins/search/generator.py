"""SearchGenerator: the search page, which the header's search box submits to."""

from framework.generator import FeatureGenerator

from .index import MERGED, PRIMARY, PRIMARY_NAME


class SearchGenerator(FeatureGenerator):
    provides = ("search_page_url",)
    needs = ("all_sites_url",)  # without JavaScript, the search page links to the list of all sites
    made_from = ()

    def generate_context(self):
        super().generate_context()
        url = self.settings["SEARCH_URL"]
        self.provide(search_page_url=url)
        self.add_page(self.settings["SEARCH_SAVE_AS"], "search", url, "搜索页", page_name="search", reads=[("faq", "index_url"), ("nearest", "find_url")],
                      search_primary=PRIMARY, search_primary_name=PRIMARY_NAME, search_merged=MERGED)
