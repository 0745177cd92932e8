"""Every setting has one default (plugins/framework/defaults.py), filled in and checked once, and the
README's table says the same."""

import ast
import datetime as dt
import re
import subprocess
import sys

import pytest

from conftest import ROOT, TODAY, run_pelican
from datafile.problems import DataError
from framework import defaults, settings_table
from framework.settings import complete


def test_the_readme_table_is_the_defaults():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table.with_table(readme) == readme, "run `make settings-table` and commit README.md"


def test_the_readme_table_changes_when_a_default_does(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    changed = [s if s.name != "NEAREST_COUNT" else defaults.Setting(s.name, 4, s.doc, s.group, s.check)
               for s in defaults.DEFAULT_CONFIG]
    monkeypatch.setattr(settings_table, "DEFAULT_CONFIG", changed)
    assert settings_table.with_table(readme) != readme


def test_every_setting_a_plugin_reads_is_declared():
    """A setting read in the plugins' code as settings["NAME"] is in DEFAULT_CONFIG (or is Pelican's own)."""
    pelican_own = {"PATH", "THEME", "SITENAME", "SITEURL", "RELATIVE_URLS", "TIMEZONE", "OUTPUT_PATH", "CACHE_PATH",
                   "STATIC_PATHS", "THEME_TEMPLATES_OVERRIDES", "PLUGINS", "PAGE_PATHS", "PAGE_URL", "BIND", "PORT",
                   "IGNORE_FILES", "JINJA_ENVIRONMENT"}
    read = set()
    for path in (ROOT / "plugins").rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""(?:settings|config)(?:\.get\(|\[)["']([A-Z][A-Z_]+)["']""", code))
        read |= {f"{page}_URL" for page in re.findall(r'self\.url\("([A-Z_]+)"', code)}
        read |= {f"{page}_SAVE_AS" for page in re.findall(r'self\.save_as\("([A-Z_]+)"', code)}
    assert "NEAREST_COUNT" in read and "TOWNSHIP_URL" in read and "SITE_SAVE_AS" in read  # the search works
    declared = {setting.name for setting in defaults.DEFAULT_CONFIG}
    assert read - declared - pelican_own == set()


def test_pelicanconf_repeats_no_default():
    tree = ast.parse((ROOT / "pelicanconf.py").read_text(encoding="utf-8"))
    declared = {setting.name: setting.default for setting in defaults.DEFAULT_CONFIG}
    repeated = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in declared:
                    try:
                        value = ast.literal_eval(node.value)
                    except ValueError:
                        continue  # computed (a path next to pelicanconf.py): not a copy of the default
                    if value == declared[target.id]:
                        repeated.append(target.id)
    assert repeated == []


def settings_with(**values):
    return {"PATH": str(ROOT / "content"), "TIMEZONE": "Asia/Shanghai", **values}


def test_defaults_are_filled_in_and_paths_made_absolute():
    settings = complete(settings_with(CORRECTION_CONTACT={"phone": "0932-1234567"}))
    assert settings["NEAREST_COUNT"] == 3 and settings["PUBLISH"] is False
    assert settings["SITES_FILE"] == str(ROOT / "sites.yaml")        # relative to the project
    assert settings["FAQ_DIR"] == str(ROOT / "content" / "faq")      # relative to the content folder
    # Each build has its own copy of a mutable default.
    settings["OFFLINE_PAGES"].append("x/")
    assert "x/" not in next(s.default for s in defaults.DEFAULT_CONFIG if s.name == "OFFLINE_PAGES")


def test_today_is_parsed_once_into_a_date():
    contact = {"phone": "0932-1234567"}
    assert complete(settings_with(CORRECTION_CONTACT=contact, SITES_TODAY=TODAY))["SITES_TODAY"] == dt.date(2026, 11, 28)
    today = complete(settings_with(CORRECTION_CONTACT=contact))["SITES_TODAY"]
    assert isinstance(today, dt.date) and abs((today - dt.date.today()).days) <= 1
    # Completing twice (publishconf.py imports pelicanconf.py) changes nothing.
    twice = complete(complete(settings_with(CORRECTION_CONTACT=contact, SITES_TODAY=TODAY)))
    assert twice["SITES_TODAY"] == dt.date(2026, 11, 28) and twice["SITES_FILE"] == str(ROOT / "sites.yaml")


def test_every_wrong_setting_is_reported_at_once():
    with pytest.raises(DataError) as raised:
        complete(settings_with(SITES_TODAY="2026-13-01", NEAREST_COUNT=0, MAP_TILES="google",
                               CORRECTION_CONTACT={"fax": "1"}, SITE_URL="sites/{slug}/"))
    report = str(raised.value)
    for words in ("SITES_TODAY「2026-13-01」不是日期", "NEAREST_COUNT 应是一个正整数", "MAP_TILES = 'google' 不是可选的值",
                  "CORRECTION_CONTACT 至少要写", "SITE_URL「sites/{slug}/」里只能用这些占位符：{id}"):
        assert words in report, report
    assert len(raised.value.problems) == 5


def test_a_wrong_setting_stops_the_build_in_chinese(tmp_path):
    build = run_pelican(tmp_path / "out", extra=['NEAREST_COUNT="3"', 'SITES_TODAY="明天"'])
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert "NEAREST_COUNT 应是一个正整数" in build.stderr and "SITES_TODAY「明天」不是日期" in build.stderr
    assert not (tmp_path / "out").exists()


def test_make_check_reports_a_wrong_setting(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nSITES_TODAY = {TODAY!r}\nFAQ_MAX_SENTENCE_CHARS = -1\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    assert run.returncode == 1 and "FAQ_MAX_SENTENCE_CHARS 应是一个正整数" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("contact, words", [
    ({"url": "javascript:alert(1)"}, "CORRECTION_CONTACT 的 url 要以 https:// 或 http:// 开头"),
    ({"email": "a@b.cn?bcc=everyone@example.com"}, "CORRECTION_CONTACT 的 email 只能写一个电子邮件地址"),
    ({"phone": "0932-00001"}, "CORRECTION_CONTACT 的 phone：电话「0932-00001」的格式不对"),
])
def test_the_correction_contact_must_be_something_a_resident_can_use(contact, words):
    with pytest.raises(DataError) as raised:
        complete(settings_with(CORRECTION_CONTACT=contact))
    assert words in str(raised.value)
