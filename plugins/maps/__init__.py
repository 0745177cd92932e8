"""maps: folium/Leaflet maps of the sites, self-hosted, with tiles that work in mainland China.

Besides its generator, it offers the region's map (region/map.py) what a map needs, as public
functions: providers.provider (the tiles and their datum), providers.caption, leaflet.build (a map's setup script),
leaflet.vendor_files (Leaflet's files) and markers.FIELDS (a marker row's fields, map.js reads).
"""

from pelican import signals


def get_generators(pelican):
    from .generator import MapsGenerator
    return MapsGenerator


def register():
    signals.get_generators.connect(get_generators)
