"""DEFAULT_CONFIG: every setting our plugins read, with its default, what it means and its check.

The one place a default is written (like Pelican's own DEFAULT_CONFIG). The framework plugin fills
them in when Pelican starts, checks them all at once and stops with a Chinese message listing every
wrong one. The README's settings table is made from this list (`make settings-table`), and a test
fails when the two differ. pelicanconf.py sets only what a county changes.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Optional

from datafile.fields import is_email, is_web_address
from datafile.messages import shown
from datafile.phone import phone_problem

# The tile servers the maps plugin knows (plugins/maps/providers.py draws each).
TILE_PROVIDERS = {
    "osm": "OpenStreetMap，开发用",
    "tianditu": "天地图，需 TIANDITU_KEY",
    "gaode": "高德",
    "none": "不加载底图",
}


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    doc: str                                   # one line for the README's table (English)
    group: str                                 # the plugin that reads it, or "project"
    check: Optional[Callable] = None           # value -> what is wrong (Chinese), or None
    path: str = ""                             # "project": relative to the project; "content": to PATH


# --- checks: each returns None, or what is wrong and how to fix it --------------------------------

def positive_int(example):
    def check(name, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"{name} 应是一个正整数，例如 {example}（现在是 {value!r}）"
    return check


def positive_number(example):
    def check(name, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            return f"{name} 应是一个大于 0 的数，例如 {example}（现在是 {value!r}）"
    return check


def not_negative(example):
    def check(name, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            return f"{name} 应是一个不小于 0 的数，例如 {example}（现在是 {value!r}）"
    return check


def text(name, value):
    if not isinstance(value, str):
        return f"{name} 应是一段文字（加引号），现在是 {value!r}"


def address_pattern(*fields):
    """A page address with {field} placeholders, such as "sites/{id}/"."""
    def check(name, value):
        if not isinstance(value, str):
            return f"{name} 应是一段文字（网址），现在是 {value!r}"
        try:
            value.format(**{field: "x" for field in fields})
        except (KeyError, IndexError, ValueError):
            allowed = "、".join("{" + f + "}" for f in fields) or "（不能有大括号）"
            return f"{name}「{shown(value)}」里只能用这些占位符：{allowed}"
    return check


def flag(name, value):
    if not isinstance(value, bool):
        return f"{name} 应写 True 或 False，现在是 {value!r}"


def one_of(choices):
    def check(name, value):
        if value not in choices:
            listed = "、".join(f"{key}（{words}）" for key, words in choices.items())
            return f"{name} = {value!r} 不是可选的值。可选：{listed}"
    return check


def optional(inner):
    def check(name, value):
        return None if value is None else inner(name, value)
    return check


def date_or_none(name, value):
    # The framework turns text into a date first; what is left here is neither.
    if value is not None and not isinstance(value, dt.date):
        return f"{name}「{shown(value)}」不是日期，请写成 \"2026-11-28\"，或删去这一项使用今天的日期"


def mapping(name, value):
    if not isinstance(value, dict):
        return f"{name} 应写成 {{\"名称\": 值, ...}} 的形式，现在是 {value!r}"


def list_of_text(name, value):
    if not (isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)):
        return f"{name} 应是一组文字，如 [\"\", \"sites/\"]，现在是 {value!r}"


CONTACT_KEYS = ("phone", "email", "url", "name")


def correction_contact(name, value):
    if not isinstance(value, dict) or not any(value.get(key) for key in ("phone", "email", "url")):
        return (f"{name} 至少要写 phone、email、url 中的一项，群众发现信息有误时才能联系到人，"
                f"例如 {name} = {{\"phone\": \"0932-1234567\"}}")
    unknown = sorted(set(value) - set(CONTACT_KEYS))
    if unknown:
        return f"{name} 里有不认识的项：{'、'.join(unknown)}，只能用 {'、'.join(CONTACT_KEYS)}"
    if value.get("url") and not is_web_address(value["url"]):
        return f"{name} 的 url 要以 https:// 或 http:// 开头，是群众能打开的网址，例如 \"https://ym.example.gov.cn/jiucuo\""
    if value.get("email") and not is_email(value["email"]):
        return f"{name} 的 email 只能写一个电子邮件地址，例如 \"jiucuo@example.gov.cn\"（不能带 ? 后面的内容）"
    if value.get("phone") and phone_problem(value["phone"]):
        return f"{name} 的 phone：{phone_problem(value['phone'])}"


FOLLOW_UP_KEYS = {"ages": "从多少岁起", "days": "连着问几天", "who": "谁来问", "call_back": "有事打哪个电话"}


def follow_up(name, value):
    if value == {}:
        return None  # not stated: a page that uses 【老人随访】 says so
    example = ('{"ages": 60, "days": 3, "who": "给您打针的接种点的医生", '
               '"call_back": "给您打针的接种点的电话（写在本站的接种点页面上）"}')
    if not isinstance(value, dict) or set(value) != set(FOLLOW_UP_KEYS):
        return (f"{name} 要写明{'、'.join(f'{key}（{words}）' for key, words in FOLLOW_UP_KEYS.items())}四项，"
                f"例如 {name} = {example}")
    for key in ("ages", "days"):
        if not isinstance(value[key], int) or isinstance(value[key], bool) or not 0 < value[key] < 200:
            return f"{name} 的 {key}（{FOLLOW_UP_KEYS[key]}）要写一个正整数，例如 {example}"
    for key in ("who", "call_back"):
        if not isinstance(value[key], str) or not value[key].strip():
            return f"{name} 的 {key}（{FOLLOW_UP_KEYS[key]}）要写一句话，例如 {example}"


def backend_address(name, value):
    if not is_web_address(value):
        return f"{name} 应是 decap-server 的网址，例如 \"http://127.0.0.1:8081/api/v1\"（现在是 {value!r}）"


def search_sections(name, value):
    def valid(section):
        return (isinstance(section, dict) and set(section) == {"pages", "weight"}
                and isinstance(section["pages"], (list, tuple)) and all(isinstance(p, str) for p in section["pages"])
                and isinstance(section["weight"], (int, float)) and not isinstance(section["weight"], bool)
                and section["weight"] > 0)
    if not (isinstance(value, dict) and value and all(valid(section) for section in value.values())):
        return (f'{name} 要写成 {{"名称": {{"pages": ["faq/*"], "weight": 1.0}}, ...}}：'
                "名称是搜索索引的文件夹，pages 是要收进这个索引的页面路径，weight 是它的结果排序时的权重（大于 0）。")


def tianditu_needs_a_key(settings):
    """Checks across settings: (setting, what is wrong), or None."""
    if settings.get("MAP_TILES") == "tianditu" and not settings.get("TIANDITU_KEY"):
        return ("TIANDITU_KEY", "MAP_TILES = \"tianditu\" 需要天地图的密钥。请在天地图开放平台"
                "（console.tianditu.gov.cn）免费申请“浏览器端”密钥，填到 TIANDITU_KEY；"
                "或者暂时改用 MAP_TILES = \"gaode\" 或 \"none\"")


def publishing_needs_the_address(settings):
    if settings.get("PUBLISH") and not settings.get("SITEURL") and not settings.get("PUBLISH_RELATIVE_ONLY"):
        return ("SITEURL", "发布网站要写明网站的正式地址，二维码、分享卡片和网站地图都要用到。请这样发布："
                "make publish PUBLISH_SITEURL=https://ym.example.gov.cn（换成本县的网址）。"
                "如果确实只要一个没有正式地址的网站（二维码会缺网址，也没有网站地图），请用 make publish PUBLISH_RELATIVE_ONLY=1")


RULES = [tianditu_needs_a_key, publishing_needs_the_address]


def _settings(group, *rows):
    return [Setting(name, default, doc, group, *rest) for name, default, doc, *rest in rows]


DEFAULT_CONFIG = [
    *_settings(
        "project",
        ("SITES_TODAY", None, "the date pages are built for, as `\"2026-11-28\"`; `None`: today in `TIMEZONE` (tests pin it)",
         date_or_none),
        ("PUBLISH", False, "a publish build (`publishconf.py`): fingerprinted names, `.gz`/`.br` copies, "
                           "into a fresh folder; it needs `SITEURL`", flag),
        ("PUBLISH_RELATIVE_ONLY", False, "a publish build without `SITEURL`, on purpose: no sitemap, and QR codes and "
                                         "share cards without the site's address (`make publish PUBLISH_RELATIVE_ONLY=1`)",
         flag),
        ("DEVSERVER", False, "set by `make devserver`: bad data is reported and the server keeps watching", flag),
        ("INCREMENTAL", True, "a preview build writes only the pages and files whose inputs changed, and removes those no longer "
                              "made; a publish build with `INCREMENTAL_FROM` links in the others from that release", flag),
        ("INCREMENTAL_FROM", "", "set by `make publish`: the release now published; a publish build links in from it the pages "
                                 "and files whose key is the one they were written with there, instead of drawing them again "
                                 "(empty: it draws everything)", text),
        ("PARALLEL_PAGES", 200, "a generator with more pages than this draws them on every core (forked workers), "
                                "and a rebuild with more pages than this to digest digests their keys there; "
                                "below it, starting workers costs more than it saves", not_negative(200)),
    ),
    *_settings(
        "county",
        ("SITES_FILE", "sites.yaml", "the sites and the county, relative to the project", text, "project"),
        ("PLACES_FILE", "places.yaml", "the gazetteer of townships and villages; used when it exists", text, "project"),
        ("SCHOOLS_FILE", "schools.yaml", "the schools that send the 小手拉大手 letter; used when it exists", text, "project"),
        ("GEOCODE_CACHE", "geocoded.yaml", "points found by `make geocode`; the build only reads it", text, "project"),
        ("SITES_WORKBOOK", "接种点.xlsx", "the workbook `make export` writes and `make import` reads by default",
         text, "project"),
        ("GEOCODER", "nominatim", "the geopy geocoder `make geocode` asks", text),
        ("GEOCODER_OPTIONS", {"user_agent": "county-vaccination-site-finder"}, "options for that geocoder", mapping),
        ("GEOCODER_DATUM", None, "the datum the geocoder answers in; `None`: WGS-84, or BD-09 for Baidu",
         optional(one_of({"wgs84": "WGS-84", "gcj02": "高德、腾讯", "bd09": "百度"}))),
        ("GEOCODE_MIN_DELAY", 1.0, "seconds between geocoder requests (Nominatim's policy asks for 1)", not_negative(1.0)),
        ("NAVIGATION_SOURCE", "webapp.county.vaccinefinder", "who the \"导航去这里\" links say sent the resident "
                                                            "(高德's and 百度's `src`, 腾讯's `referer`)", text),
    ),
    *_settings(
        "sites",
        ("VERIFIED_MAX_AGE_DAYS", 30, "a listing checked longer ago than this many days is flagged", positive_int(30)),
        ("CORRECTION_CONTACT", {}, "required: where residents report a wrong listing: `phone`, `email` and/or `url` "
                                   "(a form; `?site=<id>` is added), plus `name`", correction_contact),
        ("SITE_URL", "sites/{id}/", "a site's page", address_pattern("id")),
        ("SITE_SAVE_AS", "sites/{id}/index.html", "its file", address_pattern("id")),
        ("TOWNSHIP_URL", "townships/{id}/", "a township's page", address_pattern("id")),
        ("TOWNSHIP_SAVE_AS", "townships/{id}/index.html", "its file", address_pattern("id")),
        ("ALL_SITES_URL", "sites/", "the list of all sites", address_pattern()),
        ("ALL_SITES_SAVE_AS", "sites/index.html", "its file", address_pattern()),
        ("VISITS_ON_HOME", 30, "the home page's \"最近一周的流动接种\" lists at most this many visits", positive_int(30)),
    ),
    *_settings(
        "maps",
        ("MAP_TILES", "osm", "`osm` (development; slow in China), `tianditu` (天地图 vector + labels; needs "
                             "`TIANDITU_KEY`), `gaode` (高德; markers converted to GCJ-02), `none` (no tiles, offline)",
         one_of(TILE_PROVIDERS)),
        ("TIANDITU_KEY", "", "a 天地图 browser key; the build stops with a clear message if `tianditu` has none", text),
        ("MAP_APPROVAL_NUMBER", "", "the 审图号, shown on every map when set", text),
        ("MAP_CLUSTER_THRESHOLD", 1, "above this many markers, a map groups markers that would overlap into numbered clusters, "
                                     "so that a finger can hit each one", positive_int(1)),
        ("MAP_PAGE_URL", "map/", "the county map page", address_pattern()),
        ("MAP_PAGE_SAVE_AS", "map/index.html", "its file", address_pattern()),
    ),
    *_settings(
        "nearest",
        ("NEAREST_COUNT", 3, "open sites listed for each village", positive_int(3)),
        ("FINDER_RESULTS", 5, "sites \"使用我的位置\" shows", positive_int(5)),
        ("FINDER_CELL_DEGREES", 0.5, "the grid (degrees) the finder's data is split into", positive_number(0.5)),
        ("FINDER_VISIT_KM", 5, "the finder lists 流动接种 visits this near the resident before the fixed sites",
         positive_number(5)),
        ("FINDER_VISIT_DAYS", 7, "...within this many days of the phone's date", positive_int(7)),
        ("FIND_URL", "find/", "the 按村查找 page", address_pattern()),
        ("FIND_SAVE_AS", "find/index.html", "its file", address_pattern()),
    ),
    *_settings(
        "faq",
        ("FAQ_DIR", "faq", "the FAQ pages and `glossary.yaml`, under the content folder", text, "content"),
        ("FAQ_REVIEW_MAX_DAYS", 365, "a page reviewed longer ago is flagged on the page and in the build", positive_int(365)),
        ("FAQ_MAX_SENTENCE_CHARS", 40, "plain-language check: the longest sentence", positive_int(40)),
        ("FAQ_MAX_PARAGRAPH_SENTENCES", 4, "plain-language check: the longest paragraph, in sentences", positive_int(4)),
        ("FAQ_URL", "faq/{slug}/", "a question's page", address_pattern("slug")),
        ("FAQ_SAVE_AS", "faq/{slug}/index.html", "its file", address_pattern("slug")),
        ("FAQ_INDEX_URL", "faq/", "the FAQ index", address_pattern()),
        ("FAQ_INDEX_SAVE_AS", "faq/index.html", "its file", address_pattern()),
        ("GLOSSARY_URL", "faq/glossary/", "the glossary page", address_pattern()),
        ("GLOSSARY_SAVE_AS", "faq/glossary/index.html", "its file", address_pattern()),
        ("AFTER_SHOT_SLUG", "after-the-shot", "the Slug of the FAQ page \"打完针以后\" that site pages, the finder and the "
                                             "next-dose page link to", text),
        ("FOLLOW_UP", {}, "how people are followed up after their shot, for that page's 【老人随访】: `ages` (from what "
                          "age), `days` (how many days), `who` (who calls), `call_back` (which number to call back); "
                          "`{}`: not stated", follow_up),
    ),
    *_settings(
        "nextdose",
        ("NEXT_DOSE_URL", "next-dose/", "the page \"下一针什么时候打\" (made when `sites.yaml` has `vaccines:` schedules)",
         address_pattern()),
        ("NEXT_DOSE_SAVE_AS", "next-dose/index.html", "its file", address_pattern()),
    ),
    *_settings(
        "schools",
        ("SCHOOLS_DIR", "schools", "`letter.md` and `<school id>.md` overrides, under the content folder", text, "content"),
        ("SCHOOL_URL", "schools/{id}/", "a school's letter", address_pattern("id")),
        ("SCHOOL_SAVE_AS", "schools/{id}/index.html", "its file", address_pattern("id")),
        ("SCHOOLS_INDEX_URL", "schools/", "the index of letters", address_pattern()),
        ("SCHOOLS_INDEX_SAVE_AS", "schools/index.html", "its file", address_pattern()),
        ("SCHOOL_BRING", "大人带身份证；孩子带户口本（或身份证）和预防接种证，由家长陪同", "\"what to bring\", for the letters' 【要带的东西】", text),
        ("SCHOOL_NEAREST_COUNT", 3, "the nearest open sites a letter lists", positive_int(3)),
        ("SHARE_IMAGE", "theme/share.png", "the image of a letter's share card, from the site root", text),
    ),
    *_settings(
        "outreach",
        ("POSTER_URL", "posters/{id}/", "a township's notice-board posters (its sheet, then one per village)",
         address_pattern("id")),
        ("POSTER_SAVE_AS", "posters/{id}/index.html", "its file", address_pattern("id")),
    ),
    *_settings(
        "progress",
        ("PROGRESS_DIR", "progress", "the daily reports (日通报), one CSV per day, relative to the project", text, "project"),
        ("PROGRESS_STALE_DAYS", 2, "the board warns when the latest report is older than this", positive_int(2)),
        ("PROGRESS_URL", "progress/", "the board", address_pattern()),
        ("PROGRESS_SAVE_AS", "progress/index.html", "its file", address_pattern()),
    ),
    *_settings(
        "search",
        ("SEARCH_INDEX", True, "build the Pagefind index after each build", flag),
        ("SEARCH_URL", "search/", "the search page", address_pattern()),
        ("SEARCH_SAVE_AS", "search/index.html", "its file", address_pattern()),
        ("SEARCH_SECTIONS", {
            "faq": {"pages": ["faq/*"], "weight": 1.0},
            "sites": {"pages": ["sites/*", "townships/*"], "weight": 0.5},
            "schools": {"pages": ["schools/*"], "weight": 0.5},
        }, "one Pagefind bundle each: the output paths it indexes (keep in step with the `*_SAVE_AS` settings) "
           "and the weight of its results; the first with pages carries the search box's scripts", search_sections),
        ("SEARCH_BUNDLE_PAGES", 10000, "a section with more pages is indexed as several bundles (`sites-1`, …), "
                                       "which bounds Pagefind's memory (about 150 KB a page)", positive_int(10000)),
        ("PREVIEW_SEARCH_BUNDLE_PAGES", 500, "in a preview build (not `PUBLISH`), bundles of about this many pages: a "
                                             "clerk's change re-indexes the few small bundles its pages fall in, not a "
                                             "whole section (the search page then merges more bundles, which only a "
                                             "preview does)", positive_int(500)),
    ),
    *_settings(
        "publish",
        ("OPEN_DATA_LICENCE", "知识共享 署名 4.0 国际许可协议（CC BY 4.0）：可自由使用、转载，请注明来源",
         "the licence stated in every open-data file", text),
        ("OPEN_DATA_SOURCE", "县卫生健康局、县疾病预防控制中心", "the source stated in every open-data file", text),
        ("OFFLINE_PAGES", ["", "sites/", "find/", "faq/"], "pages the service worker stores at the first visit", list_of_text),
        ("MANIFEST_SHORT_NAME", "接种点查询", "the name under the icon on a phone's home screen", text),
        ("SERVICE_WORKER", True, "pages register `sw.js` (offline use); a region's own pages (`regionconf.py`) have "
                                 "none, each county's site keeps its own", flag),
    ),
    *_settings(
        "buildreport",
        ("BUILD_REPORT_URL", "build-report/", "preview builds only (never published): the page that lists the last "
                                              "build's errors (file, line, fix) and warnings, in Chinese; "
                                              "`status.json` beside it says `{\"ok\", \"errors\", \"warnings\"}`, and a notice "
                                              "on every preview page links to it while the build fails", address_pattern()),
        ("BUILD_REPORT_SAVE_AS", "build-report/index.html", "its file", address_pattern()),
    ),
    *_settings(
        "editor",
        ("EDITOR_URL", "admin/", "preview builds only (never published): the web editor (Decap CMS, in Chinese) of the FAQ "
                                 "pages, the glossary, the school letter and the pages; `make edit` serves it with its backend",
         address_pattern()),
        ("EDITOR_SAVE_AS", "admin/index.html", "its file; its `config.yml` (made from the models), scripts and Decap CMS "
                                               "go beside it", address_pattern()),
        ("EDITOR_BACKEND_URL", "http://127.0.0.1:8081/api/v1", "where the editor saves: decap-server, which `make edit` "
                                                               "starts in the project folder (`EDIT_BACKEND_PORT`)",
         backend_address),
    ),
    *_settings(
        "region",
        ("REGION_FILE", "", "the region's `region.yaml` (a city or province built from its counties' shards); "
                            "`make region` sets it for the merge build (`regionconf.py`)", text),
        ("REGION_SHARDS", "", "the folder holding each county's last good shard (`<id>` links), set by `make region`",
         text),
        ("REGION_NEIGHBOURS", "", "a county built as a region's shard: the file listing the neighbouring counties' "
                                  "open sites, so that villages near a border list the nearest on either side "
                                  "(written by `region/shard.py`; empty: the county's own sites only)", text),
        ("REGION_MAP_CELLS", 6, "the region's map shows the sites of this many cells of the finder's grid at most "
                                "(fetched as the view reaches them); a view that spans more shows one marker per "
                                "county", positive_int(6)),
        ("REGION_SEARCH_COUNTIES", 10, "the region's search page searches every county's index together up to this many "
                                       "counties (each adds about 60 KB to a search); with more, it links to each "
                                       "county's search", positive_int(10)),
    ),
]

NAMES = [setting.name for setting in DEFAULT_CONFIG]
assert len(NAMES) == len(set(NAMES)), "a setting is declared twice"
