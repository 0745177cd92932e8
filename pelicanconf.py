"""Settings for building the site locally. publishconf.py adds the published URL."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Our plugins share a small library (plugins/datafile), the county model (plugins/county) and
# the framework they are built on (plugins/framework); make them importable.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

SITENAME = "通渭县疫苗接种点查询"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"

PATH = str(ROOT / "content")
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = []
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"

PLUGIN_PATHS = [str(ROOT / "plugins")]
# The order matters. Pelican makes every generator's context in this order, so a plugin comes
# after those whose context entries it needs (plugins/framework/context.py lists them; a wrong
# order stops the build and says which plugin to move):
# - framework first: it fills in and checks every setting when Pelican starts;
# - components: the CSS and scripts every page loads (publish's service worker stores them);
# - buildreport: a preview's report of mistakes, and the notice every preview page loads for it;
# - sites: the county, the townships and the site addresses that maps', nearest's, schools',
#   progress' and search's pages link to;
# - outreach after nearest (a village's poster lists its nearest sites);
# - editor: the web editor of the Markdown content, in preview builds only (`make edit`);
# - publish after components and sites; incremental last (it decides once all generators exist).
PLUGINS = ["framework", "components", "buildreport", "sites", "maps", "nearest", "faq", "nextdose", "schools", "outreach",
           "progress", "search", "editor", "publish", "incremental"]

# Escape everything by default: text from data files must never become markup. Templates are not
# checked for changes on every use (each page imports a dozen macros: 90,000 checks for a
# province); every build, `make devserver`'s too, makes its template environments afresh.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}

# Our generators write the home page and the site pages; Pelican's blog parts are off.
DIRECT_TEMPLATES = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
# Derived files kept between builds (compressed copies, QR codes), so a rebuild redoes only what changed.
CACHE_PATH = str(ROOT / "cache")

# The fixed menu. Templates never loop over all pages (that is quadratic at scale).
MENUITEMS = [
    ("找接种点", ""),
    ("按村查找", "find/"),
    ("全部接种点", "sites/"),
    ("地图", "map/"),
    ("常见问题", "faq/"),
    ("小手拉大手", "schools/"),
    ("接种进度", "progress/"),
    ("关于本站", "about/"),
]

# Every plugin setting and its default: plugins/framework/defaults.py, and the README's table.
# Set here only what this county changes.

# The data files, next to this file (relative names would be relative to PATH's parent, which a
# settings file that moves PATH elsewhere would change).
SITES_FILE = str(ROOT / "sites.yaml")
PLACES_FILE = str(ROOT / "places.yaml")
SCHOOLS_FILE = str(ROOT / "schools.yaml")
PROGRESS_DIR = str(ROOT / "progress")
GEOCODE_CACHE = str(ROOT / "geocoded.yaml")

# Where residents report a wrong listing (phone, email and/or a form url). Required. Sample values.
CORRECTION_CONTACT = {
    "name": "县疾控中心免疫规划科（示例）",
    "phone": "0932-0000100",
}

# The county's practice (from its 2021 report): people aged 60 and over are followed up for 3
# days after their shot. The FAQ page "打完针以后" states it where it writes 【老人随访】.
FOLLOW_UP = {
    "ages": 60,
    "days": 3,
    "who": "给您打针的接种点",
    "call_back": "接种点的电话（写在接种凭证上，也写在本站的接种点页面上）",
}

# Map tiles: "osm" suits development only (slow in China); publish with "tianditu" (and
# TIANDITU_KEY) or "gaode", and set MAP_APPROVAL_NUMBER (审图号).
# MAP_TILES = "tianditu"
