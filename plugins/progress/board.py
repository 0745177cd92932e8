"""What the board shows, worked out from the reports: totals, coverage, change and rank."""

from dataclasses import dataclass, field

from .load import BANDS


def pct(done, target):
    return 100.0 * done / target if target else 0.0


@dataclass
class Line:
    """One township (or the county) on the latest reporting day."""

    name: str
    latest: object = None            # date of its latest report
    numbers: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)
    rank: int = 0

    def coverage(self, band=None, measure="full"):
        bands = [band] if band else BANDS
        return pct(sum(self.numbers.get((b, measure), 0) for b in bands),
                   sum(self.numbers.get((b, "target"), 0) for b in bands))

    def change(self, band=None, measure="full"):
        """Percentage points since the previous report."""
        if not self.previous:
            return None
        bands = [band] if band else BANDS
        before = pct(sum(self.previous.get((b, measure), 0) for b in bands),
                     sum(self.previous.get((b, "target"), 0) for b in bands))
        return self.coverage(band, measure) - before

    def new_doses(self, measure="full"):
        if not self.previous:
            return None
        return sum(self.numbers[(b, measure)] - self.previous[(b, measure)] for b in BANDS)

    def total(self, band, measure):
        return self.numbers.get((band, measure), 0)


def build(reports, townships):
    """(county Line, [township Lines ranked], {township: [(date, coverage)]}, county series, dates)."""
    dates = sorted({r.date for r in reports})
    by_township = {}
    for report in reports:
        by_township.setdefault(report.township, []).append(report)
    lines = []
    for name in townships:
        series = sorted(by_township.get(name, []), key=lambda r: r.date)
        if not series:
            continue
        line = Line(name, series[-1].date, dict(series[-1].numbers), dict(series[-2].numbers) if len(series) > 1 else {})
        lines.append(line)
    ranked = sorted(lines, key=lambda l: -l.coverage())
    for position, line in enumerate(ranked, start=1):
        line.rank = position

    county = Line("全县", dates[-1] if dates else None)
    for key in {k for line in lines for k in line.numbers}:
        county.numbers[key] = sum(line.numbers.get(key, 0) for line in lines)
    if all(line.previous for line in lines) and lines:
        county.previous = {key: sum(line.previous.get(key, 0) for line in lines) for key in county.numbers}

    township_series, county_series = {}, []
    for name, series in by_township.items():
        township_series[name] = [(r.date, pct(sum(r.get(b, "full") for b in BANDS), sum(r.get(b, "target") for b in BANDS)))
                                 for r in sorted(series, key=lambda r: r.date)]
    for date in dates:
        day = [r for r in reports if r.date == date]
        county_series.append((date, pct(sum(r.get(b, "full") for r in day for b in BANDS),
                                        sum(r.get(b, "target") for r in day for b in BANDS))))
    return county, ranked, township_series, county_series, dates
