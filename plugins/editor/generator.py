"""EditorGenerator: the web editor's files at EDITOR_URL, in preview builds only.

- `index.html`: a bar with the preview's state (the build report's status.json, read every few
  seconds, with a link to the report), then Decap CMS;
- `config.yml`: made from the models and the settings (config.py);
- `editor.js` and `editor.css` (admin/): the file formats the build reads, and the bar;
- `decap-cms/`: Decap CMS as the npm package built it (vendor/decap-cms/, with its licences).

A publish build plans nothing here, so none of it can be published.
"""

import html
import io
import json
import posixpath
from pathlib import Path

from ruamel.yaml import YAML

from datafile.problems import Problem
from framework.generator import FeatureGenerator
from framework.settings import DRY_RUN

from . import config

HERE = Path(__file__).resolve().parent
ADMIN = HERE / "admin"
VENDOR = HERE / "vendor" / "decap-cms"
# What of the npm package's dist/ the browser may load: the script, the chunks it loads from
# beside itself, its WebAssembly; and the licences and the package's own description.
VENDOR_FILES = ("*.js", "*.wasm", "*.txt", "LICENSE", "package.json")

CONFIG_HEADER = """\
# 网站内容编辑器（Decap CMS）的设置。
# 每次预览构建时由 plugins/editor 按常见问题等内容的模型（plugins/faq/schema.py）和网站设置重新生成，
# 不要手改：改了也会被下一次构建覆盖。
"""


def vendored_files():
    """{name: path} of the Decap files served beside the editor."""
    return {path.name: path for pattern in VENDOR_FILES for path in sorted(VENDOR.glob(pattern))}


def dump_yaml(data):
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


class EditorGenerator(FeatureGenerator):
    made_from = ()

    def generate_context(self):
        super().generate_context()
        if self.settings["PUBLISH"]:
            return  # the editor is part of preview builds only
        url = self.url("EDITOR")
        folder = posixpath.dirname(self.save_as("EDITOR"))
        root = config.relative_url("", url)
        try:
            settings = config.config(self.settings, site_url=root)
        except config.UnknownField as error:
            self.stop_on([Problem("plugins/editor/config.py", 0,
                                  f"网页编辑器不知道字段 {error} 该用什么输入框，请在 plugins/editor/config.py 的 _field() 里加上")])
        # Through JSON: the repeated parts are written out, not as YAML aliases.
        self.add_file(f"{folder}/config.yml", CONFIG_HEADER + dump_yaml(json.loads(json.dumps(settings))))
        self.add_file(self.save_as("EDITOR"), self.page(url, root))
        for name in ("editor.js", "editor.css"):
            self.add_file(f"{folder}/{name}", (ADMIN / name).read_text(encoding="utf-8"))
        if not self.settings.get(DRY_RUN):
            for name, path in vendored_files().items():
                self.add_file(f"{folder}/decap-cms/{name}", path.read_bytes())

    def page(self, url, root):
        report = self.settings["BUILD_REPORT_URL"]
        status = config.relative_url(report + "status.json", url)
        attribute = lambda value: html.escape(value, quote=True)  # noqa: E731
        formats = json.dumps(config.formats(), ensure_ascii=False, separators=(",", ":"))
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>编辑网站内容 - {html.escape(self.settings["SITENAME"])}</title>
<link rel="stylesheet" href="editor.css">
</head>
<body>
<div class="editor-bar" id="editor-bar" data-status="{attribute(status)}" data-backend="{attribute(self.settings["EDITOR_BACKEND_URL"])}">
<span class="editor-bar__name">编辑网站内容</span>
<a class="editor-bar__status" id="editor-status" href="{attribute(config.relative_url(report, url))}" target="_blank" rel="noopener">网站预览状态：正在检查……</a>
<a class="editor-bar__site" href="{attribute(root)}" target="_blank" rel="noopener">打开网站预览</a>
</div>
<noscript><p class="editor-noscript">编辑器要用 JavaScript。请用新版的 Chrome、Edge、Firefox 或 360 浏览器（极速模式）打开这一页。</p></noscript>
<script src="decap-cms/decap-cms.js"></script>
<script src="editor.js" data-formats="{attribute(formats)}"></script>
</body>
</html>
"""
