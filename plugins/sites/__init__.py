"""sites: read sites.yaml, validate it, and write the pages residents use to find a site."""

from pelican import signals


def get_generators(pelican):
    from .generator import SitesGenerator
    return SitesGenerator


def add_filters(generator):
    # Every generator renders base.html, which formats the correction phone.
    from .render import FILTERS
    generator.env.filters.update(FILTERS)


def watch_data_file(pelican):
    # Pelican's autoreload watches STATIC_PATHS; list sites.yaml there so that
    # `make devserver` rebuilds when it changes. Only for the devserver.
    settings = pelican.settings
    if settings.get("DEVSERVER"):
        from .settings import resolve_sites_file
        settings["STATIC_PATHS"] = [*settings.get("STATIC_PATHS", []), resolve_sites_file(settings),
                                    resolve_sites_file(settings, "PLACES_FILE")]


def register():
    signals.initialized.connect(watch_data_file)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
