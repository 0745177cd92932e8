"""The county data part of `make check`: sites.yaml, places.yaml, schools.yaml and geocoded.yaml."""

from pathlib import Path

from datafile.problems import DataError

from .load import county_files, load_county


def check(settings):
    """(problems, warnings, summary) for the data files named in `settings`."""
    try:
        data = load_county(**county_files(settings))
    except DataError as error:
        return error.problems, [], ""
    villages = sum(map(len, data.villages.values()))
    return [], [], (f"{Path(settings['SITES_FILE']).name}：{len(data.county.townships)} 个乡镇，"
                    f"{len(data.sites)} 个接种点，{villages} 个村，{len(data.schools)} 所学校")
