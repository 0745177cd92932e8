"""Every mistake a clerk can make in sites.yaml gets `sites.yaml:LINE: 怎么改`, all in one run."""

import datetime as dt
import re
import subprocess
import sys

import pytest

from conftest import ROOT, TODAY
from county.load import load_county
from datafile.problems import DataError

CDC_TOWNSHIP = "    township: 平襄镇\n"
INACTIVATED_RULE = "      - {dose: 2, after: 1, at_least: 3周, at_most: 8周}\n"


def mutate(text, old, new):
    """Replace the first `old` with `new`; return the text and the line `new` starts on."""
    assert old in text, f"sample data no longer contains {old!r}"
    at = text.index(old)
    return text[:at] + new + text[at + len(old):], text[:at].count("\n") + 1


def problems_for(tmp_path, text):
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_county(path, today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")
    return raised.value.problems


# (name, old, new, where: the line offset within `new`, or the text of the line
#  the error belongs on; words the message must contain)
CASES = [
    ("yaml-tab", "    kind: cdc\n", "\tkind: cdc\n", 0, "Tab"),
    ("yaml-colon", "    address: 平襄镇西大街（县疾控中心一楼）\n", "    address 平襄镇西大街\n", 0, "冒号"),
    ("yaml-duplicate-key", "    kind: cdc\n", "    kind: cdc\n    kind: cdc\n", 1, "写了两次"),
    ("unknown-field", "    kind: cdc\n", "    kind: cdc\n    colour: red\n", 1, "不认识的字段「colour」"),
    ("misspelt-field", "    kind: cdc\n", "    kind: cdc\n    adress: 平襄镇\n", 1, "是不是想写「address」"),
    ("missing-field", "    address: 平襄镇西大街（县疾控中心一楼）\n", "", -4, "缺少必填字段「address」"),
    ("duplicate-id", "  - id: pingxiang-whc\n", "  - id: tw-cdc\n", 0, "编号「tw-cdc」与第"),
    ("unknown-township", "    township: 马营镇\n", "    township: 马营乡\n", 0, "是不是「马营镇」"),
    ("outside-county", "location: {lat: 35.208132, lon: 105.242201, datum: gcj02}",
     "location: {lat: 36.208132, lon: 105.242201, datum: gcj02}", 0, "不在本县范围内"),
    ("swapped-lat-lon", "location: {lat: 35.208132, lon: 105.242201, datum: gcj02}",
     "location: {lat: 105.242201, lon: 35.208132, datum: gcj02}", 0, "写反了"),
    ("swapped-inside-range", "location: {lat: 35.208132, lon: 105.242201, datum: gcj02}",
     "location: {lat: 35.208132, lon: 35.242201, datum: gcj02}", 0, "不在本县范围内"),
    ("hour-25", "        sat: 9:00-12:00\n", "        sat: 9:00-25:00\n", 0, "25:00 不是有效的时间"),
    ("hour-25-in-brackets", "        sat: 9:00-12:00\n", "        sat: [9:00-12:00, 13:00-25:00]\n", 0, "25:00 不是有效的时间"),
    ("minute-60", "        sat: 9:00-12:00\n", "        sat: 9:60-12:00\n", 0, "9:60 不是有效的时间"),
    ("closes-before-opens", "        sat: 9:00-12:00\n", "        sat: 12:00-9:00\n", 0, "结束时间不晚于开始时间"),
    ("overlapping-spans", "        sat: 9:00-12:00\n", "        sat: 9:00-12:00, 11:00-13:00\n", -2, "重叠"),
    ("bad-weekday", "        sat: 9:00-12:00\n", "        saturday: 9:00-12:00\n", 0, "不是星期的写法"),
    ("verified-in-future", "verified: {date: 2026-11-26,", "verified: {date: 2026-12-26,", 0, "晚于今天"),
    ("empty-name", "    name: 通渭县疾病预防控制中心预防接种门诊\n", "    name: ''\n", 0, "不能为空"),
    ("blank-name", "    name: 通渭县疾病预防控制中心预防接种门诊\n", "    name: \"   \"\n", 0, "不能为空"),
    ("bad-kind", "    kind: cdc\n", "    kind: hospital\n", 0, "cdc（县疾控中心）"),
    ("bad-date", "verified: {date: 2026-11-26,", "verified: {date: 2026-13-26,", 0, "日期的格式不对"),
    ("bad-phone", "    phone: 0932-0000101\n", "    phone: 打电话\n", 0, "电话「打电话」的格式不对"),
    ("phone-too-short", "    phone: 0932-0000101\n", "    phone: 0932-00001\n", 0, "区号（0 开头，共 3 或 4 位）后面是 7 或 8 位号码"),
    ("phone-no-area-code", "    phone: 0932-0000101\n", "    phone: 1234567\n", 0, "不带区号的只能是 120、12320"),
    ("appointment-script-link", "    appointment: 拨打电话预约，或到门诊现场登记\n",
     "    appointment: {how: 网上预约, url: \"javascript:alert(1)\"}\n", 0, "要以 https:// 或 http:// 开头"),
    ("appointment-quote-in-link", "    appointment: 拨打电话预约，或到门诊现场登记\n",
     "    appointment: {how: 网上预约, url: 'https://x.cn/\" onclick=\"alert(1)'}\n", 0, "不能有空格或引号"),
    ("bad-ages", "        ages: \"18+\"\n", "        ages: \"成年人\"\n", 0, "年龄「成年人」的写法不对"),
    ("paused-without-reason", "    status: {state: paused, reason: 疫苗待配送，暂停接种, until: 2026-12-10}\n",
     "    status: paused\n", 0, "写明原因"),
    ("no-way-in", "    walk_in: true\n    appointment: 拨打电话预约，或到门诊现场登记\n", "    walk_in: false\n", "  - id: tw-cdc\n", "怎么去接种"),
    ("wrong-school-district", CDC_TOWNSHIP, CDC_TOWNSHIP + "    school_district: 马营学区\n", 1, "应为：平襄学区"),
    # The vaccine schedules (`vaccines:`), kept once per product.
    ("schedule-bad-interval", INACTIVATED_RULE, "      - {dose: 2, after: 1, at_least: 三周, at_most: 8周}\n", 0,
     "时间间隔「三周」的写法不对，请写成“21天”“3周”或“6个月”"),
    ("schedule-no-start", INACTIVATED_RULE, "      - {dose: 2, after: 1, at_most: 8周}\n", "  - name: 新冠病毒灭活疫苗（Vero细胞）\n",
     "请写明第 2 针和第 1 针至少隔多久"),
    ("schedule-reversed", INACTIVATED_RULE, "      - {dose: 2, after: 1, at_least: 8周, at_most: 3周}\n", 0,
     "at_least（8周）应短于 at_most（3周）"),
    ("schedule-after-itself", INACTIVATED_RULE, "      - {dose: 2, after: 2, at_least: 3周}\n", 0, "after 应小于 2"),
    ("schedule-dose-beyond-course", INACTIVATED_RULE, INACTIVATED_RULE + "      - {dose: 3, after: 2, at_least: 3周}\n",
     "  - name: 新冠病毒灭活疫苗（Vero细胞）\n", "一共 2 针，没有第 3 针"),
    ("schedule-twice", "  - name: 重组新冠病毒疫苗（5型腺病毒载体）\n    plain:", "  - name: 新冠病毒灭活疫苗（Vero细胞）\n    plain:", 0,
     "疫苗「新冠病毒灭活疫苗（Vero细胞）」的接种程序在第 82 行已经写过"),
    ("schedule-source-without-address", "        url: http://en.nhc.gov.cn/2021-04/01/c_83363.htm\n",
     "        url: 国家卫健委网站\n", 0, "来源网址「国家卫健委网站」不是网址：要以 https:// 或 http:// 开头"),
]


@pytest.mark.parametrize("name,old,new,offset,words", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_on_its_line(tmp_path, sample_text, name, old, new, offset, words):
    text, line = mutate(sample_text, old, new)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].file == "sites.yaml"
    if isinstance(offset, str):
        line, offset = text[:text.index(offset)].count("\n") + 1, 0
    assert problems[0].line == line + offset, problems[0]
    assert words in problems[0].message


def test_the_sample_data_is_valid():
    data = load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")
    assert len(data.sites) >= 30
    assert {s.kind for s in data.sites} == {"cdc", "health_centre", "school_district", "temporary"}
    assert any(s.status.state == "paused" for s in data.sites)
    assert {s.location.datum for s in data.sites} == {"wgs84", "gcj02", "bd09"}
    assert len(data.county.townships) == 18


def all_mistakes(sample_text):
    text, expected = sample_text, []
    for old, new, offset, words in [
        ("    name: 通渭县疾病预防控制中心预防接种门诊\n", "    name: ''\n", 0, "不能为空"),
        ("    township: 马营镇\n", "    township: 马营乡\n", 0, "马营乡"),
        ("  - id: jichuan-whc\n", "  - id: tw-cdc\n", 0, "重复"),
        ("verified: {date: 2026-11-2", "verified: {date: 2027-11-2", 0, "晚于今天"),
        ("        sat: 9:00-12:00\n", "        sat: 9:00-25:00\n", 0, "25:00"),
    ]:
        text, line = mutate(text, old, new)
        expected.append((line + offset, words))
    return text, expected


def test_every_error_is_reported_in_one_build_and_nothing_is_written(build_with, sample_text, tmp_path):
    text, expected = all_mistakes(sample_text)
    output = tmp_path / "output"
    build = build_with(text, output=output)
    assert build.returncode != 0
    assert "Traceback" not in build.stderr + build.stdout
    reported = re.findall(r"^\s*sites\.yaml:(\d+): (.*)$", build.stderr, re.M)
    assert len(reported) == len(expected), build.stderr
    for (line, words), (got_line, message) in zip(sorted(expected), reported):
        assert int(got_line) == line and words in message, (line, words, got_line, message)
    assert not output.exists()


def test_invalid_data_leaves_a_previous_build_untouched(build_with, sample_text, tmp_path):
    output = tmp_path / "output"
    good = build_with(sample_text, output=output)
    assert good.returncode == 0, good.stderr
    # All but the preview's report of mistakes (plugins/buildreport, tests/test_build_report.py).
    report = output / "build-report"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in output.rglob("*") if p.is_file() and report not in p.parents}
    assert len(before) > 40

    text, expected = all_mistakes(sample_text)
    bad = build_with(text, output=output)
    assert bad.returncode != 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in output.rglob("*") if p.is_file() and report not in p.parents}
    assert after == before
    assert (report / "status.json").read_text(encoding="utf-8") == f'{{"ok": false, "errors": {len(expected)}, "warnings": 0}}\n'


