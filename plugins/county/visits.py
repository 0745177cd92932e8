"""流动接种: the dated visits of mobile teams, checked against the gazetteer, and where each one is.

A visit names a village of places.yaml (by name or id, in the team's township or another one it
names) or a place that is not a village (a market), which stands at its own location or at its
township's centre. load.py calls check() with every valid site and the gazetteer; the model
(model.py) resolves each visit into a VisitStop: who, when, where, and the point to measure from.
"""

import datetime as dt
import difflib
from dataclasses import dataclass

from datafile.messages import shown
from datafile.yamlfile import line_of

from .schema.places import pinyin_slug


@dataclass(frozen=True)
class VisitStop:
    site: object                 # the team (schema.sites.Site)
    visit: object                # schema.sites.Visit
    township: str
    village: object              # schema.places.Village, or None for a place
    point: tuple                 # (lat, lon) in WGS-84
    estimated: bool              # the point is the township's centre, not the village's or place's own

    @property
    def date(self):
        return self.visit.date

    @property
    def place_name(self):
        return self.village.name if self.village else self.visit.place

    @property
    def spans_text(self):
        return "、".join(str(span) for span in self.visit.hours)

    def vaccine_names(self):
        return list(self.visit.vaccines) or [vaccine.name for vaccine in self.site.vaccines]


def find_village(villages, wanted):
    """The village called `wanted` (its name or its id) among `villages`, or None."""
    return next((village for village in villages if wanted in (village.name, village.id)), None)


def closest_village(villages, typed):
    """The name of the village `typed` most likely means: by its characters or by how it sounds
    (a clerk typing pinyin picks 张三村 for 张山村), or None."""
    def likeness(village):
        by_name = difflib.SequenceMatcher(None, typed, village.name).ratio()
        by_sound = difflib.SequenceMatcher(None, pinyin_slug(typed), village.id).ratio()
        return max(by_name, by_sound)
    best = max(villages, key=likeness, default=None)
    return best.name if best is not None and likeness(best) >= 0.6 else None


def check(doc, indexed_sites, villages_by_township, townships):
    """Report, with their lines in sites.yaml, the visits that name an unknown township or village,
    a vaccine the team does not have, or a time when the same team is somewhere else."""
    for index, site in indexed_sites:
        booked = []  # (date, span, where, line) of the team's visits so far
        offered = {vaccine.name for vaccine in site.vaccines}
        for number, visit in enumerate(site.visits):
            loc = ("sites", index, "visits", number)
            who = f"接种点「{site.id}」{visit.date} 的流动接种："
            township = visit.township or site.township
            if township not in townships:
                guess = difflib.get_close_matches(township, list(townships), n=1, cutoff=0.5)
                doc.report(loc + ("township",), f"{who}乡镇「{shown(township)}」不在本县的乡镇列表里。"
                                                + (f"是不是「{guess[0]}」？" if guess else ""))
                continue
            if visit.village:
                known = villages_by_township.get(township, [])
                if not known:
                    doc.report(loc + ("village",), f"{who}places.yaml 里还没有登记{township}的村。请先把「{shown(visit.village)}」"
                                                   "加进 places.yaml，或者改用 place 写地点名")
                elif find_village(known, visit.village) is None:
                    guess = closest_village(known, visit.village)
                    hint = f"是不是「{guess}」？" if guess else f"{township}登记的村有：{'、'.join(v.name for v in known[:20])}"
                    doc.report(loc + ("village",), f"{who}村「{shown(visit.village)}」不在 places.yaml 的{township}里。{hint}")
            unknown = [name for name in visit.vaccines if name not in offered]
            if unknown:
                doc.report(loc + ("vaccines",), f"{who}疫苗「{shown(unknown[0])}」不在这个接种点的 vaccines 里，"
                                                f"可以写：{'、'.join(sorted(offered))}")
            where = (township, visit.village or visit.place)
            line = line_of(doc.doc, loc)
            for date, span, other_where, other_line in booked:
                for mine in visit.hours:
                    if date == visit.date and mine.opens < span.closes and span.opens < mine.closes:
                        if other_where == where:
                            doc.report(loc, f"{who}和第 {other_line} 行的安排是同一天、同一地点、时间重叠，写了两次，请删去一条")
                        else:
                            doc.report(loc, f"{who}{mine} 和第 {other_line} 行的 {span}（{other_where[1]}）时间重叠。"
                                            "同一支流动队同一时间只能在一个地方，请核对日期和时间")
            booked += [(visit.date, span, where, line) for span in visit.hours]


def resolve(sites, villages_by_township, centres):
    """Every visit of every site as a VisitStop, in date order."""
    stops = []
    for site in sites:
        for visit in site.visits:
            township = visit.township or site.township
            village = find_village(villages_by_township.get(township, []), visit.village) if visit.village else None
            own = village.location if village else visit.location
            point = own.wgs84 if own else centres.get(township, site.location.wgs84)
            stops.append(VisitStop(site, visit, township, village, point, estimated=own is None))
    return sorted(stops, key=lambda stop: (stop.date, stop.visit.hours[0].opens, stop.site.id))


def coming(stops, today, days=None):
    """The stops on or after `today` (and within `days` of it, when given)."""
    last = today + dt.timedelta(days=days) if days is not None else None
    return [stop for stop in stops if stop.date >= today and (last is None or stop.date < last)]
