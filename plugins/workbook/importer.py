"""`make import FROM=接种点.xlsx`: the clerks' workbook back into sites.yaml, through the model.

    PYTHONPATH=plugins python -m workbook.importer [pelicanconf.py] 接种点.xlsx [--allow-remove]

1. Every cell is read (workbook.columns); a cell that cannot be read is reported.
2. Every cell that differs from sites.yaml is written into the file's round-trip tree, field by
   field, so comments and order stay; a site is removed only with --allow-remove (ALLOW_REMOVE=1).
3. The changed file is validated by the same loader as the build and `make check`, and each of
   its problems is reported at the sheet, row and column it came from.
4. Only when nothing is wrong is sites.yaml replaced (in one rename), and what changed is listed.
An untouched workbook changes nothing: sites.yaml stays byte for byte as it was.
"""

import os
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from county.load import county_files, load_county
from datafile.messages import shown
from datafile.problems import DataError
from datafile.spreadsheet import clean_text, merged_ranges
from framework import settings as framework_settings

from . import records
from .columns import CHILDREN, PARENT_COLUMN, SHEETS, SITES, TOWNSHIPS


@dataclass(frozen=True, order=True)
class CellProblem:
    """A mistake in the workbook, at its sheet, row and column (row 0: the whole sheet)."""

    sheet_order: int
    row: int
    column_order: int
    file: str
    sheet: str
    column: str
    message: str

    def __str__(self):
        where = f"{self.file} 工作表「{self.sheet}」"
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}"


class Workbook:
    """The rows of each sheet, read and checked; `problems` lists what could not be read."""

    def __init__(self, path):
        self.path = Path(path)
        self.name = self.path.name
        self.problems = []
        self.notices = []
        self.sheets = {}           # sheet name -> [(row number, {column header: canonical value})]
        self.present = set()       # the sheets the workbook has
        book = self._open()
        if book is None:
            return
        for order, sheet in enumerate(SHEETS):
            if sheet.name not in book.sheetnames:
                if sheet is SITES:
                    self.report(order, 0, "", f"没有「{sheet.name}」工作表。请用 make export 导出的表格来改，不要改工作表的名字")
                continue
            self.present.add(sheet.name)
            self.sheets[sheet.name] = self._read_sheet(order, sheet, book[sheet.name])

    def report(self, sheet_order, row, column, message, column_order=0):
        sheet = SHEETS[sheet_order].name
        self.problems.append(CellProblem(sheet_order, row, column_order, self.name, sheet, column, message))

    def _open(self):
        try:
            return load_workbook(self.path, data_only=True)
        except FileNotFoundError:
            self.report(0, 0, "", f"找不到文件 {self.path}。请先运行 make export 导出，或检查 FROM= 后面的文件名")
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            self.report(0, 0, "", "这不是 .xlsx 格式的表格。请在 WPS 或 Excel 里用“另存为”，"
                                  "文件类型选“Excel 工作簿（*.xlsx）”，再导入")
        return None

    def _read_sheet(self, order, sheet, worksheet):
        columns = sheet.written_columns
        found = {}
        for index, cell in enumerate(next(worksheet.iter_rows(min_row=1, max_row=1, values_only=True), ()), start=1):
            header = (clean_text(cell) or "").rstrip("*").strip()
            if header in {c.header for c in columns}:
                found[header] = index
            elif header:
                self.notices.append(f"{self.name} 工作表「{sheet.name}」的「{shown(header)}」列不是导出时的列，没有导入")
        missing = [c.header for c in columns if c.header not in found]
        if missing:
            self.report(order, 1, "", f"缺少这些列：{'、'.join(missing)}。请用 make export 导出的表格来改，不要删列或改表头")
            return []
        by_index = {index: header for header, index in found.items()}
        for first, last, first_col, last_col in merged_ranges(worksheet):
            spans = f"第 {first}–{last} 行" if last > first else f"第 {first} 行"
            merged = "、".join(f"「{by_index[i]}」" for i in range(first_col, last_col + 1) if i in by_index)
            self.report(order, first, "", f"{spans}的{merged or '几'}列有合并的单元格。合并后只有第一格的内容会被读到，"
                                          "请取消合并，把每一行都填完整")
        rows = []
        for number, values in enumerate(worksheet.iter_rows(min_row=2, values_only=True), start=2):
            values = list(values)
            if all(clean_text(v) is None for v in values):
                continue  # a blank row
            record = {}
            for column_order, column in enumerate(columns):
                index = found[column.header]
                value, problem = column.read(values[index - 1] if index - 1 < len(values) else None)
                if problem:
                    self.report(order, number, column.header, problem, column_order)
                    record[column.header] = UNREADABLE
                else:
                    record[column.header] = value
            rows.append((number, record))
        return rows


UNREADABLE = object()  # a cell that could not be read: the field keeps its value in sites.yaml


