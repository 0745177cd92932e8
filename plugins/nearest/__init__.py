"""nearest: the nearest open sites to each village (the 按村查找 page and the village tables),
and the data of the finder in the browser. The nearest-site index itself is the county library's."""

from pelican import signals


def get_generators(pelican):
    from .generator import NearestGenerator
    return NearestGenerator


def register():
    signals.get_generators.connect(get_generators)
