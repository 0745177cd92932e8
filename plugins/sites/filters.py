"""What the templates show about a site: words for hours, today, doses; the correction link."""

import datetime as dt
import json
from urllib.parse import quote

from county import navigation
from county.hours import describe_spans
from county.kinds import DOSES
from county.schema.schedules import browser_json
from datafile.dates import WEEKDAY_NAMES, date_zh
from datafile.phone import tel_href

UPCOMING_EXCEPTION_DAYS = 60


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


def visits_by_week(stops):
    """[(heading, [stops])]: coming visits under "11月30日（周一）至12月6日（周日）", one week each."""
    weeks = {}
    for stop in stops:
        monday = stop.date - dt.timedelta(days=stop.date.weekday())
        weeks.setdefault(monday, []).append(stop)
    return [(f"{date_zh(monday)}至{date_zh(monday + dt.timedelta(days=6))}", week) for monday, week in sorted(weeks.items())]


def days_since(date, today):
    return (today - date).days


def doses_text(vaccine):
    return "、".join(DOSES[d] for d in vaccine.doses)


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


# What follows from a page's planned values alone is worked out by a filter as the page is drawn,
# not planned as a value of its own: a province's rebuild plans 3,350 site pages and draws a few.
FILTERS = {
    "navigation": navigation.for_page,   # site|navigation(NAVIGATION_SOURCE): the navigate component's links
    "today_line": today_line,
    "doses_text": doses_text,
    "hours_json": hours_json,
    "week_rows": week_rows,              # site|week_rows
    "browser_json": browser_json,        # schedules|browser_json: next-dose.js's data
    "correction_href": correction_href,  # CORRECTION_CONTACT|correction_href(site)
}
