"""The county data part of `make check`: sites.yaml, places.yaml, schools.yaml and geocoded.yaml."""

from pathlib import Path

from datafile.problems import DataError

from .cache import load


def check(settings):
    """(problems, warnings, summary) for the data files named in `settings`. The model comes
    through county.cache, which keeps only a model that passed validation: mistakes are always
    found afresh, and in a build (a preview's report checks too) the files are read once."""
    try:
        data = load(settings)
    except DataError as error:
        return error.problems, [], ""
    villages = sum(map(len, data.villages.values()))
    return [], [], (f"{Path(settings['SITES_FILE']).name}：{len(data.county.townships)} 个乡镇，"
                    f"{len(data.sites)} 个接种点，{villages} 个村，{len(data.schools)} 所学校")
