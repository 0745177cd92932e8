"""The validated model of sites.yaml.

Validators raise ValueError with a message in Chinese for the clerk; load.py
adds the file and line. Checks that need the county (townships, bounding box,
today's date) read it from the validation context.
"""

import datetime as dt
import difflib
import re
from functools import cached_property
from typing import Annotated, Literal, Optional

from pydantic import (AfterValidator, BeforeValidator, Field,
                      ValidationInfo, field_validator, model_validator)

from datafile.fields import Strict, Text

from . import hours as hours_mod
from .datum import DATUM_LABELS, from_wgs84, to_wgs84

KIND_LABELS = {
    "cdc": "县疾控中心",
    "health_centre": "乡镇卫生院",
    "school_district": "学区接种点",
    "temporary": "临时/流动接种点",
}
STATE_LABELS = {"open": "正常接种", "paused": "暂停接种", "closed": "已停止接种"}
DOSE_LABELS = {"first": "第一剂", "second": "第二剂", "third": "第三剂", "booster": "加强针"}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PHONE = re.compile(r"^(?:\d{3,4}-)?\d{3,8}(?:-\d{1,4})?$|^1\d{10}$")
_AGES = re.compile(r"^\s*(\d{1,3})\s*(?:(?:-|–|~|～|至)\s*(\d{1,3})|(\+|岁以上|岁及以上))\s*岁?\s*$")


def _slug(value):
    if not _ID.match(value):
        raise ValueError(
            f"编号「{value}」只能由小写英文字母、数字和连字符组成（例如 pingxiang-whc），"
            "它会出现在网址里，定下后请不要再改"
        )
    return value


Slug = Annotated[str, AfterValidator(_slug)]


def _today(info: ValidationInfo):
    return (info.context or {}).get("today") or dt.date.today()


# --- county -----------------------------------------------------------------

class Bounds(Strict):
    """The county's bounding box in WGS-84, used to catch mistyped coordinates."""

    south: float = Field(ge=-90, le=90)
    west: float = Field(ge=-180, le=180)
    north: float = Field(ge=-90, le=90)
    east: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _ordered(self):
        if self.south >= self.north or self.west >= self.east:
            raise ValueError("范围的南边（south）应小于北边（north），西边（west）应小于东边（east）")
        return self

    def contains(self, lat, lon, margin=0.0):
        return (self.south - margin <= lat <= self.north + margin
                and self.west - margin <= lon <= self.east + margin)

    @property
    def centre(self):
        return ((self.south + self.north) / 2, (self.west + self.east) / 2)


class Township(Strict):
    id: Slug
    name: Text
    school_district: Optional[Text] = None


class County(Strict):
    name: Text
    province: Optional[Text] = None
    city: Optional[Text] = None
    sample: bool = False
    sample_note: Optional[Text] = None
    bounds: Bounds
    townships: list[Township] = Field(min_length=1)

    @field_validator("townships")
    @classmethod
    def _unique(cls, townships):
        seen_ids, seen_names = set(), set()
        for township in townships:
            if township.id in seen_ids:
                raise ValueError(f"乡镇编号「{township.id}」重复了，每个乡镇的编号应不同")
            if township.name in seen_names:
                raise ValueError(f"乡镇「{township.name}」写了两次，请删去一个")
            seen_ids.add(township.id)
            seen_names.add(township.name)
        return townships


# --- site -------------------------------------------------------------------

