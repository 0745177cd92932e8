"""sites: read sites.yaml, validate it, and write the pages residents use to find a site."""

from pelican import signals


def get_generators(pelican):
    from .generator import SitesGenerator
    return SitesGenerator


def add_filters(generator):
    # Every generator renders base.html, which formats the correction phone.
    from .render import FILTERS
    generator.env.filters.update(FILTERS)


def register():
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