def test_make_check_reports_without_building(tmp_path, sample_text):
    text, expected = all_mistakes(sample_text)
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(text, encoding="utf-8")
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nSITES_FILE = {str(sites_file)!r}\nSITES_TODAY = {TODAY!r}\n")
    run = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert len(re.findall(r"^\s*sites\.yaml:\d+: ", run.stderr, re.M)) == len(expected)
    assert "make check" in run.stderr

    sites_file.write_text(sample_text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    assert run.returncode == 0, run.stderr
    assert "检查通过" in run.stdout


def test_a_missing_file_is_reported_plainly(tmp_path):
    with pytest.raises(DataError) as raised:
        load_county(tmp_path / "nope.yaml")
    assert "找不到文件" in str(raised.value)


def test_correction_contact_is_required(build_with, sample_text):
    build = build_with(sample_text, extra=["CORRECTION_CONTACT={}"])
    assert build.returncode != 0
    assert "CORRECTION_CONTACT" in build.stderr and "Traceback" not in build.stderr


@pytest.mark.parametrize("broken", [None, "sites", "places", "schools"])
def test_files_read_side_by_side_give_the_same_model_and_the_same_problems(tmp_path, monkeypatch, broken):
    """A province's files are parsed on every core (datafile/document.py); the sample is too small
    for that, so the threshold is lowered here. A file with a mistake is left to Document, which
    reports it exactly as when the files are read one after another."""
    import pickle

    from datafile import document

    files = {name: (ROOT / f"{name}.yaml").read_text(encoding="utf-8") for name in ("sites", "places", "schools")}
    if broken:
        files[broken] = files[broken].replace("\n  - ", "\n  -\t", 1)  # a tab: a YAML syntax error
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")

    def load():
        try:
            return pickle.dumps(load_county(tmp_path / "sites.yaml", today=dt.date.fromisoformat(TODAY),
                                            places_path=tmp_path / "places.yaml",
                                            schools_path=tmp_path / "schools.yaml"))
        except DataError as error:
            return [str(problem) for problem in error.problems]

    one_after_another = load()
    monkeypatch.setattr(document, "SIDE_BY_SIDE_BYTES", 0)
    side_by_side = load()
    assert side_by_side == one_after_another
    assert isinstance(one_after_another, list) == bool(broken)
