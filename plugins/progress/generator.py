"""ProgressGenerator: the 日通报 board page, and each township's own line for its page."""

import logging

from county.cache import load as load_county
from datafile.dates import date_zh
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator

from . import board, chart
from .load import BAND_LABELS, BANDS, read_folder

logger = logging.getLogger(__name__)


class ProgressGenerator(FeatureGenerator):
    provides = ("progress",)
    needs = ("townships",)  # the board links each township to its page
    made_from = (*COUNTY_FILES, "PROGRESS_DIR")
    data_loader = staticmethod(load_county)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.townships = [t.name for t in self.data.county.townships]
        self.reports, problems, warnings = read_folder(self.settings, self.townships)
        self.stop_on(problems)
        for warning in warnings:
            logger.warning("%s", warning)

    def generate_context(self):
        super().generate_context()
        if not self.reports:
            # The menu links to the board from the first day: say there is none yet.
            self.add_page(self.settings["PROGRESS_SAVE_AS"], "progress", self.settings["PROGRESS_URL"], "接种进度页",
                          page_name="progress", no_reports=True, reads=[])
            return
        county, ranked, township_series, county_series, dates = board.build(self.reports, self.townships)
        latest = dates[-1]
        period = f"{date_zh(dates[0], weekday=False)}至{date_zh(latest, weekday=False)}"
        stale_days = (self.settings["SITES_TODAY"] - latest).days
        series = dict(township_series)
        series["全县"] = county_series
        per_township = {}
        for line in ranked:
            per_township[line.name] = {
                "line": line,
                "chart": chart.line_chart({line.name: township_series[line.name], "全县": county_series}, line.name,
                                          f"{line.name}全程接种率的变化", f"{line.name}与全县的全程接种率，{period}",
                                          chart_id=f"chart-{line.name}"),
            }
        self.provide(progress={
            "url": self.settings["PROGRESS_URL"],
            "county": county, "ranked": ranked, "townships": per_township,
            "latest": latest, "first": dates[0], "days": len(dates),
            "stale": stale_days > self.settings["PROGRESS_STALE_DAYS"], "stale_days": stale_days,
            "bands": [(band, BAND_LABELS[band]) for band in BANDS],
            "chart": chart.line_chart(series, "全县", "各乡镇全程接种率的变化",
                                      f"全县和 {len(township_series)} 个乡镇的全程接种率（12 岁及以上合计），{period}"),
            "series_table": [(date, [dict(series[name]).get(date) for name in [l.name for l in ranked]],
                              dict(county_series).get(date)) for date in dates],
        })
        url = self.settings["PROGRESS_URL"]
        self.add_page(self.settings["PROGRESS_SAVE_AS"], "progress", url, "接种进度页", page_name="progress",
                      reads=[("progress",), *(("townships", name, "url") for name in self.context["townships"])])

