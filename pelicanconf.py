"""Settings for building the site locally. publishconf.py adds the published URL."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Our plugins share a small library (plugins/datafile) and the sites model; make them importable.
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
PLUGINS = ["components", "sites", "maps", "nearest", "faq", "schools", "progress", "search", "publish", "incremental"]

# Escape everything by default: text from data files must never become markup.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

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

# --- sites plugin ---
SITES_FILE = str(ROOT / "sites.yaml")
PLACES_FILE = str(ROOT / "places.yaml")
SCHOOLS_FILE = str(ROOT / "schools.yaml")
VERIFIED_MAX_AGE_DAYS = 30
# Where residents report a wrong listing (phone, email and/or a form url). Sample values.
CORRECTION_CONTACT = {
    "name": "县疾控中心免疫规划科（示例）",
    "phone": "0932-0000100",
}

# --- maps plugin ---
# Tiles: "osm" (development), "tianditu" (needs TIANDITU_KEY), "gaode" (GCJ-02), "none" (offline).
MAP_TILES = "osm"
TIANDITU_KEY = ""
# 审图号 of the published map, shown on every map when set, e.g. "GS(2024)0650号".
MAP_APPROVAL_NUMBER = ""
MAP_CLUSTER_THRESHOLD = 60

# --- nearest plugin ---
NEAREST_COUNT = 3        # nearest open sites listed for each village
FINDER_RESULTS = 5       # sites "使用我的位置" shows

# --- faq plugin ---
FAQ_REVIEW_MAX_DAYS = 365          # a page reviewed longer ago is flagged "可能已过期"
FAQ_MAX_SENTENCE_CHARS = 40        # plain-language check: longest sentence
FAQ_MAX_PARAGRAPH_SENTENCES = 4    # plain-language check: longest paragraph

# --- schools plugin ---
SCHOOL_BRING = "大人带身份证；孩子带户口本（或身份证）和预防接种证，由家长陪同"

# --- progress plugin (日通报) ---
PROGRESS_DIR = str(ROOT / "progress")   # one CSV per reporting day
PROGRESS_STALE_DAYS = 2                 # warn on the board when the latest report is older
