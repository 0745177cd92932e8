"""日通报: the daily CSV reports are checked, and the board adds up."""

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, TODAY, run_pelican
from progress.load import COLUMNS, load

TOWNSHIPS = ["平襄镇", "马营镇", "鸡川镇"]
HEADER = ",".join(COLUMNS)


def row(date, township, numbers=(1000, 600, 500, 5000, 4000, 3500, 800, 600, 500), note=""):
    return ",".join([date, township, *map(str, numbers), note])


def write(folder, name, *rows):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def check(folder, today="2026-11-28"):
    return load(folder, TOWNSHIPS, dt.date.fromisoformat(today))


def test_good_reports_pass(tmp_path):
    write(tmp_path, "2026-11-27.csv", row("2026-11-27", "平襄镇"), row("2026-11-27", "马营镇"))
    write(tmp_path, "2026-11-28.csv", row("2026-11-28", "平襄镇", (1000, 610, 520, 5000, 4000, 3600, 800, 600, 500)),
          row("2026-11-28", "马营镇"))
    reports, problems, warnings = check(tmp_path)
    assert len(reports) == 4 and problems == [] and warnings == []


@pytest.mark.parametrize("bad_row,words", [
    (row("2026-11-28", "马营乡"), "不在本县的乡镇列表"),
    (row("2026-11-28", "平襄镇", (1000, -5, 0, 5000, 4000, 3500, 800, 600, 500)), "是负数"),
    (row("2026-11-28", "平襄镇", (1000, "六百", 500, 5000, 4000, 3500, 800, 600, 500)), "应填整数"),
    (row("2026-11-28", "平襄镇", (1000, 1200, 500, 5000, 4000, 3500, 800, 600, 500)), "超过了目标人数"),
    (row("2026-11-28", "平襄镇", (1000, 600, 700, 5000, 4000, 3500, 800, 600, 500)), "比第一剂累计（600）还多"),
    (row("2026-12-05", "平襄镇"), "晚于今天"),
    (row("2026/11/28", "平襄镇"), "日期「2026/11/28」的格式不对"),
])
def test_each_bad_row_is_reported_on_its_line(tmp_path, bad_row, words):
    write(tmp_path, "2026-11-28.csv", row("2026-11-28", "鸡川镇"), bad_row)
    _, problems, _ = check(tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].file == "2026-11-28.csv" and problems[0].line == 3 and words in problems[0].message


def test_more_than_the_target_is_fine_with_a_note(tmp_path):
    write(tmp_path, "2026-11-28.csv", row("2026-11-28", "平襄镇", (1000, 1200, 500, 5000, 4000, 3500, 800, 600, 500),
                                          "外地务工人员返乡在本地接种"))
    assert check(tmp_path)[1] == []


def test_cumulative_figures_never_go_down(tmp_path):
    write(tmp_path, "2026-11-27.csv", row("2026-11-27", "平襄镇"))
    write(tmp_path, "2026-11-28.csv", row("2026-11-28", "平襄镇", (1000, 590, 500, 5000, 4000, 3500, 800, 600, 500)))
    _, problems, _ = check(tmp_path)
    assert len(problems) == 1 and problems[0].file == "2026-11-28.csv" and problems[0].line == 2
    assert "从 2026-11-27 的 600 降到了 2026-11-28 的 590" in problems[0].message


def test_a_missing_day_is_a_warning(tmp_path):
    write(tmp_path, "2026-11-25.csv", row("2026-11-25", "平襄镇"))
    write(tmp_path, "2026-11-28.csv", row("2026-11-28", "平襄镇"))
    _, problems, warnings = check(tmp_path)
    assert problems == [] and len(warnings) == 1
    assert "缺少 2026-11-26、2026-11-27 的报告" in warnings[0].message and warnings[0].file == "2026-11-28.csv"


