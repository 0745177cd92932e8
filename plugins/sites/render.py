"""What the templates show about a site: words for hours, today, ages of data."""

import datetime as dt
import json
import re
from urllib.parse import quote

from .hours import WEEKDAY_NAMES, describe_spans
from .schema import DOSE_LABELS

UPCOMING_EXCEPTION_DAYS = 60


def date_zh(date):
    """2026-11-28 -> '11月28日（周六）'."""
    return f"{date.month}月{date.day}日（{WEEKDAY_NAMES[date.weekday()]}）"


def today_line(site, today):
    """What a resident needs first: is it open on `today`, and when."""
    if site.status.state != "open":
        return site.status.label
    spans, note = site.hours.on(today)
    text = f"开放 {describe_spans(spans)}" if spans else "休息"
    return f"{text}（{note}）" if note else text


def week_rows(site):
    """[(周一, '8:00–12:00、14:30–17:30'), ...] for the weekly table."""
    return [(WEEKDAY_NAMES[d], describe_spans(site.hours.weekly.get(d, ()))) for d in range(7)]


def upcoming_exceptions(site, today):
    horizon = today + dt.timedelta(days=UPCOMING_EXCEPTION_DAYS)
    return [
        (date_zh(e.date), "不开放" if e.closed else f"开放 {describe_spans(e.spans)}", e.note)
        for e in site.hours.exceptions if today <= e.date <= horizon
    ]


def days_since(date, today):
    return (today - date).days


def days_ago_text(days):
    return "今天" if days == 0 else "昨天" if days == 1 else f"{days} 天前"


def doses_text(vaccine):
    return "、".join(DOSE_LABELS[d] for d in vaccine.doses)


def tel_href(phone):
    return "tel:" + re.sub(r"[^0-9]", "", phone)


def hours_json(site):
    """The same hours for opening-hours.js, which redoes 'today' on the phone's own date."""
    return json.dumps({"state": site.status.state, "label": site.status.label, **site.hours.compact()},
                      ensure_ascii=False, separators=(",", ":"))


def correction_href(contact, site):
    if contact.get("url"):
        joiner = "&" if "?" in contact["url"] else "?"
        return f"{contact['url']}{joiner}site={site.id}"
    if contact.get("phone"):
        return tel_href(contact["phone"])
    return f"mailto:{contact['email']}?subject={quote(f'信息有误：{site.name}（{site.id}）')}"


FILTERS = {
    "date_zh": date_zh,
    "days_ago_text": days_ago_text,
    "doses_text": doses_text,
    "tel_href": tel_href,
    "hours_json": hours_json,
    "week_rows": week_rows,
}
