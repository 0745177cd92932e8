"""Settings for the published site: pelicanconf.py plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# The public address, e.g. https://ym.tongwei.gov.cn: `make publish PUBLISH_SITEURL=…`. Without it the
# build stops, unless PUBLISH_RELATIVE_ONLY=1 asks for a site without its address on purpose.
SITEURL = os.environ.get("PUBLISH_SITEURL", "")
PUBLISH_RELATIVE_ONLY = os.environ.get("PUBLISH_RELATIVE_ONLY", "") not in ("", "0")
RELATIVE_URLS = not SITEURL
PUBLISH = True

# Map tiles of the published site: 天地图 when its key is given (PUBLISH_TIANDITU_KEY), otherwise
# none, so that no resident's phone asks another host for anything. Choose another with
# PUBLISH_MAP_TILES=gaode (高德) or osm (slow in China).
TIANDITU_KEY = os.environ.get("PUBLISH_TIANDITU_KEY", globals().get("TIANDITU_KEY", ""))
MAP_TILES = os.environ.get("PUBLISH_MAP_TILES") or ("tianditu" if TIANDITU_KEY else "none")
