"""SearchGenerator: the search page, which the header's search box submits to."""

from pelican.generators import Generator

from . import DEFAULTS
from .index import MERGED, PRIMARY, PRIMARY_NAME


class SearchGenerator(Generator):
    def generate_context(self):
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)
        sections = self.settings["SEARCH_SECTIONS"]
        if not (isinstance(sections, dict) and sections and all(_valid(v) for v in sections.values())):
            raise SystemExit('pelicanconf.py 里的 SEARCH_SECTIONS 要写成 {"名称": {"pages": ["faq/*"], "weight": 1.0}, ...}：'
                             "名称是搜索索引的文件夹，pages 是要收进这个索引的页面路径，weight 是它的结果排序时的权重（大于 0）。")
        limit = self.settings["SEARCH_BUNDLE_PAGES"]
        if not (isinstance(limit, int) and not isinstance(limit, bool) and limit > 0):
            raise SystemExit(f"pelicanconf.py 里的 SEARCH_BUNDLE_PAGES 应是一个正整数（每个搜索索引最多收多少个页面，如 10000），"
                             f"现在是 {limit!r}。")
        self.context["SEARCH_PAGE_URL"] = self.settings["SEARCH_URL"]

    def generate_output(self, writer):
        url = self.settings["SEARCH_URL"]
        writer.write_file(self.settings["SEARCH_SAVE_AS"], self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url, current_url=url,
                          page_name="search", search_primary=PRIMARY, search_primary_name=PRIMARY_NAME,
                          search_merged=MERGED)


def _valid(section):
    return (isinstance(section, dict) and set(section) == {"pages", "weight"}
            and isinstance(section["pages"], (list, tuple)) and all(isinstance(p, str) for p in section["pages"])
            and isinstance(section["weight"], (int, float)) and section["weight"] > 0)
