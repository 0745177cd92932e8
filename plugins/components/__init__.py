"""components: theme parts that each keep their macro, CSS and JS in one folder.

theme/components/<name>/ holds <name>.html (Jinja macros), <name>.css and
<name>.js. This plugin puts the folder on the template path and bundles all CSS
into one file and all JS into another, so a page costs two small requests.
"""

from pelican import signals


def add_template_path(pelican):
    from .bundle import components_dir
    overrides = list(pelican.settings.get("THEME_TEMPLATES_OVERRIDES", []))
    path = str(components_dir(pelican.settings))
    if path not in overrides:
        pelican.settings["THEME_TEMPLATES_OVERRIDES"] = overrides + [path]


def get_generators(pelican):
    from .bundle import BundleGenerator
    return BundleGenerator


def register():
    signals.initialized.connect(add_template_path)
    signals.get_generators.connect(get_generators)
