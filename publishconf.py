"""Settings for the published site: pelicanconf.py plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# The public address, e.g. https://ym.tongwei.gov.cn ; set PUBLISH_SITEURL when publishing.
SITEURL = os.environ.get("PUBLISH_SITEURL", "")
RELATIVE_URLS = not SITEURL
# A publish build: schools' QR codes and share cards need SITEURL, and the build warns without it.
PUBLISH = True
