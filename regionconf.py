"""Settings of a region's merge build (`make region`, plugins/region): this project's settings,
with only the plugins that make the region's own pages. region/publish.py sets REGION_FILE,
REGION_SHARDS, SITENAME and SITEURL from region.yaml."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

PLUGINS = ["framework", "components", "region"]
PUBLISH = True
SERVICE_WORKER = False  # each county's site has its own; the region's pages register none
PUBLISH_RELATIVE_ONLY = True  # region/publish.py sets SITEURL when region.yaml has the address
# Of the pages, only the display modes' help (every page's header links to it); the rest are a county's.
IGNORE_FILES = [".*", "about.md"]
MENUITEMS = [
    ("找接种点", ""),
    ("地图", "map/"),
    ("搜索", "search/"),
]
