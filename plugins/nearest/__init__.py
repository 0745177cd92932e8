"""nearest: the nearest open sites to each village at build time, and the finder in the browser."""

from pelican import signals


def get_generators(pelican):
    from .generator import NearestGenerator
    return NearestGenerator


def register():
    signals.get_generators.connect(get_generators)
