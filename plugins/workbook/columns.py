"""The sheets of 接种点.xlsx and their columns: where each column's value lives in sites.yaml.

Each column knows its place in a record (`path`), how its cell is read (`kind`), and the one
canonical value both sides are compared as: `from_yaml` (what sites.yaml holds now) and `read`
(what the cell says). Import writes a field only when the two differ, so an untouched workbook
changes nothing. The lists of choices (kinds, statuses, datums, doses) come from county.kinds.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from county.kinds import DATUMS, DOSES, KIND_LABELS, STATE_LABELS
from datafile import spreadsheet as cells
from datafile.messages import shown

# Cells of these kinds are read as follows (reader) and compared as canonical values.
YES_NO = {True: "是", False: "否"}
_SPAN_SEPARATORS = re.compile(r"[,，、;；\s]+")
_LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
_DAY_PART = re.compile(r"^\s*([a-z]{3}(?:\s*-\s*[a-z]{3})?)\s*[:：]\s*(.+)$", re.I)
# Chinese day names a clerk may type in the 开放时间 cell, as the keys sites.yaml uses.
_ZH_DAYS = {"周一": "mon", "周二": "tue", "周三": "wed", "周四": "thu", "周五": "fri", "周六": "sat", "周日": "sun",
            "周天": "sun", "星期一": "mon", "星期二": "tue", "星期三": "wed", "星期四": "thu", "星期五": "fri",
            "星期六": "sat", "星期日": "sun", "星期天": "sun"}
_ZH_DAY_RANGE = re.compile(r"^\s*(%s)\s*(?:(?:至|到|-|－|~|～)\s*(%s))?\s*[:：]?\s*(\d.*)$"
                           % ("|".join(_ZH_DAYS), "|".join(_ZH_DAYS)))


@dataclass(frozen=True)
class Column:
    header: str                      # the Chinese header, also how import finds the column
    path: tuple                      # keys inside the record, e.g. ("location", "lat")
    kind: str = "text"               # text, code, number, date, bool, choice, phones, hours, spans, doses, names
    width: int = 14
    choices: dict = field(default_factory=dict)   # key -> label, for kind "choice"
    dropdown: str = ""               # a named list of OptionLists for the cell's drop-down
    note: str = ""                   # shown as the header cell's comment: how to fill it in
    required: bool = False           # marked with * in the header
    # The parent mapping may be written as the bare value of this key (appointment: 电话预约 is
    # {how: 电话预约}; status: paused is {state: paused}).
    shorthand: Optional[str] = None

    # --- sites.yaml side ---------------------------------------------------------------------

    def raw_value(self, record):
        """The value at `path` in a record as parsed, or None."""
        node = record
        for position, key in enumerate(self.path):
            if not isinstance(node, dict):
                # A shorthand: `status: paused` holds the state; it has no reason or until.
                is_last = position == len(self.path) - 1
                return node if is_last and key == self.shorthand and node is not None else None
            node = node.get(key)
        return node

    def from_yaml(self, record):
        return canonical(self.kind, self.raw_value(record), self.choices)

    # --- spreadsheet side --------------------------------------------------------------------

    def read(self, value):
        """(canonical value, problem) from a cell's value."""
        return read_cell(self.kind, value, self.choices)

    def to_cell(self, canonical_value):
        """What export writes in the cell for a canonical value."""
        return cell_text(self.kind, canonical_value, self.choices)

    def to_yaml(self, canonical_value):
        """What import writes into sites.yaml for a changed cell."""
        return yaml_value(self.kind, canonical_value)

    @property
    def title(self):
        return self.header + (" *" if self.required else "")


# --- the canonical value of each kind ----------------------------------------------------------