class Location(Strict):
    lat: float
    lon: float
    datum: Literal["wgs84", "gcj02", "bd09"] = "wgs84"
    # Where the point came from, e.g. 高德坐标拾取器; filled in for points from `make geocode`.
    source: Optional[Text] = None

    @model_validator(mode="after")
    def _plausible(self, info: ValidationInfo):
        bounds = (info.context or {}).get("bounds")
        swapped = f"纬度和经度好像写反了：lat 是纬度，lon 是经度，请对调这两个数（现在 lat: {self.lat}, lon: {self.lon}）"
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            if -90 <= self.lon <= 90 and -180 <= self.lat <= 180:
                raise ValueError(swapped)
            raise ValueError(f"坐标 {self.lat}, {self.lon} 不是有效的经纬度，纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间")
        if bounds is None:
            return self
        # Half a kilometre of slack: datum offsets and sites just over the line.
        if bounds.contains(*self.wgs84, margin=0.005):
            return self
        if -90 <= self.lon <= 90 and bounds.contains(*to_wgs84(self.lon, self.lat, self.datum), margin=0.005):
            raise ValueError(swapped)
        raise ValueError(
            f"坐标 {self.lat}, {self.lon}（{DATUM_LABELS[self.datum]}）不在本县范围内"
            f"（纬度 {bounds.south}–{bounds.north}，经度 {bounds.west}–{bounds.east}）。"
            "请在地图取点工具上重新取点，并确认 datum 与取点工具一致（高德/腾讯为 gcj02，百度为 bd09）"
        )

    @cached_property
    def wgs84(self):
        return to_wgs84(self.lat, self.lon, self.datum)

    def in_datum(self, datum):
        """This point in `datum`, e.g. GCJ-02 to draw it on Gaode tiles."""
        return from_wgs84(*self.wgs84, datum)


SpanText = Annotated[hours_mod.Span, BeforeValidator(hours_mod.parse_span)]


def _span_list(value):
    """'8:00-12:00, 14:30-17:30' (the easy way to write it) -> ['8:00-12:00', '14:30-17:30']."""
    if isinstance(value, str):
        return [part for part in re.split(r"[,，、;；\s]+", value) if part]
    return value


SpanList = Annotated[list[SpanText], BeforeValidator(_span_list)]


def _day_key(key):
    return hours_mod.parse_day_key(key)


class HoursException(Strict):
    date: dt.date
    closed: bool = False
    spans: SpanList = []
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _closed_or_spans(self):
        if self.closed and self.spans:
            raise ValueError("同一天不能既写 closed: true 又写开放时间（spans），请只留一个")
        if not self.closed and not self.spans:
            raise ValueError("特殊日期请写明 closed: true（当天不开放），或写 spans 列出当天的开放时间")
        hours_mod.check_no_overlap(self.spans)
        return self


class Hours(Strict):
    weekly: dict[Annotated[tuple, BeforeValidator(_day_key)], SpanList]
    exceptions: list[HoursException] = []

    @field_validator("weekly")
    @classmethod
    def _one_entry_per_day(cls, weekly):
        week = {}
        for days, spans in weekly.items():
            hours_mod.check_no_overlap(spans)
            for day in days:
                if day in week:
                    raise ValueError(
                        f"{hours_mod.WEEKDAY_NAMES[day]}写了不止一次，请让每一天只出现在一行里"
                    )
                week[day] = tuple(sorted(spans))
        return week

    @field_validator("exceptions")
    @classmethod
    def _one_exception_per_date(cls, exceptions):
        dates = [e.date for e in exceptions]
        for date in dates:
            if dates.count(date) > 1:
                raise ValueError(f"特殊日期 {date} 写了不止一次，请合并为一条")
        return sorted(exceptions, key=lambda e: e.date)

    def on(self, date):
        """(spans, note) for a date, exceptions first."""
        for exception in self.exceptions:
            if exception.date == date:
                return (() if exception.closed else tuple(exception.spans)), exception.note
        return self.weekly.get(date.weekday(), ()), None

    def describe(self):
        return hours_mod.describe_week(self.weekly)

    def compact(self):
        """Plain data for scripts that work out 'today' on the phone (weekday 0 = Monday)."""
        return {
            "weekly": {str(d): [s.as_pair() for s in spans] for d, spans in self.weekly.items()},
            "exceptions": {
                e.date.isoformat(): {"spans": [s.as_pair() for s in e.spans], "note": e.note or ""}
                for e in self.exceptions
            },
        }


def _ages(value):
    if isinstance(value, int):
        value = str(value)
    match = _AGES.match(str(value))
    if not match:
        raise ValueError(f"年龄「{value}」的写法不对，请写成“18-59”（含两端）或“60+”（60 岁及以上）")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else None
    if high is not None and high < low:
        raise ValueError(f"年龄「{value}」的起止写反了，请从小写到大，如“3-17”")
    return (low, high)


