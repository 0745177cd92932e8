"""The progress part of `make check`."""

from county.cache import load as load_county
from datafile.problems import DataError

from .load import read_folder


def check(settings):
    try:
        townships = [t.name for t in load_county(settings).county.townships]
    except DataError:
        return [], [], ""  # the county data check reports those
    reports, problems, warnings = read_folder(settings, townships)
    days = len({r.date for r in reports})
    return problems, warnings, f"日通报 {days} 天" if reports else ""
