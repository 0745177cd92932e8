"""Read progress/*.csv and *.xlsx: one row per township per reporting day, checked with file:line messages.

The statistician may send the report as a CSV or as a workbook from WPS or Excel (its first
sheet); both are read into the same rows of text and go through the same checks.
"""

import csv
import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from datafile.fields import after_today
from datafile.messages import shown
from datafile.problems import Problem
from datafile.spreadsheet import clean_text, merged_ranges, narrow, read_date

BANDS = ("60+", "18-59", "12-17")          # the priority band first
BAND_LABELS = {"60+": "60 岁及以上", "18-59": "18–59 岁", "12-17": "12–17 岁"}
MEASURES = ("target", "first", "full")
MEASURE_LABELS = {"target": "目标人数", "first": "第一剂累计", "full": "全程累计"}
MAX_DIGITS = 9  # a county's population, and a province's, fit in 9 digits
COLUMNS = ["日期", "乡镇"] + [f"{BAND_LABELS[b]}{MEASURE_LABELS[m]}" for b in BANDS for m in MEASURES] + ["备注"]
FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Report:
    date: dt.date
    township: str
    numbers: dict          # (band, measure) -> int
    note: str
    file: str
    line: int

    def get(self, band, measure):
        return self.numbers[(band, measure)]


def read_folder(settings, townships):
    """(reports, problems, warnings) from PROGRESS_DIR, checked against the county's townships."""
    return load(settings["PROGRESS_DIR"], townships, settings["SITES_TODAY"])


def load(folder, townships, today):
    """(reports, problems, warnings) from every CSV file in `folder`."""
    reports, problems, warnings, seen = [], [], [], {}
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in FORMATS
                   and not p.name.startswith(("~$", ".~"))) if Path(folder).exists() else []
    for path in files:
        reports += _read(path, townships, today, problems, seen)
    _check_series(reports, problems, warnings)
    return sorted(reports, key=lambda r: (r.date, r.township)), problems, warnings


def _csv_rows(path, problems):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(path.name, 1, "文件不是 UTF-8 编码。用 Excel 保存时请选“CSV UTF-8（逗号分隔）”"))
        return None
    return list(csv.reader(text.splitlines()))


def _xlsx_rows(path, problems):
    """The first sheet's rows as text, as a CSV of it would hold them (dates as 2026-11-28)."""
    from openpyxl import load_workbook
    try:
        sheet = load_workbook(path, data_only=True).worksheets[0]
    except Exception:
        problems.append(Problem(path.name, 0, "这个文件打不开，不是 .xlsx 格式的表格。请在 WPS 或 Excel 里用“另存为”，"
                                              "文件类型选“Excel 工作簿（*.xlsx）”"))
        return None
    for first, last, _, _ in merged_ranges(sheet):
        problems.append(Problem(path.name, first, f"第 {first}–{last} 行有合并的单元格，合并后只读得到第一格。请取消合并，每一行都填完整"))
    return [[clean_text(value) or "" for value in row] for row in sheet.iter_rows(values_only=True)]