class Vaccine(Strict):
    name: Text
    ages: Annotated[tuple, BeforeValidator(_ages)]
    doses: list[Literal["first", "second", "third", "booster"]] = []
    maker: Optional[Text] = None

    @property
    def ages_text(self):
        low, high = self.ages
        return f"{low} 岁及以上" if high is None else f"{low}–{high} 岁"


def _as_appointment(value):
    return {"how": value} if isinstance(value, str) else value


class Appointment(Strict):
    how: Text
    url: Optional[Text] = None


def _as_list(value):
    return [value] if isinstance(value, (str, int)) else value


def _phone(value):
    text = re.sub(r"[\s（）()]", "", str(value))
    if not _PHONE.match(text):
        raise ValueError(f"电话「{value}」的格式不对，请写成“0932-1234567”或 11 位手机号")
    return text


class Access(Strict):
    wheelchair: Optional[bool] = None
    parking: Optional[bool] = None
    note: Optional[Text] = None


def _as_status(value):
    return {"state": value} if isinstance(value, str) else value


class Status(Strict):
    state: Literal["open", "paused", "closed"] = "open"
    reason: Optional[Text] = None
    until: Optional[dt.date] = None

    @model_validator(mode="after")
    def _reason_when_not_open(self):
        if self.state != "open" and not self.reason:
            raise ValueError("暂停（paused）或停止（closed）接种时，请用 reason 写明原因，让群众知道")
        if self.state == "open" and self.until:
            raise ValueError("正常开放的接种点不需要 until；until 只用于暂停时写预计恢复的日期")
        return self

    @property
    def label(self):
        return STATE_LABELS[self.state]


class Verified(Strict):
    date: dt.date
    by: Text

    @field_validator("date")
    @classmethod
    def _not_future(cls, value, info: ValidationInfo):
        today = _today(info)
        if value > today:
            raise ValueError(f"核实日期 {value} 晚于今天（{today}），请填写实际核实的日期")
        return value


def geocode_query(county, township, address):
    """The text `make geocode` looks up; a cached point is used only while this is unchanged."""
    return f"{county.province or ''}{county.city or ''}{county.name}{township}{address}"


def location_from_cache(raw, key, query_parts, info):
    """Fill in a missing `location` from geocoded.yaml (see geocode.py)."""
    if not isinstance(raw, dict) or "location" in raw:
        return raw
    context = info.context or {}
    entry = (context.get("geocoded") or {}).get(key)
    county = context.get("county")
    if entry is None or county is None:
        return raw
    if entry.query != geocode_query(county, *query_parts):
        raise ValueError("地址或名称改过以后还没有重新查坐标：请运行 make geocode，或者直接填写 location")
    return {**raw, "location": {"lat": entry.lat, "lon": entry.lon, "datum": entry.datum,
                                "source": f"按地址自动查询（{entry.provider}，{entry.date}），可能不够准确"}}


class GeocodedEntry(Strict):
    key: Text
    query: Text
    lat: float
    lon: float
    datum: Literal["wgs84", "gcj02", "bd09"]
    provider: Text
    date: dt.date


class GeocodedFile(Strict):
    entries: list[GeocodedEntry] = []


