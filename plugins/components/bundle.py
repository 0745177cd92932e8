"""Concatenate every component's CSS and JS into theme/site.css and theme/site.js."""

import os
from pathlib import Path

from pelican.generators import Generator

# <name>.head.js runs in <head> before the page is drawn (keep it tiny); <name>.js is deferred.
BUNDLES = {".css": "theme/site.css", ".js": "theme/site.js", ".head.js": "theme/head.js"}
# Base styles come first so components can build on them.
FIRST = "base"


def components_dir(settings):
    return Path(settings["THEME"]) / "components"


def ordered_components(root):
    names = sorted(p.name for p in root.iterdir() if p.is_dir())
    return ([FIRST] if FIRST in names else []) + [n for n in names if n != FIRST]


def bundle(root, suffix):
    parts = []
    for name in ordered_components(root):
        path = root / name / f"{name}{suffix}"
        if path.exists():
            parts.append(f"/* {name} */\n{path.read_text(encoding='utf-8').strip()}\n")
    return "\n".join(parts)


class BundleGenerator(Generator):
    def generate_context(self):
        self.context["CSS_BUNDLE"] = BUNDLES[".css"]
        self.context["JS_BUNDLE"] = BUNDLES[".js"]
        self.context["HEAD_JS_BUNDLE"] = BUNDLES[".head.js"]

    def generate_output(self, writer):
        root = components_dir(self.settings)
        for suffix, target in BUNDLES.items():
            path = Path(self.output_path) / target
            os.makedirs(path.parent, exist_ok=True)
            path.write_text(bundle(root, suffix), encoding="utf-8")
