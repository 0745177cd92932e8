"""sites.yaml: the county (its name, bounding box and townships) and every vaccination point."""

import datetime as dt
import functools
import re
from typing import Annotated, Literal, Optional

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from datafile.fields import Strict, Text, not_after_today, web_address
from datafile.messages import shown

from .. import hours as hours_mod
from ..kinds import DOSES, KIND_KEYS, KIND_LABELS, STATE_KEYS, STATE_LABELS
from .common import Location, Phone, Slug, district_of_township, known_township
from .geocoded import location_from_cache, site_key

_AGES = re.compile(r"^\s*(\d{1,3})\s*(?:(?:-|–|~|～|至)\s*(\d{1,3})|(\+|岁以上|岁及以上))\s*岁?\s*$")


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

SpanText = Annotated[hours_mod.Span, BeforeValidator(hours_mod.parse_span)]


def _span_list(value):
    """'8:00-12:00, 14:30-17:30' (the easy way to write it) -> ['8:00-12:00', '14:30-17:30']."""
    if isinstance(value, str):
        return [part for part in re.split(r"[,，、;；\s]+", value) if part]
    return value


SpanList = Annotated[list[SpanText], BeforeValidator(_span_list)]


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
    weekly: dict[Annotated[tuple, BeforeValidator(hours_mod.parse_day_key)], SpanList]
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
        return self._description

    @functools.cached_property
    def _description(self):
        # Asked for by every page and poster that lists the site: a province asks 120,000 times.
        return hours_mod.describe_week(self.weekly)

    def compact(self):
        """Plain data for scripts that work out 'today' on the phone (weekday 0 = Monday): one
        dict per record, which callers read and never change."""
        return self._compact

    @functools.cached_property
    def _compact(self):
        # Asked for by the finder, the maps, the open data and every page that lists the site;
        # a process that builds again keeps the records, and this with them.
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
        raise ValueError(f"年龄「{shown(value)}」的写法不对，请写成“18-59”（含两端）或“60+”（60 岁及以上）")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else None
    if high is not None and high < low:
        raise ValueError(f"年龄「{shown(value)}」的起止写反了，请从小写到大，如“3-17”")
    return (low, high)


class Vaccine(Strict):
    name: Text
    ages: Annotated[tuple, BeforeValidator(_ages)]
    doses: list[Literal[tuple(DOSES)]] = []
    maker: Optional[Text] = None

    @property
    def ages_text(self):
        low, high = self.ages
        return f"{low} 岁及以上" if high is None else f"{low}–{high} 岁"


def _as_appointment(value):
    return {"how": value} if isinstance(value, str) else value


AppointmentUrl = web_address("预约网址")


class Appointment(Strict):
    how: Text
    url: Optional[AppointmentUrl] = None


def _as_list(value):
    return [value] if isinstance(value, (str, int)) else value


class Access(Strict):
    wheelchair: Optional[bool] = None
    parking: Optional[bool] = None
    note: Optional[Text] = None


def _as_status(value):
    return {"state": value} if isinstance(value, str) else value


class Status(Strict):
    state: Literal[STATE_KEYS] = "open"
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

    _not_future = field_validator("date")(not_after_today("核实"))


class Visit(Strict):
    """One dated stop of a mobile team (流动接种): a village, or a place in a township."""

    date: dt.date
    hours: SpanList
    # A village of places.yaml, by name or id, in `township` (the team's own when not given)...
    village: Optional[Text] = None
    township: Optional[Text] = None
    # ...or a place that is not a village, such as a market; placed at `location`, or at the
    # township's centre when it has none.
    place: Optional[Text] = None
    location: Optional[Location] = None
    where: Optional[Text] = None          # the spot in the village: 村委会, 村卫生室
    vaccines: list[Text] = []             # names of the team's vaccines given on this visit (all when empty)
    ages: Optional[Annotated[tuple, BeforeValidator(_ages)]] = None
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _village_or_place(self):
        if bool(self.village) == bool(self.place):
            raise ValueError("每次流动接种要写 village（本乡镇的村名或村的编号）或 place（集市等地点名），只写其中一个")
        if self.village and self.location:
            raise ValueError("到村的流动接种不用写 location：村的位置在 places.yaml 里；"
                             "location 只用于 place（集市等地点）")
        hours_mod.check_no_overlap(self.hours)
        if not self.hours:
            raise ValueError("请写明这次流动接种的时间，如 hours: 9:00-12:00")
        return self

    @property
    def ages_text(self):
        if self.ages is None:
            return ""
        low, high = self.ages
        return f"{low} 岁及以上" if high is None else f"{low}–{high} 岁"


class Site(Strict):
    id: Slug
    name: Text
    kind: Literal[KIND_KEYS]
    township: Text
    school_district: Optional[Text] = None
    address: Text
    location: Location
    hours: Hours
    vaccines: list[Vaccine] = Field(min_length=1)
    walk_in: bool = False
    appointment: Annotated[Optional[Appointment], BeforeValidator(_as_appointment)] = None
    phone: Annotated[list[Phone], BeforeValidator(_as_list)] = []
    access: Access = Access()
    status: Annotated[Status, BeforeValidator(_as_status)] = Status()
    notes: Optional[Text] = None
    verified: Verified
    visits: list[Visit] = []   # dated stops of a mobile team, checked against places.yaml in load.py

    @model_validator(mode="before")
    @classmethod
    def _geocoded(cls, raw, info: ValidationInfo):
        if not isinstance(raw, dict):
            return raw
        return location_from_cache(raw, site_key(raw.get("id")), (raw.get("township"), raw.get("address")), info)

    _known_township = field_validator("township")(known_township)
    _district = field_validator("school_district")(district_of_township)

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

    @property
    def is_mobile_team(self):
        """A team with a schedule of visits: residents meet it at a village, not at its base."""
        return bool(self.visits)


class SitesFile(Strict):
    """The whole file. Sites are validated one by one in load.py, so that
    every error in every site is reported in one run."""

    county: dict
    vaccines: list[dict] = []   # schedules.Product, one per vaccine product
    sites: list[dict] = Field(min_length=1)