def canonical(kind, raw, choices=None):
    """sites.yaml's value as the workbook compares it."""
    if raw is None or raw == "" or raw == []:
        return None
    if kind in ("text", "code", "choice"):
        return str(raw).strip()
    if kind == "number":
        return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw)
    if kind == "date":
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            return str(raw)  # a bad date stays as written: export shows it, validation reports it
    if kind == "bool":
        return raw if isinstance(raw, bool) else str(raw)
    if kind in ("phones", "names"):
        items = raw if isinstance(raw, list) else [raw]
        return tuple(str(item).strip() for item in items)
    if kind == "doses":
        return tuple(str(item).strip() for item in (raw if isinstance(raw, list) else [raw]))
    if kind == "spans":
        return _spans_text(raw)
    if kind == "hours":
        if not isinstance(raw, dict):
            return str(raw)
        return tuple((str(day).strip().lower(), _spans_text(spans)) for day, spans in raw.items())
    raise ValueError(kind)


def _spans_text(raw):
    parts = raw if isinstance(raw, list) else _SPAN_SEPARATORS.split(str(raw))
    return ", ".join(cells.narrow(str(part)).strip() for part in parts if str(part).strip())


def read_cell(kind, value, choices=None):
    if kind == "text":
        return cells.read_text(value)
    if kind == "code":
        return cells.read_code(value)
    if kind == "number":
        return cells.read_number(value)
    if kind == "date":
        return cells.read_date(value)
    if kind == "bool":
        return cells.read_bool(value)
    if kind == "choice":
        return _read_choice(value, choices)
    if kind == "phones":
        return _read_phones(value)
    text = cells.clean_text(value)
    if text is None:
        return None, None
    if kind == "names":
        return tuple(part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()), None
    if kind == "doses":
        return _read_doses(text)
    if kind == "spans":
        return _spans_text(text), None
    if kind == "hours":
        return _read_week(text)
    raise ValueError(kind)


def _read_choice(value, choices):
    text = cells.clean_text(value)
    if text is None:
        return None, None
    by_label = {label: key for key, label in choices.items()}
    for candidate in (text, cells.narrow(text)):
        if candidate in by_label:
            return by_label[candidate], None
        if candidate in choices:
            return candidate, None
    listed = "、".join(choices.values())
    return None, f"「{shown(text)}」不是可选的值，请从下拉列表里选：{listed}"


