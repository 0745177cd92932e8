"""The settings a county's shard is built with: the county's own, and what the region decides."""

import sys
from pathlib import Path

from pelican.settings import read_settings

from framework.defaults import DEFAULT_CONFIG

# Settings of ours that say how to build, not what the county is, and the region's own: the region
# decides them.
BUILD_MODE = {"PUBLISH", "PUBLISH_RELATIVE_ONLY", "DEVSERVER", "SEARCH_INDEX", "PARALLEL_PAGES"}
COUNTY_SETTINGS = ({setting.name for setting in DEFAULT_CONFIG if setting.group != "region"} - BUILD_MODE) \
    | {"SITENAME", "PATH", "TIMEZONE"}


def county_settings(county):
    """The settings the county's own pelicanconf.py gives, of those that are the county's."""
    saved_path = list(sys.path)
    try:
        settings = read_settings(str(county.settings_file))
    finally:
        sys.path[:] = saved_path  # its plugins folder must not shadow the region's
    return {name: value for name, value in settings.items() if name in COUNTY_SETTINGS}


def shard_settings(region, county, cache_root):
    settings = county_settings(county)
    settings.update(CACHE_PATH=str(Path(cache_root) / county.id))
    if region.url:
        settings.update(SITEURL=f"{region.url}/{county.id}", RELATIVE_URLS=False, PUBLISH_RELATIVE_ONLY=False)
    else:
        settings.update(SITEURL="", RELATIVE_URLS=True, PUBLISH_RELATIVE_ONLY=True)
    return settings
