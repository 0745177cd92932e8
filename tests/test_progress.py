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
    (row("11月28日", "平襄镇"), "日期「11月28日」的格式不对"),   # no year (2026/11/28, as Excel re-saves a CSV, is read)
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


def progress_template(tmp_path, today, *options):
    """`make progress-template` on a copy of the sample's reports: (their folder, the run)."""
    folder = tmp_path / "progress"
    if not folder.exists():
        shutil.copytree(ROOT / "progress", folder)
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nPROGRESS_DIR = {str(folder)!r}\nSITES_TODAY = {today!r}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return folder, subprocess.run([sys.executable, "-m", "progress.blank_report", str(conf), *options], cwd=ROOT,
                                  env=env, capture_output=True, text=True)


def test_progress_template_writes_the_next_day(tmp_path):
    folder, result = progress_template(tmp_path, TODAY)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO((folder / "2026-11-29.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == COLUMNS and len(rows) == 19
    assert rows[1][:3] == ["2026-11-29", "平襄镇", sample_latest()[0]["60 岁及以上目标人数"]]
    assert rows[1][3] == "" and rows[1][4] == ""


# --- the report as a workbook (WPS, Excel) -------------------------------------------------------

def write_xlsx(folder, name, rows, header=COLUMNS):
    from openpyxl import Workbook
    folder.mkdir(exist_ok=True)
    workbook = Workbook()
    workbook.active.append(list(header))
    for values in rows:
        workbook.active.append(list(values))
    workbook.save(folder / name)
    return workbook


def xlsx_row(date, township, numbers=(1000, 600, 500, 5000, 4000, 3500, 800, 600, 500), note=None):
    return [date, township, *numbers, note]


def test_a_workbook_report_is_read_like_a_csv(tmp_path):
    """Numbers as numbers or as text, floats from Excel, full-width digits, a real date cell,
    stray spaces and a blank row: all read as the same report."""
    write_xlsx(tmp_path, "2026-11-28.xlsx", [
        xlsx_row(dt.datetime(2026, 11, 28), "平襄镇", (1000.0, "６００", " 500 ", 5000, 4000, 3500, 800, 600, 500)),
        [None] * len(COLUMNS),
        xlsx_row("2026/11/28", " 马营镇 "),
    ])
    reports, problems, _ = check(tmp_path)
    assert problems == []
    assert [(r.date, r.township, r.get("60+", "first"), r.line) for r in reports] == [
        (dt.date(2026, 11, 28), "平襄镇", 600, 2), (dt.date(2026, 11, 28), "马营镇", 600, 4)]


def test_a_workbook_report_has_the_same_checks_by_row(tmp_path):
    workbook = write_xlsx(tmp_path, "2026-11-28.xlsx", [
        xlsx_row("2026-11-28", "鸡川镇"),
        xlsx_row("2026-11-28", "平襄镇", (1000, 600.5, 500, 5000, 4000, 3500, 800, 600, 500)),
        xlsx_row("2026-11-28", "马营乡"),
        xlsx_row("2026-11-28", "马营镇"),
        xlsx_row("2026-11-28", "马营镇"),
    ])
    workbook.active.merge_cells("L5:L6")
    workbook.save(tmp_path / "2026-11-28.xlsx")
    write(tmp_path, "2026-11-28.csv", row("2026-11-28", "鸡川镇"))   # the same day sent twice
    _, problems, _ = check(tmp_path)
    said = [str(p) for p in problems]
    assert "2026-11-28.xlsx 第 3 行：「60 岁及以上第一剂累计」应填整数（人数），现在是「600.5」" in said
    assert any(s.startswith("2026-11-28.xlsx 第 4 行：乡镇「马营乡」不在本县的乡镇列表") for s in said)
    assert "2026-11-28.xlsx 第 5 行：第 5–6 行有合并的单元格，合并后只读得到第一格。请取消合并，每一行都填完整" in said
    assert "2026-11-28.xlsx 第 6 行：马营镇 2026-11-28 的数字在第 5 行已经填过，请删去一行" in said
    assert "2026-11-28.xlsx 第 2 行：鸡川镇 2026-11-28 的数字在 2026-11-28.csv 的第 2 行已经填过，请删去一行" in said
    assert len(problems) == 5, said


def test_a_file_that_is_not_a_workbook_is_explained(tmp_path):
    tmp_path.joinpath("2026-11-28.xlsx").write_text("日期,乡镇\n", encoding="utf-8")
    _, problems, _ = check(tmp_path)
    assert [str(p) for p in problems] == ["2026-11-28.xlsx: 这个文件打不开，不是 .xlsx 格式的表格。请在 WPS 或 Excel 里用“另存为”，"
                                          "文件类型选“Excel 工作簿（*.xlsx）”"]


def test_progress_template_as_a_workbook_reaches_the_board(tmp_path):
    from openpyxl import load_workbook
    folder, result = progress_template(tmp_path, "2026-11-29", "--xlsx")
    assert result.returncode == 0, result.stderr
    assert "progress/2026-11-29.xlsx" in result.stdout
    workbook = load_workbook(folder / "2026-11-29.xlsx")
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == COLUMNS and sheet.max_row == 19
    assert sheet["A2"].value == dt.datetime(2026, 11, 29) and sheet["B2"].value == "平襄镇"
    assert sheet["C2"].value == int(sample_latest()[0]["60 岁及以上目标人数"]) and sheet["D2"].value is None
    rule = sheet.data_validations.dataValidation[0]
    assert rule.type == "whole" and rule.formula1 == "0" and str(rule.sqref) == "C2:K19"
    _, again = progress_template(tmp_path, "2026-11-29")
    assert again.returncode == 1 and "2026-11-29.xlsx 已经存在，没有覆盖" in again.stderr
    # The statistician fills it in: yesterday's numbers plus some.
    latest = {r["乡镇"]: r for r in sample_latest()}
    for cells in sheet.iter_rows(min_row=2):
        before = latest[cells[1].value]
        for band_start in (2, 5, 8):
            cells[band_start + 1].value = int(before[COLUMNS[band_start + 1]]) + 7
            cells[band_start + 2].value = int(before[COLUMNS[band_start + 2]]) + 3
    workbook.save(folder / "2026-11-29.xlsx")
    board = run_pelican(tmp_path / "out", today="2026-11-29", extra=[f'PROGRESS_DIR="{folder}"'])
    assert board.returncode == 0, board.stderr
    text = board.page("progress").get_text()
    assert "截至 11月29日（周日）" in text and "共 31 份报告" in text


def test_with_no_report_yet_the_board_says_so_and_the_menu_link_works(tmp_path):
    """A county that has not sent its first 日通报: the menu's 接种进度 opens a page that says so."""
    folder = tmp_path / "progress"
    folder.mkdir()
    build = run_pelican(tmp_path / "out", extra=[f'PROGRESS_DIR="{folder}"'])
    assert build.returncode == 0, build.stderr
    board = build.page("progress")
    assert "还没有发布日通报" in board.select_one("main").get_text()
    assert board.select_one("h1").get_text() == "通渭县新冠疫苗接种进度"
    assert build.page("").select_one("nav a[href$='progress/']") is not None