def _read_phones(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number, problem = cells.read_phone_number(value)
        return (None, problem) if problem else ((number,), None)
    text = cells.narrow(cells.clean_text(value))
    if text is None:
        return None, None
    return tuple(part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()), None


def _read_doses(text):
    by_label = {label: key for key, label in DOSES.items()}
    keys, unknown = [], []
    for part in _LIST_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        key = by_label.get(part) or (part if part in DOSES else None)
        (keys if key else unknown).append(key or part)
    if unknown:
        return None, f"剂次「{'、'.join(unknown)}」看不懂，请从这些里选，用顿号隔开：{'、'.join(DOSES.values())}"
    return tuple(keys), None


def _read_week(text):
    """'mon-fri: 8:00-12:00, 14:30-17:30; sat: 9:00-12:00', or 周一至周五 8:00-12:00；周六 9:00-12:00."""
    days = []
    for part in re.split(r"[;；\n]+", cells.narrow(text)):
        if not part.strip():
            continue
        english = _DAY_PART.match(part)
        chinese = _ZH_DAY_RANGE.match(part.strip())
        if english:
            key, spans = re.sub(r"\s+", "", english.group(1).lower()), english.group(2)
        elif chinese:
            first, last = _ZH_DAYS[chinese.group(1)], _ZH_DAYS.get(chinese.group(2) or "")
            key, spans = (f"{first}-{last}" if last and last != first else first), chinese.group(3)
        else:
            return None, (f"开放时间「{shown(part.strip())}」看不懂。每段写成“星期: 时间”，段与段之间用分号隔开，"
                          "如 mon-fri: 8:00-12:00, 14:30-17:30; sat: 9:00-12:00（也可以写 周一至周五 8:00-12:00）")
        days.append((key, _spans_text(spans)))
    return (tuple(days) or None), None


def cell_text(kind, value, choices=None):
    if value is None:
        return None
    if kind == "choice":
        return choices.get(value, value)
    if kind == "bool":
        return YES_NO.get(value, value)
    if kind in ("phones", "names"):
        return "、".join(value)
    if kind == "doses":
        return "、".join(DOSES.get(key, key) for key in value)
    if kind == "hours":
        return value if isinstance(value, str) else "; ".join(f"{day}: {spans}" for day, spans in value)
    if kind == "date" and not isinstance(value, dt.date):
        return str(value)
    return value


def yaml_value(kind, value):
    """A canonical value as sites.yaml writes it (ruamel containers in flow style where short)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    if value is None:
        return None
    if kind in ("phones", "names", "doses"):
        if kind == "phones" and len(value) == 1:
            return value[0]
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if kind == "hours":
        return CommentedMap((day, spans) for day, spans in value)
    if kind == "number" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- the sheets --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """A sheet of records. Rows of a keyed sheet are records of `list_path`, found by `key`;
    rows of a child sheet are the items of `list_path` inside the parent record named in its
    first column, in order."""

    name: str
    list_path: tuple
    columns: tuple
    key: str = ""                      # a keyed sheet: the field that names a record
    parent: str = ""                   # a child sheet: the keyed sheet its first column names
    what: str = ""                     # one record, for messages: 接种点, 乡镇
    only_when_used: bool = False       # export leaves it out when no record has such items

    @property
    def is_child(self):
        return bool(self.parent)

    @property
    def written_columns(self):
        """The columns as the workbook has them: a child sheet starts with the site it belongs to."""
        if self.is_child:
            return (Column(PARENT_COLUMN, ("id",), "code", 18, required=True,
                           note="这一行属于哪个接种点：「接种点」表里的编号"),) + self.columns
        return self.columns


PARENT_COLUMN = "接种点编号"
YES_NO_CHOICES = {"是": "是", "否": "否"}

DATUM_CHOICES = dict(DATUMS)

SITES = Sheet("接种点", ("sites",), key="id", what="接种点", columns=(
    Column("编号", ("id",), "code", 18, required=True,
           note="网址的一部分，只用小写字母、数字和连字符，定下后不要再改；新增接种点时起一个新的"),
    Column("名称", ("name",), width=30, required=True),
    Column("类型", ("kind",), "choice", 16, choices=KIND_LABELS, dropdown="kinds", required=True),
    Column("乡镇", ("township",), width=12, dropdown="townships", required=True),
    Column("学区", ("school_district",), width=12, note=f"{KIND_LABELS['school_district']}才填，应与乡镇登记的学区一致"),
    Column("地址", ("address",), width=30, required=True),
    Column("纬度", ("location", "lat"), "number", 12, note="如 35.2101；没有坐标可空着，运行 make geocode 按地址查"),
    Column("经度", ("location", "lon"), "number", 12, note="如 105.2412"),
    Column("坐标系", ("location", "datum"), "choice", 10, choices=DATUM_CHOICES, dropdown="datums",
           note="GPS、天地图取点选 WGS-84；高德、腾讯选 GCJ-02；百度选 BD-09"),
    Column("坐标来源", ("location", "source"), width=14),
    Column("开放时间", ("hours", "weekly"), "hours", 34, required=True,
           note="如 mon-fri: 8:00-12:00, 14:30-17:30; sat: 9:00-12:00（星期用 mon tue wed thu fri sat sun，"
                "也可写 周一至周五 8:00-12:00；周六 9:00-12:00）。某一天的特殊安排写在「特殊日期」表"),
    Column("可直接去", ("walk_in",), "bool", 10, dropdown="yes_no", note="不用预约、直接去就能打，选“是”"),
    Column("预约方式", ("appointment", "how"), width=26, shorthand="how", note="需要预约时写明怎么约"),
    Column("预约网址", ("appointment", "url"), width=20, shorthand="how", note="以 https:// 开头"),
    Column("电话", ("phone",), "phones", 16, note="如 0932-1234567；几个号码用顿号隔开。这一列是文本格式，开头的 0 不会丢"),
    Column("轮椅可进", ("access", "wheelchair"), "bool", 10, dropdown="yes_no"),
    Column("可停车", ("access", "parking"), "bool", 10, dropdown="yes_no"),
    Column("无障碍说明", ("access", "note"), width=20),
    Column("状态", ("status", "state"), "choice", 12, choices=STATE_LABELS, dropdown="states", shorthand="state",
           note=f"空着就是{STATE_LABELS['open']}"),
    Column("暂停原因", ("status", "reason"), width=20, shorthand="state", note="暂停或停止接种时必填"),
    Column("预计恢复日期", ("status", "until"), "date", 14, shorthand="state"),
    Column("备注", ("notes",), width=24),
    Column("核实日期", ("verified", "date"), "date", 12, required=True, note="最近一次打电话或到现场核实的日期"),
    Column("核实人", ("verified", "by"), width=18, required=True),
))

VACCINES = Sheet("疫苗", ("vaccines",), parent="接种点", what="疫苗", columns=(
    Column("疫苗名称", ("name",), width=34, required=True,
           note="与 sites.yaml 的 vaccines（接种程序）里的名字一致，“下一针”才能算出日期"),
    Column("年龄", ("ages",), "code", 10, required=True, note="如 18-59（含两端）或 60+（60 岁及以上）"),
    Column("剂次", ("doses",), "doses", 26, note="用顿号隔开：" + "、".join(DOSES.values())),
    Column("生产企业", ("maker",), width=16),
))

EXCEPTIONS = Sheet("特殊日期", ("hours", "exceptions"), parent="接种点", what="特殊日期", columns=(
    Column("日期", ("date",), "date", 12, required=True),
    Column("不开放", ("closed",), "bool", 10, dropdown="yes_no", note="这一天不开放选“是”；否则在「开放时间」写当天的时间"),
    Column("开放时间", ("spans",), "spans", 24, note="如 9:00-16:00"),
    Column("说明", ("note",), width=24),
))

VISITS = Sheet("流动接种", ("visits",), parent="接种点", what="流动接种", only_when_used=True, columns=(
    Column("日期", ("date",), "date", 12, required=True),
    Column("时间", ("hours",), "spans", 16, required=True, note="如 9:00-12:00"),
    Column("村", ("village",), width=12, note="到村的流动接种写村名；和「地点」只写一个"),
    Column("乡镇", ("township",), width=12, dropdown="townships", note="村不在本接种点的乡镇时才填"),
    Column("地点", ("place",), width=14, note="集市等不是村的地点"),
    Column("纬度", ("location", "lat"), "number", 12, note="只用于「地点」"),
    Column("经度", ("location", "lon"), "number", 12),
    Column("坐标系", ("location", "datum"), "choice", 10, choices=DATUM_CHOICES, dropdown="datums"),
    Column("具体位置", ("where",), width=14, note="如 村委会、村卫生室"),
    Column("疫苗", ("vaccines",), "names", 24, note="这次打哪几种，用顿号隔开；空着就是这个接种点的全部疫苗"),
    Column("年龄", ("ages",), "code", 10),
    Column("说明", ("note",), width=20),
))

TOWNSHIPS = Sheet("乡镇", ("county", "townships"), key="id", what="乡镇", columns=(
    Column("编号", ("id",), "code", 16, required=True, note="只用小写字母、数字和连字符，定下后不要再改"),
    Column("名称", ("name",), width=14, required=True),
    Column("学区", ("school_district",), width=16),
))

# In the order the workbook shows them. The sites come first: most edits are there.
SHEETS = (SITES, VACCINES, EXCEPTIONS, VISITS, TOWNSHIPS)
CHILDREN = (VACCINES, EXCEPTIONS, VISITS)

# The drop-down lists, on a hidden sheet: each a list of the labels the cells show.
OPTION_LISTS = {
    "kinds": list(KIND_LABELS.values()),
    "states": list(STATE_LABELS.values()),
    "datums": list(DATUMS.values()),
    "yes_no": list(YES_NO.values()),
}