def test_a_wrong_header_is_explained(tmp_path):
    (tmp_path / "x.csv").write_text("date,township\n2026-11-28,平襄镇\n", encoding="utf-8")
    _, problems, _ = check(tmp_path)
    assert problems[0].line == 1 and "make progress-template" in problems[0].message


def test_bad_reports_stop_the_build(tmp_path):
    folder = tmp_path / "progress"
    shutil.copytree(ROOT / "progress", folder)
    last = folder / "2026-11-28.csv"
    last.write_text(last.read_text(encoding="utf-8").replace(",平襄镇,", ",平襄乡,"), encoding="utf-8")
    build = run_pelican(tmp_path / "out", extra=[f'PROGRESS_DIR="{folder}"'])
    assert build.returncode != 0 and "2026-11-28.csv:2:" in build.stderr and "Traceback" not in build.stderr


# --- the board, built from the sample ------------------------------------------------------------

def sample_latest():
    text = (ROOT / "progress/2026-11-28.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_board_totals_match_the_reports(sample_build):
    page = sample_build.page("progress")
    rows = sample_latest()
    assert len(page.select(".progress-table tbody tr")) == len(rows) == 18
    full = sum(int(r[c]) for r in rows for c in COLUMNS if c.endswith("全程累计"))
    target = sum(int(r[c]) for r in rows for c in COLUMNS if c.endswith("目标人数"))
    county = page.select_one(".progress-table tfoot")
    assert county.select("td")[2].get_text() == f"{100 * full / target:.1f}%"
    sixty = 100 * sum(int(r["60 岁及以上全程累计"]) for r in rows) / sum(int(r["60 岁及以上目标人数"]) for r in rows)
    assert county.select("td")[1].get_text() == f"{sixty:.1f}%"
    assert "priority" in county.select("td")[1]["class"]  # the 60+ band stands out
    ranks = [float(tr.select("td")[2].get_text().rstrip("%")) for tr in page.select(".progress-table tbody tr")]
    assert ranks == sorted(ranks, reverse=True)


def test_chart_has_one_series_per_township_and_chinese_axes(sample_build):
    page = sample_build.page("progress")
    svg = page.select_one("svg.chart")
    names = [g["data-series"] for g in svg.select("g.chart__series")]
    assert len(names) == 19
    assert set(names) == {r["乡镇"] for r in sample_latest()} | {"全县"}
    labels = {t.get_text() for t in svg.select("text")}
    assert {"报告日期", "全程接种率（%）", "0%", "100%", "10月30日", "11月28日"} <= labels
    assert svg["role"] == "img" and svg.select_one("title").get_text()
    assert len(page.select(".series-table tbody tr")) == 30  # the same numbers as a table


def test_township_page_shows_its_own_line(sample_build):
    page = sample_build.page("townships/maying")
    line = page.select_one(".progress-line")
    assert "全程接种率" in line.get_text() and "60 岁及以上" in line.get_text()
    assert {g["data-series"] for g in line.select("g.chart__series")} == {"马营镇", "全县"}
    assert line.find("a", string="看全县接种进度（日通报）")


def test_a_stale_board_says_so(tmp_path):
    build = run_pelican(tmp_path / "out", today="2026-12-05")
    assert build.returncode == 0, build.stderr
    assert "最新的报告已经是 7 天前的了" in build.page("progress").get_text()
    assert "stale-warning" not in str(run_pelican(tmp_path / "fresh").page("progress"))


def test_progress_template_writes_the_next_day(tmp_path):
    folder = tmp_path / "progress"
    shutil.copytree(ROOT / "progress", folder)
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nPROGRESS_DIR = {str(folder)!r}\nSITES_TODAY = {TODAY!r}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    result = subprocess.run([sys.executable, "-m", "progress.blank_report", str(conf)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO((folder / "2026-11-29.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == COLUMNS and len(rows) == 19
    assert rows[1][:3] == ["2026-11-29", "平襄镇", sample_latest()[0]["60 岁及以上目标人数"]]
    assert rows[1][3] == "" and rows[1][4] == ""
