"""Every closed list of values in the county's data, with its Chinese words: defined here only.

Templates, the open data, the map legend and the scripts in the browser all take these lists
from here; the browser gets them inside the JSON files it already loads (browser_lists()).
Adding a site kind is one entry in SITE_KINDS: its key, its words and its marker.
"""

from dataclasses import asdict, dataclass

# A marker's shape, and the character the legend draws it with (theme/components/map/map.css
# has a rule for each shape).
SHAPES = {"square": "■", "circle": "●", "diamond": "◆", "triangle": "▲"}


@dataclass(frozen=True)
class SiteKind:
    key: str              # as written in sites.yaml
    label: str            # on site pages and in the open data
    short: str            # in the map legend
    glyph: str            # the character on its map marker
    shape: str            # a key of SHAPES
    school_rank: int      # which site a school letter names as its district's point: lowest first


# In the order lists show them.
SITE_KINDS = (
    SiteKind("cdc", "县疾控中心", "疾控中心", "疾", "square", school_rank=2),
    SiteKind("health_centre", "乡镇卫生院", "卫生院", "卫", "circle", school_rank=1),
    SiteKind("school_district", "学区接种点", "学区接种点", "学", "diamond", school_rank=0),
    SiteKind("temporary", "临时/流动接种点", "临时/流动点", "临", "triangle", school_rank=3),
)


@dataclass(frozen=True)
class SiteState:
    key: str
    label: str
    badge: str            # on the map marker, so colour is never the only signal


# In the order lists show them: open sites first.
SITE_STATES = (
    SiteState("open", "正常接种", ""),
    SiteState("paused", "暂停接种", "停"),
    SiteState("closed", "已停止接种", "×"),
)

DOSES = {"first": "第一剂", "second": "第二剂", "third": "第三剂", "booster": "加强针"}
SCHOOL_LEVELS = {"primary": "小学", "middle": "初中", "high": "高中", "nine_year": "九年一贯制学校"}
DATUMS = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09"}

KIND_KEYS = tuple(kind.key for kind in SITE_KINDS)
STATE_KEYS = tuple(state.key for state in SITE_STATES)
KIND_LABELS = {kind.key: kind.label for kind in SITE_KINDS}
STATE_LABELS = {state.key: state.label for state in SITE_STATES}
KIND_BY_KEY = {kind.key: kind for kind in SITE_KINDS}
# Every allowed value with its words, for error messages ("请从这些里选一个：cdc（县疾控中心）…").
VALUE_LABELS = {**KIND_LABELS, **STATE_LABELS, **DOSES, **SCHOOL_LEVELS, **DATUMS}

assert all(kind.shape in SHAPES for kind in SITE_KINDS), "every site kind needs a shape from SHAPES"


def legend():
    """The map legend's items, in list order: each kind's shape and words, then each badge
    ("■ 疾控中心", …, "灰色带“停”字：暂停接种")."""
    return ([f"{SHAPES[kind.shape]} {kind.short}" for kind in SITE_KINDS]
            + [f"灰色带“{state.badge}”字：{state.label}" for state in SITE_STATES if state.badge])


def browser_lists():
    """The kinds and states as the scripts in the browser read them: a site's row holds the
    index of its kind and of its state in these lists."""
    return {
        "kinds": [{"key": k.key, "label": k.label, "glyph": k.glyph, "shape": k.shape} for k in SITE_KINDS],
        "states": [asdict(state) for state in SITE_STATES],
    }
