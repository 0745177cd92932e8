"""PublishGenerator: open data, robots.txt, manifest.webmanifest, sw.js and 404.html."""

import hashlib
import json
from pathlib import Path
from pelican.generators import Generator

from datafile.fields import write_files
from sites.settings import data_paths

from . import opendata

DEFAULTS = {
    "OPEN_DATA_LICENCE": "知识共享 署名 4.0 国际许可协议（CC BY 4.0）：可自由使用、转载，请注明来源",
    "OPEN_DATA_SOURCE": "县卫生健康局、县疾病预防控制中心",
    "OFFLINE_PAGES": ["", "sites/", "find/", "faq/"],   # cached by the service worker on first visit
    "MANIFEST_SHORT_NAME": "接种点查询",
}


class PublishGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)
        self.files = {}

    def generate_context(self):
        data = self.context["sites_data"]
        settings = self.settings
        self.files = opendata.files(data, settings["SITE_URL"], settings["OPEN_DATA_LICENCE"],
                                    settings["OPEN_DATA_SOURCE"])
        siteurl = settings.get("SITEURL") or ""
        self.files["robots.txt"] = "User-agent: *\nAllow: /\n" + (f"Sitemap: {siteurl}/sitemap.xml\n" if siteurl else "")
        self.files["manifest.webmanifest"] = json.dumps({
            "name": settings["SITENAME"], "short_name": settings["MANIFEST_SHORT_NAME"], "lang": "zh-CN",
            "start_url": "./", "scope": "./", "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#0b4ea2",
            "icons": [{"src": f"theme/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                      for size in (192, 512)],
        }, ensure_ascii=False, indent=1)
        precache = settings["OFFLINE_PAGES"] + [
            self.context["CSS_BUNDLE"], self.context["JS_BUNDLE"], self.context["HEAD_JS_BUNDLE"], "data/sites.json"]
        worker = (Path(__file__).parent / "sw.js").read_text(encoding="utf-8")
        version = hashlib.sha256(json.dumps([data.today.isoformat(), len(data.sites), precache]).encode()).hexdigest()[:12]
        self.files["sw.js"] = (worker.replace("__PRECACHE__", json.dumps(precache))
                               .replace("__VERSION__", version).replace("__FALLBACK__", json.dumps("sites/")))

    def data_inputs(self):
        """What this generator's pages are made from (see the incremental plugin)."""
        return data_paths(self.settings)

    def generate_output(self, writer):
        write_files(self.output_path, self.files)
        # The 404 page is served at any address, so its links are absolute (from the site root).
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False,
                          url="404.html", page_name="404")