class Site(Strict):
    id: Slug
    name: Text
    kind: Literal["cdc", "health_centre", "school_district", "temporary"]
    township: Text
    school_district: Optional[Text] = None
    address: Text
    location: Location
    hours: Hours
    vaccines: list[Vaccine] = Field(min_length=1)
    walk_in: bool = False
    appointment: Annotated[Optional[Appointment], BeforeValidator(_as_appointment)] = None
    phone: Annotated[list[Annotated[str, BeforeValidator(_phone)]], BeforeValidator(_as_list)] = []
    access: Access = Access()
    status: Annotated[Status, BeforeValidator(_as_status)] = Status()
    notes: Optional[Text] = None
    verified: Verified

    @model_validator(mode="before")
    @classmethod
    def _geocoded(cls, raw, info: ValidationInfo):
        if not isinstance(raw, dict):
            return raw
        return location_from_cache(raw, f"site:{raw.get('id')}", (raw.get("township"), raw.get("address")), info)

    @field_validator("township")
    @classmethod
    def _known_township(cls, value, info: ValidationInfo):
        townships = (info.context or {}).get("townships")
        if townships is not None and value not in townships:
            guess = difflib.get_close_matches(value, list(townships), n=1, cutoff=0.5)
            hint = f"是不是「{guess[0]}」？" if guess else f"本县的乡镇有：{'、'.join(list(townships)[:30])}。"
            raise ValueError(
                f"乡镇「{value}」不在本县的乡镇列表（county.townships）里。{hint}"
                "如果确是新设的乡镇，请先把它加进 county.townships"
            )
        return value

    @field_validator("school_district")
    @classmethod
    def _district_of_township(cls, value, info: ValidationInfo):
        townships = (info.context or {}).get("townships") or {}
        township = townships.get(info.data.get("township"))
        if value is not None and township is not None and value != township.school_district:
            expected = township.school_district or "（该乡镇没有登记学区）"
            raise ValueError(
                f"学区「{value}」与乡镇「{township.name}」登记的学区不一致，应为：{expected}"
            )
        return value

    @model_validator(mode="after")
    def _how_to_get_in(self):
        if not self.walk_in and self.appointment is None:
            raise ValueError(
                "请写明怎么去接种：可以直接去就写 walk_in: true，需要预约就写 appointment（如何预约）"
            )
        return self

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


class SitesFile(Strict):
    """The whole file. Sites are validated one by one in load.py, so that
    every error in every site is reported in one run."""

    county: dict
    sites: list[dict] = Field(min_length=1)


# --- places.yaml: the gazetteer of villages ------------------------------------

def pinyin_slug(name):
    """城关村 -> 'chengguancun': a default id for a village, stable while its name is."""
    from pypinyin import lazy_pinyin
    return re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(name)).lower()) or "v"


def _default_village_id(raw):
    if isinstance(raw, dict) and raw.get("id") is None and isinstance(raw.get("name"), str):
        return {**raw, "id": pinyin_slug(raw["name"].strip())}
    return raw


def village_key(township, village_id):
    return f"village:{township}/{village_id}"


class Village(Strict):
    id: Slug
    name: Text
    code: Optional[Annotated[str, BeforeValidator(str)]] = None  # 12-digit statistical division code
    # Omitted: the village is placed at its township's centre, and pages say so.
    location: Optional[Location] = None

    _default_id = model_validator(mode="before")(_default_village_id)


class PlaceTownship(Strict):
    township: Text
    code: Optional[Annotated[str, BeforeValidator(str)]] = None
    centre: Location
    villages: list[Village] = []

    @model_validator(mode="before")
    @classmethod
    def _geocoded_villages(cls, raw, info: ValidationInfo):
        if not isinstance(raw, dict) or not isinstance(raw.get("villages"), list):
            return raw
        villages = [
            location_from_cache(_default_village_id(v), village_key(raw.get("township"), _default_village_id(v).get("id")),
                                (raw.get("township"), v.get("name")), info) if isinstance(v, dict) else v
            for v in raw["villages"]
        ]
        return {**raw, "villages": villages}

    _known_township = field_validator("township")(Site._known_township.__func__)


class PlacesFile(Strict):
    source: Optional[Text] = None
    townships: list[dict] = Field(min_length=1)


# --- schools.yaml: the schools that send the 小手拉大手 letter home -------------------

LEVEL_LABELS = {"primary": "小学", "middle": "初中", "high": "高中", "nine_year": "九年一贯制学校"}


class Contact(Strict):
    name: Optional[Text] = None
    phone: Optional[Annotated[str, BeforeValidator(_phone)]] = None


class School(Strict):
    id: Slug
    name: Text
    township: Text
    school_district: Text
    level: Literal["primary", "middle", "high", "nine_year"]
    location: Location
    contact: Optional[Contact] = None

    _known_township = field_validator("township")(Site._known_township.__func__)
    _district = field_validator("school_district")(Site._district_of_township.__func__)

    @property
    def level_label(self):
        return LEVEL_LABELS[self.level]


class SchoolsFile(Strict):
    schools: list[dict] = Field(min_length=1)