def merge(document, workbook, allow_remove, changes):
    """Write the workbook's values into the round-trip tree of sites.yaml.

    Returns the positions of the rows, for naming the cell of each problem the loader finds:
    {(sheet name, record key or (site id, item index)): row number}."""
    rows = {}
    for order, sheet in enumerate(SHEETS):
        if sheet.is_child or sheet.name not in workbook.present:
            continue
        rows.update(_merge_keyed(order, sheet, document, workbook, allow_remove, changes))
    sites = {str(site.get("id")).strip(): site for site in records.at(document, SITES.list_path) or []}
    for sheet in CHILDREN:
        if sheet.name in workbook.present:
            rows.update(_merge_children(SHEETS.index(sheet), sheet, sites, workbook, changes))
    return rows


def _label(sheet, record):
    name = record.get("name")
    return f"{sheet.what}「{record.get(sheet.key)}」" + (f"（{name}）" if name and name != record.get(sheet.key) else "")


def _merge_keyed(order, sheet, document, workbook, allow_remove, changes):
    items = records.at(document, sheet.list_path)
    key_column = sheet.columns[0]
    existing = {key_column.from_yaml(item): item for item in items or []}
    rows, seen = {}, {}
    for number, cells in workbook.sheets[sheet.name]:
        key = cells[key_column.header]
        if key is None or key is UNREADABLE:
            workbook.report(order, number, key_column.header, f"{key_column.header}不能空着：每一行都要有{sheet.what}的编号")
            continue
        if key in seen:
            workbook.report(order, number, key_column.header, f"编号「{shown(key)}」与第 {seen[key]} 行重复，每个{sheet.what}的编号必须不同")
            continue
        seen[key] = number
        rows[(sheet.name, key)] = number
        record = existing.get(key)
        if record is None:
            record = records.new_record()
            for column in sheet.columns:
                value = cells[column.header]
                if value is not None and value is not UNREADABLE:
                    records.put(record, column.path, column.to_yaml(value), column.shorthand)
            items.append(record)
            changes.append(f"新增{_label(sheet, record)}")
            continue
        said = []
        for column in sheet.columns[1:]:
            new, old = cells[column.header], column.from_yaml(record)
            if new is UNREADABLE or new == old:
                continue
            records.put(record, column.path, column.to_yaml(new), column.shorthand)
            said.append(f"{column.header}：{_shown_cell(column, old)} → {_shown_cell(column, new)}")
        if said:
            changes.append(f"修改{_label(sheet, record)}：" + "；".join(said))
    for key, record in existing.items():
        if key in seen:
            continue
        if allow_remove:
            items.remove(record)
            changes.append(f"删除{_label(sheet, record)}")
        else:
            workbook.notices.append(f"sites.yaml 里的{_label(sheet, record)}在表格里没有，没有删除它。"
                                    f"如果确实要删除，请运行 make import FROM={workbook.name} ALLOW_REMOVE=1")
    return rows


def _merge_children(order, sheet, sites, workbook, changes):
    """Each site's items (vaccines, special days, visits): rewritten whole when any row differs."""
    by_site, rows = {}, {}
    for number, cells in workbook.sheets[sheet.name]:
        site_id = cells[PARENT_COLUMN]
        if site_id not in sites:
            workbook.report(order, number, PARENT_COLUMN,
                            f"接种点编号「{shown(site_id or '')}」在「接种点」表里没有。请填这一行所属接种点的编号；"
                            "如果那个接种点已经删去，请把这一行也删去")
            continue
        by_site.setdefault(site_id, []).append((number, cells))
    for site_id, site in sites.items():
        new_rows = by_site.get(site_id, [])
        for index, (number, _) in enumerate(new_rows):
            rows[(sheet.name, (site_id, index))] = number
        if any(cells[c.header] is UNREADABLE for _, cells in new_rows for c in sheet.columns):
            continue  # reported already; the site keeps its items
        old_items = records.at(site, sheet.list_path)
        old = [tuple(c.from_yaml(item) for c in sheet.columns) for item in old_items or []]
        new = [tuple(cells[c.header] for c in sheet.columns) for _, cells in new_rows]
        if old == new:
            continue
        if old_items is None:
            old_items = records.new_list()
            records.put(site, sheet.list_path, old_items)
        # Item by item, field by field: the items that did not change keep their writing.
        for index, values in enumerate(new):
            if index == len(old_items):
                old_items.append(records.new_record())
            for column, value, before in zip(sheet.columns, values, old[index] if index < len(old) else [None] * len(values)):
                if value != before:
                    records.put(old_items[index], column.path, column.to_yaml(value), column.shorthand)
        del old_items[len(new):]
        if not new:
            records.put(site, sheet.list_path, None)
        changes.append(f"修改{_label(SITES, site)}的{sheet.what}：{len(old)} 行 → {len(new)} 行"
                    + ("（内容有改动）" if len(old) == len(new) else ""))
    return rows


def _shown_cell(column, value):
    text = column.to_cell(value)
    return "（空）" if text is None else shown(text)


