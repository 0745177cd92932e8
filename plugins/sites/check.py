"""The sites part of `make check`: validate sites.yaml, places.yaml and geocoded.yaml."""

from pathlib import Path

from datafile.problems import DataError

from . import settings as plugin_settings
from .load import load_sites


def check(config):
    """(problems, warnings, summary) for the data files named in `config`."""
    try:
        plugin_settings.read(config)
        data = load_sites(config["SITES_FILE"], **plugin_settings.data_files(config))
    except DataError as error:
        return error.problems, [], ""
    villages = sum(map(len, data.villages.values()))
    return [], [], (f"{Path(config['SITES_FILE']).name}：{len(data.county.townships)} 个乡镇，"
                    f"{len(data.sites)} 个接种点，{villages} 个村，{len(data.schools)} 所学校")
