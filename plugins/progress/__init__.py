"""progress: the public 日通报 board, doses by township from the daily CSV reports in progress/."""

from pelican import signals


def get_generators(pelican):
    from .generator import ProgressGenerator
    return ProgressGenerator


def register():
    signals.get_generators.connect(get_generators)