def _read(path, townships, today, problems, seen):
    name = path.name
    rows = (_xlsx_rows if path.suffix.lower() == ".xlsx" else _csv_rows)(path, problems)
    if rows is None:
        return []
    if not rows or [c.strip() for c in rows[0]][:len(COLUMNS)] != COLUMNS or any(c.strip() for c in rows[0][len(COLUMNS):]):
        problems.append(Problem(name, 1, "第一行（表头）不对。请用 make progress-template 生成的模板填写，不要改表头。"
                                         f"表头应为：{','.join(COLUMNS)}"))
        return []
    reports = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = [cell.strip() for cell in row] + [""] * (len(COLUMNS) - len(row))
        # Dates and numbers typed in full width (２０２６－１１－２８, １２３) read as the ASCII they mean.
        row = [narrow(cell) if index != 1 and index != len(COLUMNS) - 1 else cell for index, cell in enumerate(row)]

        def bad(message):
            problems.append(Problem(name, number, message))

        date, _ = read_date(row[0])
        if date is None:
            bad(f"日期「{shown(row[0]) if row[0] else '空'}」的格式不对，请写成 2026-11-28 这样")
            continue
        ahead = after_today("报告", date, today)
        if ahead:
            bad(ahead)
        township = row[1]
        if township not in townships:
            guess = difflib.get_close_matches(township, list(townships), n=1, cutoff=0.5)
            hint = f"是不是「{guess[0]}」？" if guess else (f"本县的乡镇有：{'、'.join(townships)}" if len(townships) <= 30 else "")
            bad(f"乡镇「{shown(township)}」不在本县的乡镇列表（sites.yaml 的 county.townships）里。{hint}")
            continue
        if (date, township) in seen:
            where = seen[(date, township)]
            said = f"第 {where[1]} 行" if where[0] == name else f" {where[0]} 的第 {where[1]} 行"
            bad(f"{township} {date} 的数字在{said}已经填过，请删去一行")
            continue
        seen[(date, township)] = (name, number)
        numbers, ok = {}, True
        for index, (band, measure) in enumerate((b, m) for b in BANDS for m in MEASURES):
            cell, column = row[2 + index], COLUMNS[2 + index]
            digits = cell.replace(",", "")
            if not re.fullmatch(r"-?\d{1,%d}" % MAX_DIGITS, digits):
                too_long = re.fullmatch(r"-?\d+", digits)
                bad(f"「{column}」的数字太大了（{len(digits)} 位），人数不会超过 {MAX_DIGITS} 位，请核对" if too_long else
                    f"「{column}」应填整数（人数），现在是「{shown(cell) if cell else '空'}」")
                ok = False
                continue
            value = int(digits)
            if value < 0:
                bad(f"「{column}」是负数（{value}），人数不能小于 0")
                ok = False
            numbers[(band, measure)] = value
        if not ok:
            continue
        note = row[2 + len(BANDS) * len(MEASURES)]
        for band in BANDS:
            target = numbers[(band, "target")]
            if numbers[(band, "full")] > numbers[(band, "first")]:
                bad(f"{BAND_LABELS[band]}的全程累计（{numbers[(band, 'full')]}）比第一剂累计（{numbers[(band, 'first')]}）还多，请核对")
            for measure in ("first", "full"):
                if numbers[(band, measure)] > target and not note:
                    bad(f"{BAND_LABELS[band]}{MEASURE_LABELS[measure]}（{numbers[(band, measure)]}）超过了目标人数（{target}）。"
                        "如果属实（如外地人员在本地接种），请在“备注”里写明原因")
        reports.append(Report(date, township, numbers, note, name, number))
    return reports


def _check_series(reports, problems, warnings):
    by_township = defaultdict(list)
    for report in reports:
        by_township[report.township].append(report)
    for township, series in by_township.items():
        series.sort(key=lambda r: r.date)
        for before, after in zip(series, series[1:]):
            for band in BANDS:
                for measure in ("first", "full"):
                    if after.get(band, measure) < before.get(band, measure):
                        problems.append(Problem(
                            after.file, after.line,
                            f"{township}{BAND_LABELS[band]}{MEASURE_LABELS[measure]}从 {before.date} 的 {before.get(band, measure)} "
                            f"降到了 {after.date} 的 {after.get(band, measure)}。累计数只能增加，请核对"))
    dates = sorted({r.date for r in reports})
    for before, after in zip(dates, dates[1:]):
        gap = (after - before).days
        if gap > 1:
            first_row = min((r for r in reports if r.date == after), key=lambda r: r.line)
            missing = "、".join(str(before + dt.timedelta(days=d)) for d in range(1, gap))
            warnings.append(Problem(first_row.file, first_row.line, f"缺少 {missing} 的报告（日通报应每天一份）"))
    latest = dates[-1] if dates else None
    if latest:
        reported = {r.township for r in reports if r.date == latest}
        for township in by_township:
            if township not in reported:
                last = by_township[township][-1]
                warnings.append(Problem(last.file, last.line, f"{township}没有 {latest} 的报告，看板上用的是它 {last.date} 的数字"))