def locate(problem, document, rows, workbook):
    """The cell a problem of the changed sites.yaml belongs to, as a CellProblem; None if it lies
    outside the workbook (the schedules, places.yaml…)."""
    loc = problem.loc
    if len(loc) >= 2 and loc[0] == "sites" and isinstance(loc[1], int):
        sites = records.at(document, SITES.list_path)
        site_id = SITES.columns[0].from_yaml(sites[loc[1]]) if loc[1] < len(sites) else None
        rest = loc[2:]
        for sheet in CHILDREN:
            size = len(sheet.list_path)
            if tuple(rest[:size]) == sheet.list_path and len(rest) > size and isinstance(rest[size], int):
                number = rows.get((sheet.name, (site_id, rest[size])))
                return _cell(problem, sheet, number, rest[size + 1:], workbook)
        return _cell(problem, SITES, rows.get((SITES.name, site_id)), rest, workbook)
    if loc[:2] == TOWNSHIPS.list_path and len(loc) >= 3 and isinstance(loc[2], int):
        townships = records.at(document, TOWNSHIPS.list_path)
        key = TOWNSHIPS.columns[0].from_yaml(townships[loc[2]]) if loc[2] < len(townships) else None
        return _cell(problem, TOWNSHIPS, rows.get((TOWNSHIPS.name, key)), loc[3:], workbook)
    return None


def _cell(problem, sheet, number, field_path, workbook):
    if number is None:
        return None
    columns = sheet.written_columns
    field_path = tuple(p for p in field_path if isinstance(p, str))
    # The column of the field, or of the part of it the problem is in (hours.weekly.mon).
    matches = [(order, c) for order, c in enumerate(columns) if c.path != ("id",) or not sheet.is_child]
    best = next(((o, c) for o, c in matches if field_path and field_path[:len(c.path)] == c.path), None) or \
        next(((o, c) for o, c in matches if field_path and c.path[:len(field_path)] == field_path), None)
    message = problem.detail or problem.message
    if message.startswith("缺少必填字段"):
        message = "这一格不能空着，请填写"
    order = SHEETS.index(sheet)
    if best is None:
        return CellProblem(order, number, 0, workbook.name, sheet.name, "", message)
    return CellProblem(order, number, best[0], workbook.name, sheet.name, best[1].header, message)


def _changes_anything(original, workbook, allow_remove):
    """Whether the workbook changes sites.yaml, found on the tree the build reads (fast), so that an
    untouched workbook never waits for the round-trip parse. Its problems are reported by the real merge."""
    problems, notices = len(workbook.problems), len(workbook.notices)
    probe = []
    merge(records.read(original), workbook, allow_remove, probe)
    found = bool(probe)
    if found:
        del workbook.problems[problems:], workbook.notices[notices:]
    return found


def validate(text, settings, sites_path):
    """The loader's problems for the changed sites.yaml, read from a file beside it."""
    files = county_files(settings)
    folder = Path(sites_path).parent
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        load_county(**{**files, "sites_path": temporary, "display_name": Path(sites_path).name})
        return []
    except DataError as error:
        return error.problems
    finally:
        os.unlink(temporary)


def run(settings, workbook_path, allow_remove=False, out=sys.stdout, err=sys.stderr):
    """Import the workbook; 0 when sites.yaml was updated (or had nothing to update), 1 otherwise."""
    sites_path = Path(settings["SITES_FILE"])
    original = sites_path.read_text(encoding="utf-8")
    try:
        records.read(original)
    except Exception:
        print(f"{sites_path.name} 本身有格式错误，没有导入。请先运行 make check，按提示改好后再导入。", file=err)
        return 1
    workbook = Workbook(workbook_path)
    changes = []  # what the import did, said for the clerk
    if workbook.sheets and _changes_anything(original, workbook, allow_remove):
        document = records.load(original)
        rows = merge(document, workbook, allow_remove, changes)
        text = records.dump(document)
    else:
        document, rows, text = None, {}, original
    problems, elsewhere = list(workbook.problems), []
    if text != original:
        for problem in validate(text, settings, sites_path):
            cell = locate(problem, document, rows, workbook)
            if cell is None:
                elsewhere.append(problem)
            elif cell not in problems:
                problems.append(cell)
    for notice in workbook.notices:
        print(f"注意：{notice}", file=err)
    if problems or elsewhere:
        print(f"{workbook.name} 中有 {len(problems) + len(elsewhere)} 处错误，没有导入（{sites_path.name} 保持不变）：", file=err)
        for problem in sorted(problems):
            print(f"  {problem}", file=err)
        for problem in elsewhere:
            print(f"  {problem}", file=err)
        print("改正以上各处并保存后，再运行一次 make import。", file=err)
        return 1
    if text == original:
        print(f"表格和 {sites_path.name} 一致，没有需要导入的改动。", file=out)
        return 0
    replacement = sites_path.with_name(f".{sites_path.name}.new")
    replacement.write_text(text, encoding="utf-8")
    os.replace(replacement, sites_path)
    print(f"已把 {workbook.name} 的改动写入 {sites_path.name}：", file=out)
    for line in changes:
        print(f"  {line}", file=out)
    print("可以运行 make serve 预览，或 make check 再检查一次。", file=out)
    return 0


def main(argv=None):
    settings, arguments, options = framework_settings.from_command_line(sys.argv[1:] if argv is None else argv)
    return run(settings, arguments[0] if arguments else settings["SITES_WORKBOOK"], "--allow-remove" in options)


if __name__ == "__main__":
    sys.exit(main())
