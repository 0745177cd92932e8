"""PublishGenerator: open data, robots.txt, manifest.webmanifest, sw.js and 404.html."""

import json
from pathlib import Path

from county.cache import load as load_county
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator

from . import opendata

# What the service worker shows for a page that was never saved, opened with no signal.
OFFLINE_PAGE = "offline.html"
SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"


def web_manifest(settings):
    """The web app manifest every page links to (a region's pages too: plugins/region)."""
    return json.dumps({
        "name": settings["SITENAME"], "short_name": settings["MANIFEST_SHORT_NAME"], "lang": "zh-CN",
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#0b4ea2",
        "icons": [{"src": f"theme/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                  for size in (192, 512)],
    }, ensure_ascii=False, indent=1)


class PublishGenerator(FeatureGenerator):
    # The service worker stores the CSS and scripts every page loads; the 404 page links to all sites.
    needs = ("bundles", "all_sites_url")
    made_from = COUNTY_FILES  # the open data
    data_loader = staticmethod(load_county)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data, settings = self.data, self.settings
        # Made from the model alone, on the other core while every generator makes its context
        # (this one's comes last).
        self.add_files_soon(lambda: opendata.files(data, settings["SITE_URL"], settings["OPEN_DATA_LICENCE"],
                                                   settings["OPEN_DATA_SOURCE"]))

    def generate_context(self):
        super().generate_context()
        settings = self.settings
        siteurl = settings.get("SITEURL") or ""
        self.add_file("robots.txt", "User-agent: *\nAllow: /\n" + (f"Sitemap: {siteurl}/sitemap.xml\n" if siteurl else ""))
        self.add_file(MANIFEST, web_manifest(settings))
        bundles = self.need("bundles")
        precache = settings["OFFLINE_PAGES"] + [bundles["css"], bundles["js"], bundles["head_js"], "data/sites.json"]
        worker = (Path(__file__).parent / "sw.js").read_text(encoding="utf-8")
        # Its version is stamped after the build, from what the build wrote (postprocess.py).
        self.add_file(SERVICE_WORKER, worker.replace("__PRECACHE__", json.dumps(precache))
                      .replace("__OFFLINE_PAGE__", json.dumps(OFFLINE_PAGE)))
        # These two are served in place of any address, so their links are absolute (from the site root).
        self.add_page("404.html", "404", "404.html", "找不到页面（404）", relative_urls=False, page_name="404",
                      reads=[("faq", "index_url"), ("nearest", "find_url")])
        self.add_page(OFFLINE_PAGE, "offline", OFFLINE_PAGE, "没有保存的页面", relative_urls=False, page_name="offline", reads=[],
                      saved_pages=settings["OFFLINE_PAGES"])

