"""`make check`: validate sites.yaml without building. Exit 1 with the report on errors.

    python -m plugins.sites.check [pelicanconf.py]
"""

import sys
from pathlib import Path

from pelican.settings import read_settings

from . import settings as plugin_settings
from .load import load_sites
from .problems import DataError


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    config = read_settings(argv[0] if argv else "pelicanconf.py")
    try:
        plugin_settings.read(config)
        data = load_sites(config["SITES_FILE"], **plugin_settings.data_files(config))
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{Path(config['SITES_FILE']).name} 检查通过：{len(data.county.townships)} 个乡镇，{len(data.sites)} 个接种点，{sum(map(len, data.villages.values()))} 个村。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
