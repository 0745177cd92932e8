"""ProgressGenerator: the 日通报 board page, and each township's own line for its page."""

import datetime as dt
import logging
from pathlib import Path

from pelican.generators import Generator

from datafile.problems import DataError
from sites.settings import data_paths

from . import board, chart
from .load import BAND_LABELS, BANDS, load

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PROGRESS_DIR": "progress",          # next to sites.yaml: one CSV per reporting day
    "PROGRESS_STALE_DAYS": 2,            # the board warns when the latest report is older
    "PROGRESS_URL": "progress/",
    "PROGRESS_SAVE_AS": "progress/index.html",
}


def progress_folder(settings):
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    folder = Path(settings["PROGRESS_DIR"])
    return folder if folder.is_absolute() else Path(settings["PATH"]).parent / folder


def load_reports(settings, townships):
    today = settings.get("SITES_TODAY")
    today = dt.date.fromisoformat(today) if isinstance(today, str) else (today or dt.date.today())
    return load(progress_folder(settings), townships, today), today


class ProgressGenerator(Generator):
    def generate_context(self):
        data = self.context["sites_data"]
        townships = [t.name for t in data.county.townships]
        (reports, problems, warnings), today = load_reports(self.settings, townships)
        if problems:
            if self.settings.get("DEVSERVER"):
                raise DataError(problems)
            raise SystemExit(str(DataError(problems)))
        for warning in warnings:
            logger.warning("%s", warning)
        self.reports = reports
        if not reports:
            return
        county, ranked, township_series, county_series, dates = board.build(reports, townships)
        latest = dates[-1]
        stale_days = (today - latest).days
        series = dict(township_series)
        series["全县"] = county_series
        per_township = {}
        for line in ranked:
            per_township[line.name] = {
                "line": line,
                "chart": chart.line_chart({line.name: township_series[line.name], "全县": county_series}, line.name,
                                          f"{line.name}全程接种率的变化", f"{line.name}与全县的全程接种率，"
                                          f"{chart.date_label(dates[0])}至{chart.date_label(latest)}",
                                          chart_id=f"chart-{line.name}"),
            }
        self.context["progress"] = {
            "url": self.settings["PROGRESS_URL"],
            "county": county, "ranked": ranked, "townships": per_township,
            "latest": latest, "first": dates[0], "days": len(dates),
            "stale": stale_days > self.settings["PROGRESS_STALE_DAYS"], "stale_days": stale_days,
            "bands": [(band, BAND_LABELS[band]) for band in BANDS],
            "chart": chart.line_chart(series, "全县", "各乡镇全程接种率的变化",
                                      f"全县和 {len(township_series)} 个乡镇的全程接种率（12 岁及以上合计），"
                                      f"{chart.date_label(dates[0])}至{chart.date_label(latest)}"),
            "series_table": [(date, [dict(series[name]).get(date) for name in [l.name for l in ranked]],
                              dict(county_series).get(date)) for date in dates],
        }

    def data_inputs(self):
        """What this generator's pages are made from (see the incremental plugin)."""
        return data_paths(self.settings) + [self.settings["PROGRESS_DIR"]]

    def generate_output(self, writer):
        if not getattr(self, "reports", None):
            return
        url = self.settings["PROGRESS_URL"]
        writer.write_file(self.settings["PROGRESS_SAVE_AS"], self.get_template("progress"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url, current_url=url,
                          page_name="progress")
