"""maps: folium/Leaflet maps of the sites, self-hosted, with tiles that work in mainland China."""

from pelican import signals


def get_generators(pelican):
    from .generator import MapsGenerator
    return MapsGenerator


def register():
    signals.get_generators.connect(get_generators)
