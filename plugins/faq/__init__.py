"""faq: myth-busting questions and answers that the propaganda office writes in Markdown."""

from pelican import signals


def get_generators(pelican):
    from .generator import FaqGenerator
    return FaqGenerator


def register():
    signals.get_generators.connect(get_generators)
