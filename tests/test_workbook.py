"""make export / make import: the sites as a workbook for WPS and Excel, and back through the model.

Each test edits the exported workbook with openpyxl, as a clerk would in a spreadsheet program,
imports it into a copy of the sample and reads what happened: sites.yaml, the messages, the site page.
"""

import datetime as dt
import io
import os
import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from conftest import ROOT, TODAY, build_inputs, need

sys.path.insert(0, str(ROOT / "plugins"))
from framework import settings as framework_settings  # noqa: E402
from workbook import export, importer, records  # noqa: E402


@pytest.fixture(scope="module")
def base_settings():
    settings = framework_settings.read(ROOT / "pelicanconf.py")
    settings["SITES_TODAY"] = dt.date.fromisoformat(TODAY)
    return settings


@pytest.fixture
def project(inputs, base_settings):
    """A copy of the sample with its exported workbook: (settings, sites.yaml, workbook path)."""
    settings = {**base_settings, "SITES_FILE": str(inputs / "sites.yaml")}
    book = inputs / "接种点.xlsx"
    export.write(records.read((inputs / "sites.yaml").read_text(encoding="utf-8")), book)
    return settings, inputs / "sites.yaml", book


def run_import(settings, book, allow_remove=False):
    out, err = io.StringIO(), io.StringIO()
    code = importer.run(settings, book, allow_remove, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def edit(book, sheet="接种点", save_as=None, **changes):
    """changes: {"r12_电话": value}: row 12 of the column with that header."""
    workbook = load_workbook(book)
    worksheet = workbook[sheet]
    columns = {str(cell.value).rstrip(" *"): cell.column for cell in worksheet[1]}
    for key, value in changes.items():
        row, header = key[1:].split("_", 1)
        worksheet.cell(row=int(row), column=columns[header]).value = value   # (value=None would not clear it)
    workbook.save(save_as or book)
    return workbook


def row_of(book, site_id, sheet="接种点"):
    worksheet = load_workbook(book)[sheet]
    return next(row[0].row for row in worksheet.iter_rows(min_row=2) if row[0].value == site_id)


# --- the round trip ------------------------------------------------------------------------------

def test_an_untouched_workbook_changes_nothing(project):
    settings, sites, book = project
    before = sites.read_bytes()
    code, out, err = run_import(settings, book)
    assert code == 0, err
    assert "没有需要导入的改动" in out
    assert sites.read_bytes() == before


def test_a_workbook_saved_again_by_a_spreadsheet_program_changes_nothing(project):
    """openpyxl rewrites every cell on save, as WPS and Excel do: values come back as the program
    keeps them (numbers as floats, dates as datetimes), and still nothing changes."""
    settings, sites, book = project
    before = sites.read_bytes()
    load_workbook(book).save(book)
    assert run_import(settings, book)[0] == 0
    assert sites.read_bytes() == before


def test_the_workbook_is_made_for_office_staff(project):
    _, sites, book = project
    workbook = load_workbook(book)
    assert workbook.sheetnames[:4] == ["接种点", "疫苗", "特殊日期", "流动接种"]
    assert "乡镇" in workbook.sheetnames
    assert workbook["选项"].sheet_state == "hidden"
    sheet = workbook["接种点"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["编号 *", "名称 *", "类型 *", "乡镇 *"]
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["B"].width >= 20
    assert sheet.cell(row=1, column=headers.index("开放时间 *") + 1).comment is not None
    first = {header.rstrip(" *"): cell.value for header, cell in zip(headers, sheet[2])}
    assert first["编号"] == "tw-cdc" and first["类型"] == "县疾控中心"
    assert first["核实日期"] == dt.datetime(2026, 11, 26)          # a date, not text
    assert sheet.cell(row=2, column=headers.index("核实日期 *") + 1).number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=headers.index("电话") + 1).number_format == "@"  # a phone stays text
    assert first["开放时间"] == "mon-fri: 8:00-12:00, 14:30-17:30; sat: 9:00-12:00"
    dropdowns = {str(rule.sqref).split(":")[0]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    letter = {h.rstrip(" *"): chr(ord("A") + i) for i, h in enumerate(headers)}
    assert "选项" in dropdowns[letter["类型"] + "2"]
    assert "乡镇" in dropdowns[letter["乡镇"] + "2"]
    assert "选项" in dropdowns[letter["状态"] + "2"]
    options = workbook["选项"]
    assert [c.value for c in options["A"] if c.value] == ["县疾控中心", "乡镇卫生院", "学区接种点", "临时/流动接种点"]
    vaccines = workbook["疫苗"]
    assert [c.value for c in vaccines[1]][:3] == ["接种点编号 *", "疫苗名称 *", "年龄 *"]
    assert [c.value for c in vaccines[2]][:4] == ["tw-cdc", "新冠病毒灭活疫苗（Vero细胞）", "3+", "第一剂、第二剂、加强针"]


def test_a_county_without_mobile_teams_gets_no_visits_sheet(inputs, tmp_path):
    text = (inputs / "sites.yaml").read_text(encoding="utf-8")
    tree = records.load(text)
    for site in tree["sites"]:
        site.pop("visits", None)
    export.write(records.read(records.dump(tree)), tmp_path / "none.xlsx")
    assert "流动接种" not in load_workbook(tmp_path / "none.xlsx").sheetnames


# --- a change, end to end ---------------------------------------------------------------------

def test_a_phone_changed_in_the_workbook_reaches_the_site_page(project):
    settings, sites, book = project
    comments = [line for line in sites.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    edit(book, **{f"r{row_of(book, 'maying-whc')}_电话": "0932-5212345"})
    code, out, err = run_import(settings, book)
    assert code == 0, err
    assert "修改接种点「maying-whc」（马营镇卫生院预防接种门诊）：电话：0932-0000103 → 0932-5212345" in out
    text = sites.read_text(encoding="utf-8")
    assert "    phone: 0932-5212345\n" in text and "0932-0000103" not in text
    # Only that line changed: comments, order and every other line as they were.
    before = (ROOT / "sites.yaml").read_text(encoding="utf-8").splitlines()
    after = text.splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [before.index("    phone: 0932-0000103")]
    assert [line for line in after if line.lstrip().startswith("#")] == comments
    page = build_inputs(sites.parent, "output").page("sites/maying-whc")
    assert page.find("a", href="tel:09325212345") is not None


def test_every_kind_of_cell_is_read_back(project):
    settings, sites, book = project
    rows = {site: row_of(book, site) for site in ("tw-cdc", "pingxiang-whc", "maying-whc", "jichuan-whc", "bangluo-whc")}
    edit(book, **{
        f"r{rows['tw-cdc']}_电话": "０９３２－５２１２３４５ ",                 # full width, a stray space
        f"r{rows['pingxiang-whc']}_状态": "暂停接种",
        f"r{rows['pingxiang-whc']}_暂停原因": "  疫苗到货前暂停\u3000",
        f"r{rows['pingxiang-whc']}_预计恢复日期": "2026年12月5日",              # a date typed as text
        f"r{rows['maying-whc']}_开放时间": "周一至周五 8:00-12:00；周六 9:00-11:00",
        f"r{rows['jichuan-whc']}_预约方式": "电话预约",
        f"r{rows['bangluo-whc']}_纬度": "35.1",                                # a number stored as text
        f"r{rows['bangluo-whc']}_核实日期": dt.datetime(2026, 11, 27),
    })
    code, out, err = run_import(settings, book)
    assert code == 0, err
    text = sites.read_text(encoding="utf-8")
    assert "phone: 0932-5212345" in text
    assert "status:\n      state: paused\n      reason: 疫苗到货前暂停\n      until: 2026-12-05\n" in text
    assert "        mon-fri: 8:00-12:00\n        sat: 9:00-11:00\n" in text
    assert "location: {lat: 35.1, lon: 105.169000, datum: wgs84}" in text
    assert "verified: {date: 2026-11-27, by: 榜罗镇卫生院 防保组}" in text
    assert "appointment: 电话预约" in text
    assert "状态：（空） → 暂停接种" in out


def test_rows_added_to_the_item_sheets_keep_the_others_as_written(project):
    settings, sites, book = project
    workbook = load_workbook(book)
    workbook["疫苗"].cell(row=2, column=4, value="第一剂、第二剂")
    for row in range(2, workbook["疫苗"].max_row + 2):
        if workbook["疫苗"].cell(row=row, column=1).value is None:
            for column, value in enumerate(["tw-cdc", "水痘疫苗", "1-12", "第一剂", None], start=1):
                workbook["疫苗"].cell(row=row, column=column, value=value)
            break
    workbook.save(book)
    code, out, err = run_import(settings, book)
    assert code == 0, err
    text = sites.read_text(encoding="utf-8")
    assert '        ages: "3+"\n        doses: [first, second]\n' in text   # the quotes stay
    assert "      - name: 水痘疫苗\n        ages: 1-12\n        doses: [first]\n" in text
    assert "修改接种点「tw-cdc」（通渭县疾病预防控制中心预防接种门诊）的疫苗：4 行 → 5 行" in out


def test_a_new_site_is_added_and_none_removed_unless_asked(project):
    settings, sites, book = project
    workbook = load_workbook(book)
    sheet = workbook["接种点"]
    pingxiang = row_of(book, "pingxiang-whc")
    sheet.delete_rows(pingxiang)                                # removed in Excel
    new = sheet.max_row + 1
    for row in range(2, sheet.max_row + 2):
        if sheet.cell(row=row, column=1).value is None:
            new = row
            break
    values = {"编号": "maying-temp", "名称": "马营镇集市临时接种点", "类型": "临时/流动接种点", "乡镇": "马营镇",
              "地址": "马营镇集市", "纬度": 35.3, "经度": 105.05, "坐标系": "GCJ-02",
              "开放时间": "sat: 9:00-12:00", "可直接去": "是", "核实日期": dt.date(2026, 11, 27), "核实人": "马营镇卫生院"}
    headers = [str(c.value).rstrip(" *") for c in sheet[1]]
    for header, value in values.items():
        sheet.cell(row=new, column=headers.index(header) + 1, value=value)
    vaccines = workbook["疫苗"]
    vaccines.append(["maying-temp", "流感疫苗", "3+", None, None])
    workbook.save(book)
    code, out, err = run_import(settings, book)
    assert code == 0, err
    assert "新增接种点「maying-temp」（马营镇集市临时接种点）" in out
    assert "接种点「pingxiang-whc」（平襄镇卫生院预防接种门诊）在表格里没有，没有删除它" in err
    assert "ALLOW_REMOVE=1" in err
    text = sites.read_text(encoding="utf-8")
    assert "  - id: pingxiang-whc\n" in text and "  - id: maying-temp\n" in text
    assert "    location:\n      lat: 35.3\n      lon: 105.05\n      datum: gcj02\n" in text
    code, out, err = run_import(settings, book, allow_remove=True)
    assert code == 1       # its vaccines are still listed: they must go with it
    assert "接种点编号「pingxiang-whc」在「接种点」表里没有。请填这一行所属接种点的编号；如果那个接种点已经删去，请把这一行也删去" in err
    workbook = load_workbook(book)
    for item_sheet in ("疫苗", "特殊日期", "流动接种"):
        sheet = workbook[item_sheet]
        for row in reversed(range(2, sheet.max_row + 1)):
            if sheet.cell(row=row, column=1).value == "pingxiang-whc":
                sheet.delete_rows(row)
    workbook.save(book)
    code, out, err = run_import(settings, book, allow_remove=True)
    assert code == 0, err
    assert "删除接种点「pingxiang-whc」" in out
    assert "id: pingxiang-whc" not in sites.read_text(encoding="utf-8")


# --- bad workbooks: every mistake at its sheet, row and column, all at once --------------------

def test_every_mistake_is_named_at_its_cell_and_nothing_is_written(project):
    settings, sites, book = project
    before = sites.read_bytes()
    row = {site: row_of(book, site) for site in ("tw-cdc", "pingxiang-whc", "maying-whc", "jichuan-whc",
                                                 "bangluo-whc", "changjiahe-whc", "yigangchuan-whc")}
    workbook = edit(book, **{
        f"r{row['tw-cdc']}_电话": 9325212345.0,                      # a phone read as a float: its 0 is gone
        f"r{row['pingxiang-whc']}_类型": "卫生所",                    # not on the drop-down
        f"r{row['maying-whc']}_核实日期": "上周五",                     # a date nobody can read
        f"r{row['jichuan-whc']}_乡镇": "平襄",                          # the model's own check, at its cell
        f"r{row['bangluo-whc']}_电话": "0932-12",                       # ditto
        f"r{row['changjiahe-whc']}_纬度": "三十五",
        f"r{row['yigangchuan-whc']}_名称": None,                        # a required cell emptied
    })
    sheet = workbook["接种点"]
    address = [str(c.value).rstrip(" *") for c in sheet[1]].index("地址") + 1
    sheet.merge_cells(start_row=20, end_row=21, start_column=address, end_column=address)
    workbook["疫苗"].cell(row=3, column=4, value="第一针")
    workbook.save(book)
    code, out, err = run_import(settings, book)
    assert code == 1
    assert sites.read_bytes() == before
    name = "接种点.xlsx 工作表「接种点」"
    expected = [
        f"{name}第 {row['tw-cdc']} 行「电话」列：电话被存成了数字（9325212345），开头的 0",
        f"{name}第 {row['pingxiang-whc']} 行「类型」列：「卫生所」不是可选的值，请从下拉列表里选：县疾控中心、",
        f"{name}第 {row['maying-whc']} 行「核实日期」列：日期「上周五」看不懂，请写成 2026-11-28 这样",
        f"{name}第 {row['jichuan-whc']} 行「乡镇」列：乡镇「平襄」不在本县的乡镇列表",
        f"{name}第 {row['bangluo-whc']} 行「电话」列：电话「0932-12」的格式不对",
        f"{name}第 {row['changjiahe-whc']} 行「纬度」列：这里应填写数字，例如 35.2101（现在是「三十五」）",
        f"{name}第 {row['yigangchuan-whc']} 行「名称」列：这一格不能空着，请填写",
        f"{name}第 20 行：第 20–21 行的「地址」列有合并的单元格",
        "接种点.xlsx 工作表「疫苗」第 3 行「剂次」列：剂次「第一针」看不懂",
    ]
    for message in expected:
        assert message in err, f"{message}\n---\n{err}"
    assert "中有 10 处错误，没有导入（sites.yaml 保持不变）" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("damage, message", [
    ("not-xlsx", "这不是 .xlsx 格式的表格。请在 WPS 或 Excel 里用“另存为”"),
    ("missing", "找不到文件"),
    ("column", "工作表「接种点」第 1 行：缺少这些列：电话"),
    ("sheet", "没有「接种点」工作表"),
    ("duplicate", "「编号」列：编号「pingxiang-whc」与第 3 行重复"),
    ("orphan", "工作表「疫苗」第 2 行「接种点编号」列：接种点编号「no-such-site」在「接种点」表里没有"),
])
def test_a_broken_workbook_is_explained(project, damage, message):
    settings, sites, book = project
    before = sites.read_bytes()
    if damage == "not-xlsx":
        book.write_text("编号,名称\n", encoding="utf-8")
    elif damage == "missing":
        book.unlink()
    else:
        workbook = load_workbook(book)
        if damage == "column":
            sheet = workbook["接种点"]
            sheet.delete_cols([str(c.value) for c in sheet[1]].index("电话") + 1)
        elif damage == "sheet":
            workbook["接种点"].title = "Sheet1"
        elif damage == "duplicate":
            workbook["接种点"].cell(row=4, column=1, value="pingxiang-whc")
        elif damage == "orphan":
            workbook["疫苗"].cell(row=2, column=1, value="no-such-site")
        workbook.save(book)
    code, _, err = run_import(settings, book)
    assert code == 1
    assert message in err, err
    assert sites.read_bytes() == before


def test_blank_rows_and_extra_columns_are_left_alone(project):
    settings, sites, book = project
    before = sites.read_bytes()
    workbook = load_workbook(book)
    sheet = workbook["接种点"]
    sheet.insert_rows(5, amount=2)                          # two blank rows in the middle
    sheet.cell(row=1, column=sheet.max_column + 1, value="我的备忘")  # a column of the clerk's own
    sheet.cell(row=2, column=sheet.max_column, value="下周再打电话")
    workbook.save(book)
    code, out, err = run_import(settings, book)
    assert code == 0, err
    assert "「我的备忘」列不是导出时的列，没有导入" in err
    assert sites.read_bytes() == before


# --- the commands ------------------------------------------------------------------------------

def test_make_export_and_make_import(inputs):
    """The README's commands, on a copy of the project (the project's own venv)."""
    for name in ("pelicanconf.py", "Makefile", "requirements.txt", "constraints.txt", "places.yaml", "schools.yaml"):
        shutil.copy2(ROOT / name, inputs / name)
    shutil.copytree(ROOT / "plugins", inputs / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "theme", inputs / "theme")
    shutil.copytree(ROOT / "progress", inputs / "progress")
    make = ["make", "-s", f"VENV={ROOT / '.venv'}"]
    env = {**os.environ, "MAKEFLAGS": ""}
    exported = subprocess.run(make + ["export"], cwd=inputs, capture_output=True, text=True, env=env)
    assert exported.returncode == 0, exported.stderr
    assert "已导出 32 个接种点到" in exported.stdout and (inputs / "接种点.xlsx").exists()
    missing = subprocess.run(make + ["import"], cwd=inputs, capture_output=True, text=True, env=env)
    assert missing.returncode != 0 and "make import FROM=接种点.xlsx" in missing.stdout
    edit(inputs / "接种点.xlsx", **{f"r{row_of(inputs / '接种点.xlsx', 'tw-cdc')}_电话": "0932-5212345"})
    imported = subprocess.run(make + ["import", "FROM=接种点.xlsx"], cwd=inputs, capture_output=True, text=True, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "电话：0932-0000101 → 0932-5212345" in imported.stdout
    assert "phone: 0932-5212345" in (inputs / "sites.yaml").read_text(encoding="utf-8")


# --- a real office suite -----------------------------------------------------------------------

def test_a_workbook_saved_by_an_office_suite_round_trips(project, tmp_path):
    """LibreOffice Calc (Debian's, headless) opens the export and saves it as Excel 2007-365 does;
    the workbook it writes imports as no change, and an edit to it imports as that edit."""
    soffice = shutil.which("soffice")
    need(soffice, "LibreOffice Calc (soffice)")
    settings, sites, book = project
    before = sites.read_bytes()
    saved = tmp_path / "saved"
    result = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(book)],
                            capture_output=True, text=True, timeout=120)
    resaved = saved / book.name
    assert resaved.exists(), result.stderr
    assert load_workbook(resaved)["接种点"].data_validations.dataValidation   # the drop-downs survive
    code, out, err = run_import(settings, resaved)
    assert code == 0 and "没有需要导入的改动" in out, err
    assert sites.read_bytes() == before
    edit(resaved, **{f"r{row_of(resaved, 'tw-cdc')}_电话": "0932-5212345"})
    code, out, err = run_import(settings, resaved)
    assert code == 0, err
    assert "电话：0932-0000101 → 0932-5212345" in out


def test_text_that_looks_like_a_formula_stays_text(project):
    """A note starting with = or - is stored as text with the quote prefix (never run as a
    formula), and reads back as written."""
    settings, sites, book = project
    text = sites.read_text(encoding="utf-8").replace(
        "    access: {wheelchair: true, parking: true, note: 一楼有无障碍坡道}\n",
        "    access: {wheelchair: true, parking: true, note: 一楼有无障碍坡道}\n    notes: '=HYPERLINK(\"http://evil.example\")'\n", 1)
    sites.write_text(text, encoding="utf-8")
    export.write(records.read(text), book)
    sheet = load_workbook(book)["接种点"]
    notes = sheet.cell(row=2, column=[str(c.value).rstrip(" *") for c in sheet[1]].index("备注") + 1)
    assert notes.value == '=HYPERLINK("http://evil.example")' and notes.data_type == "s" and notes.quotePrefix
    code, out, err = run_import(settings, book)
    assert code == 0 and "没有需要导入的改动" in out, err
    assert sites.read_text(encoding="utf-8") == text
