"""nextdose: the page 下一针什么时候打, from the vaccine schedules in sites.yaml (`vaccines:`). The
schedules themselves are the county library's (county/schema/schedules.py); site pages show the
same tool for their own vaccines."""

from pelican import signals


def get_generators(pelican):
    from .generator import NextDoseGenerator
    return NextDoseGenerator


def register():
    signals.get_generators.connect(get_generators)
