"""Concatenate every component's CSS and JS into theme/site.css and theme/site.js."""

from pathlib import Path

from datafile.assets import asset_name
from framework.generator import FeatureGenerator

# <name>.head.js runs in <head> before the page is drawn (keep it tiny); <name>.js is deferred.
# suffix -> (the bundle's name in the `bundles` context entry, its file)
BUNDLES = {".css": ("css", "theme/site.css"), ".js": ("js", "theme/site.js"), ".head.js": ("head_js", "theme/head.js")}
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


class BundleGenerator(FeatureGenerator):
    provides = ("bundles",)
    made_from = ()  # the theme, in every key already

    def generate_context(self):
        super().generate_context()
        root = components_dir(self.settings)
        names = {}
        for suffix, (entry, target) in BUNDLES.items():
            text = bundle(root, suffix)
            names[entry] = asset_name(self.settings, target, text)
            self.add_file(names[entry], text)
        self.provide(bundles=names)
