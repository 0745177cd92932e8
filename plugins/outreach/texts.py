"""Texts a grid worker (网格员) pastes into a village's or township's WeChat group.

Plain text of at most MAX_CHARS characters: the essentials first (where, when, phone, what to
bring), then as much of the rest as fits, and the page's link last, always. No HTML, no emoji
(old phones show them as boxes), no characters outside the common Chinese and Latin ranges.
"""

from datafile.dates import date_zh
from datafile.phone import normalise

MAX_CHARS = 300


def _hours(text):
    # "8:00–12:00" with an en dash; an ASCII hyphen reads the same on every phone.
    return text.replace("–", "-")


def _fit(parts, link, limit=MAX_CHARS):
    """The text of `parts` [(priority, text)] in their order, and the link. Parts are taken by
    priority (0 first) while they fit; one that does not fit ends the taking, so the message never
    has a hole in the middle of what matters."""
    tail = f"详情：{link}"
    room = limit - len(tail)
    chosen = set()
    for index, (_, text) in sorted(enumerate(parts), key=lambda item: item[1][0]):
        if text and len(text) > room:
            break
        chosen.add(index)
        room -= len(text)
    return ("".join(text for index, (_, text) in enumerate(parts) if index in chosen) + tail)[:limit]


def _visit(stop, here=False):
    where = f"{stop.visit.where}" if stop.visit.where else ""
    place = "本村" if here else f"{stop.place_name}"
    return f"{date_zh(stop.date)}{_hours(stop.spans_text)}{stop.site.name}到{place}{where}。"


def _site(site, hit=None):
    phone = f"，电话{normalise(site.phone[0])}" if site.phone else ""
    distance = f"（{hit.text}）" if hit else ""
    return f"{site.name}{distance}，{_hours(site.hours.describe())}{phone}。"


def village_text(township, village, visits, hits, bring, link):
    """For a village: its coming visits, its nearest open sites, what to bring."""
    parts = [(0, f"【{village.name}接种通知】")]
    parts += [(1, _visit(stop, here=True)) for stop in visits[:3]]
    if hits:
        parts.append((2, "离本村最近的接种点："))
        parts += [(2 if number == 0 else 4, _site(hit.site, hit)) for number, hit in enumerate(hits)]
    parts.append((3, f"要带：{bring}。"))
    parts.append((5, "60岁以上老人最需要打，免费。出发前请先打电话确认。"))
    return _fit(parts, link)


def township_text(township, sites, visits, bring, link):
    """For a township: its open sites, its coming visits, what to bring."""
    open_sites = [site for site in sites if site.status.state == "open" and not site.is_mobile_team]
    parts = [(0, f"【{township}疫苗接种】")]
    if open_sites:
        parts.append((1, "本乡镇的接种点："))
        parts += [(1 if number == 0 else 4, _site(site)) for number, site in enumerate(open_sites[:4])]
    else:
        parts.append((1, "本乡镇暂时没有开放的接种点，请到邻近乡镇或县城接种。"))
    parts += [(2 if number == 0 else 5, _visit(stop)) for number, stop in enumerate(visits[:4])]
    parts.append((3, f"要带：{bring}。"))
    parts.append((6, "60岁以上老人最需要打，免费。"))
    return _fit(parts, link)


def site_text(site, visits, bring, link):
    """For one site: where, when, phone, how to get in, its coming visits."""
    how = "可以直接去" if site.walk_in else f"需要预约：{site.appointment.how}" if site.appointment else "需要预约"
    phone = f"电话{'、'.join(normalise(p) for p in site.phone)}。" if site.phone else ""
    state = "" if site.status.state == "open" else f"{site.status.label}：{site.status.reason}。"
    parts = [(0, f"【{site.name}】"), (0, state), (1, f"地址：{site.address}。"),
             (1, f"开放时间：{_hours(site.hours.describe())}。"), (1, phone), (2, f"{how}。")]
    parts += [(4, _visit(stop)) for stop in visits[:4]]
    parts.append((3, f"要带：{bring}。"))
    return _fit(parts, link)
