"""sites: the pages residents use to find a site: home, townships, sites, the list of all sites.

The data comes from the county library (plugins/county); this plugin owns the pages and their
template filters (filters.py).
"""

from pelican import signals


def get_generators(pelican):
    from .generator import SitesGenerator
    return SitesGenerator


def register():
    signals.get_generators.connect(get_generators)
