"""The school letters' part of `make check`: the templates in SCHOOLS_DIR."""

from county.cache import load as load_county
from datafile.problems import DataError

from .letter import templates


def check(settings):
    try:
        school_ids = [school.id for school in load_county(settings).schools]
    except DataError:
        return [], [], ""  # the county data check reports those
    if not school_ids:
        return [], [], ""
    try:
        chosen, warnings = templates(settings["SCHOOLS_DIR"], school_ids)
    except DataError as error:
        return error.problems, [], ""
    return [], warnings, f"告家长书模板 {len(set(chosen.values()))} 个"
