"""`make progress-template`: the next reporting day's blank report, townships filled in.

    PYTHONPATH=plugins python -m progress.blank_report [pelicanconf.py] [--xlsx]

A CSV, or with --xlsx (`make progress-template FORMAT=xlsx`) a workbook for WPS or Excel whose
number cells take whole numbers only. The targets are copied from each township's latest report
(they rarely change); the doses are left empty for the office to complete.
"""

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from county.cache import load as load_county
from datafile.problems import DataError
from datafile.spreadsheet import put_cell
from framework import settings as framework_settings

from .load import BANDS, COLUMNS, FORMATS, read_folder


def main(argv=None):
    config, _, options = framework_settings.from_command_line(sys.argv[1:] if argv is None else argv)
    as_workbook = "--xlsx" in options
    try:
        townships = [t.name for t in load_county(config).county.townships]
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    reports, _, _ = read_folder(config, townships)
    today = config["SITES_TODAY"]
    latest = {}
    for report in reports:
        latest[report.township] = report
    day = max((r.date for r in reports), default=today - dt.timedelta(days=1)) + dt.timedelta(days=1)
    rows = [[day, name] + [cell for band in BANDS for cell in
                           ((latest[name].get(band, "target") if name in latest else None), None, None)] + [None]
            for name in townships]
    folder = Path(config["PROGRESS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    taken = [folder / f"{day.isoformat()}{suffix}" for suffix in FORMATS if (folder / f"{day.isoformat()}{suffix}").exists()]
    if taken:
        print(f"{taken[0]} 已经存在，没有覆盖。", file=sys.stderr)
        return 1
    path = folder / f"{day.isoformat()}{'.xlsx' if as_workbook else '.csv'}"
    (_write_workbook if as_workbook else _write_csv)(path, rows)
    print(f"已生成 {path}：请填上各乡镇的第一剂和全程累计人数，然后运行 make check。")
    return 0


def _write_csv(path, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if cell is None else cell.isoformat() if isinstance(cell, dt.date) else cell for cell in row])
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


def _write_workbook(path, rows):
    """Headers frozen, the date a date, and number cells that take whole numbers of 0 or more only."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "日通报"
    sheet.append(COLUMNS)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put_cell(sheet.cell(row=number, column=column), value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    last = len(rows) + 1
    for row in sheet.iter_rows(min_row=2, max_row=last, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    first_number, last_number = get_column_letter(3), get_column_letter(len(COLUMNS) - 1)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="只能填人数", error="这一格只能填 0 或正整数（人数）")
    whole.add(f"{first_number}2:{last_number}{last}")
    sheet.add_data_validation(whole)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 12
    for index in range(3, len(COLUMNS)):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].width = 24
    sheet.freeze_panes = "C2"
    workbook.save(path)


if __name__ == "__main__":
    sys.exit(main())
