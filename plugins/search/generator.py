"""SearchGenerator: the search page, which the header's search box submits to."""

from pelican.generators import Generator

from . import DEFAULTS


class SearchGenerator(Generator):
    def generate_context(self):
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)
        self.context["SEARCH_PAGE_URL"] = self.settings["SEARCH_URL"]

    def generate_output(self, writer):
        url = self.settings["SEARCH_URL"]
        writer.write_file(self.settings["SEARCH_SAVE_AS"], self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url, current_url=url,
                          page_name="search")
