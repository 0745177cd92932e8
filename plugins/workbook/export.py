"""`make export`: sites.yaml as a workbook the health bureau's clerks edit in WPS or Excel.

    PYTHONPATH=plugins python -m workbook.export [pelicanconf.py] [接种点.xlsx]

One row per site on 「接种点」, the sites' vaccines, special days and mobile-team visits on sheets
of their own (visits only when there are some), and the townships. Headers are frozen and carry
a comment saying how to fill the column in; kind, township, datum, status and yes/no cells have
drop-downs; dates are dates; text columns are text, so a phone keeps its leading 0.
`make import` reads the file back (workbook.importer).
"""

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from datafile.spreadsheet import put_cell
from framework import settings as framework_settings

from . import records
from .columns import OPTION_LISTS, SHEETS, SITES, TOWNSHIPS

OPTIONS_SHEET = "选项"
# Rows below the data that keep the columns' formats and drop-downs, for sites added in Excel.
SPARE_ROWS = 200
TEXT_KINDS = ("text", "code", "phones", "hours", "spans", "names", "doses", "choice")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def rows_of(sheet, document):
    """[[cell values]] of one sheet, from the round-trip tree of sites.yaml."""
    if not sheet.is_child:
        return [[column.to_cell(column.from_yaml(record)) for column in sheet.columns]
                for record in records.at(document, sheet.list_path) or []]
    rows = []
    for site in records.at(document, SITES.list_path) or []:
        for item in records.at(site, sheet.list_path) or []:
            rows.append([SITES.columns[0].from_yaml(site)] +
                        [column.to_cell(column.from_yaml(item)) for column in sheet.columns])
    return rows


def write(document, path):
    workbook = Workbook()
    workbook.remove(workbook.active)
    options = _option_lists(workbook, document)
    for sheet in SHEETS:
        rows = rows_of(sheet, document)
        if sheet.only_when_used and not rows:
            continue  # a county without mobile teams has no visits sheet
        _write_sheet(workbook.create_sheet(sheet.name), sheet.written_columns, rows, options)
    workbook.move_sheet(OPTIONS_SHEET, offset=len(workbook.sheetnames))
    workbook.active = 0
    workbook.save(path)


def _option_lists(workbook, document):
    """The hidden sheet of drop-down lists; {list name: its range}."""
    sheet = workbook.create_sheet(OPTIONS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, (name, labels) in enumerate(OPTION_LISTS.items(), start=1):
        letter = get_column_letter(index)
        for row, label in enumerate(labels, start=1):
            sheet.cell(row=row, column=index, value=label)
        ranges[name] = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$1:${letter}${len(labels)}"
    townships = len(records.at(document, TOWNSHIPS.list_path) or [])
    name_letter = get_column_letter(next(i for i, c in enumerate(TOWNSHIPS.columns, 1) if c.path == ("name",)))
    # The townships' own sheet: a township added there is offered at once.
    ranges["townships"] = (f"{quote_sheetname(TOWNSHIPS.name)}!${name_letter}$2:"
                           f"${name_letter}${townships + 1 + SPARE_ROWS}")
    return ranges


def _write_sheet(sheet, columns, rows, options):
    last_row = len(rows) + 1 + SPARE_ROWS
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        if column.note:
            cell.comment = Comment(column.note, "县卫健局", width=300, height=110)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        number_format = "yyyy-mm-dd" if column.kind == "date" else "@" if column.kind in TEXT_KINDS else None
        for row_number in range(2, last_row + 1):
            value = rows[row_number - 2][index - 1] if row_number - 2 < len(rows) else None
            target = put_cell(sheet.cell(row=row_number, column=index), value)
            if number_format:
                target.number_format = number_format
        if column.dropdown:
            rule = DataValidation(type="list", formula1=f"={options[column.dropdown]}", allow_blank=True,
                                  showErrorMessage=True, errorTitle="请从下拉列表里选",
                                  error="这一格只能填下拉列表里的值")
            rule.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "B2"


def main(argv=None):
    settings, arguments, _ = framework_settings.from_command_line(sys.argv[1:] if argv is None else argv)
    target = Path(arguments[0] if arguments else settings["SITES_WORKBOOK"])
    source = Path(settings["SITES_FILE"])
    try:
        document = records.read(source.read_text(encoding="utf-8"))
    except Exception:
        print(f"{source.name} 读不出来（格式有错）。请先运行 make check，按提示改好后再导出。", file=sys.stderr)
        return 1
    try:
        write(document, target)
    except PermissionError:
        print(f"{target} 写不进去：它可能正在 WPS 或 Excel 里打开着。请先关掉它，再运行 make export。", file=sys.stderr)
        return 1
    sites = len(records.at(document, SITES.list_path) or [])
    print(f"已导出 {sites} 个接种点到 {target}。在 WPS 或 Excel 里改好、保存后，运行 "
          f"make import FROM={target.name} 写回 {source.name}。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
