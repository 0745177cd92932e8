"""Opening hours: parsing the clerk's notation and saying it back in words."""

import re
from dataclasses import dataclass

from datafile.dates import WEEKDAY_NAMES
from datafile.messages import shown

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_SPAN = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*[-–—~～至]\s*(\d{1,2})[:：](\d{2})\s*$")
_DAY_KEY = re.compile(r"^\s*([a-z]{3})\s*(?:-\s*([a-z]{3})\s*)?$")


@dataclass(frozen=True, order=True)
class Span:
    """One opening span within a day, in minutes after midnight."""

    opens: int
    closes: int

    def __str__(self):
        return f"{_clock(self.opens)}–{_clock(self.closes)}"

    def as_pair(self):
        return [_clock(self.opens), _clock(self.closes)]


def _clock(minutes):
    return f"{minutes // 60}:{minutes % 60:02d}"


def parse_span(text):
    """'8:00-12:00' -> Span. Raises ValueError with a message for the clerk."""
    match = _SPAN.match(str(text))
    if not match:
        raise ValueError(f"时间段「{shown(text)}」的格式不对，请写成“8:00-12:00”这样（开始-结束，24 小时制）")
    oh, om, ch, cm = (int(g) for g in match.groups())
    for hour, minute in ((oh, om), (ch, cm)):
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            raise ValueError(f"时间段「{shown(text)}」里的 {hour}:{minute:02d} 不是有效的时间，小时应为 0–24，分钟应为 0–59")
    span = Span(oh * 60 + om, ch * 60 + cm)
    if span.closes <= span.opens:
        raise ValueError(f"时间段「{shown(text)}」的结束时间不晚于开始时间，请检查是否写反了（应为“开始-结束”）")
    return span


def parse_day_key(key):
    """'mon' -> (0,), 'mon-fri' -> (0, 1, 2, 3, 4)."""
    match = _DAY_KEY.match(str(key).lower())
    if not match or match.group(1) not in WEEKDAYS or (match.group(2) and match.group(2) not in WEEKDAYS):
        raise ValueError(
            f"「{shown(key)}」不是星期的写法，请用 mon tue wed thu fri sat sun（周一至周日），"
            "或用连字符写一段，如 mon-fri"
        )
    first = WEEKDAYS.index(match.group(1))
    last = WEEKDAYS.index(match.group(2)) if match.group(2) else first
    if last < first:
        raise ValueError(f"「{shown(key)}」的起止星期写反了，请写成从前到后，如 mon-fri")
    return tuple(range(first, last + 1))


def check_no_overlap(spans):
    """Raise ValueError if spans of one day overlap."""
    ordered = sorted(spans)
    for before, after in zip(ordered, ordered[1:]):
        if after.opens < before.closes:
            raise ValueError(f"同一天的时间段 {before} 和 {after} 重叠了，请合并或改正")


def describe_week(week):
    """{weekday: [Span]} -> '周一至周五 8:00–12:00、14:30–17:30；周六 9:00–12:00；周日 休息'."""
    groups = []
    for day in range(7):
        spans = tuple(week.get(day, ()))
        if groups and groups[-1][2] == spans:
            groups[-1][1] = day
        else:
            groups.append([day, day, spans])
    parts = []
    for first, last, spans in groups:
        if first == last:
            days = WEEKDAY_NAMES[first]
        elif last == first + 1:
            days = f"{WEEKDAY_NAMES[first]}、{WEEKDAY_NAMES[last]}"
        else:
            days = f"{WEEKDAY_NAMES[first]}至{WEEKDAY_NAMES[last]}"
        parts.append(f"{days} {describe_spans(spans)}")
    return "；".join(parts)


def describe_spans(spans):
    return "、".join(str(s) for s in spans) if spans else "休息"
