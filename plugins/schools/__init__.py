"""schools: a 小手拉大手 letter for every school, to share in the class WeChat group and to print."""

from pelican import signals


def get_generators(pelican):
    from .generator import SchoolsGenerator
    return SchoolsGenerator


def register():
    signals.get_generators.connect(get_generators)
