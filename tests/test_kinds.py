"""Every kind and state is defined once (plugins/county/kinds.py): adding a site kind is one entry in
that file, and every page, map, the finder and the open data show it."""

import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT, TODAY, Build, Server

NEW_KIND = '    SiteKind("mobile_team", "流动接种队", "流动接种队", "流", "circle", school_rank=4),\n'
COPIED = ["pelicanconf.py", "sites.yaml", "places.yaml", "schools.yaml", "plugins", "theme", "content", "progress"]


def project_with_a_new_kind(tmp_path):
    """A copy of the project whose only change is one more entry in SITE_KINDS."""
    project = tmp_path / "project"
    project.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    kinds = project / "plugins" / "county" / "kinds.py"
    text = kinds.read_text(encoding="utf-8")
    anchor = '    SiteKind("temporary",'
    assert anchor in text
    at = text.index("\n", text.index(anchor)) + 1
    kinds.write_text(text[:at] + NEW_KIND + text[at:], encoding="utf-8")
    sites = project / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").replace(
        "  - id: changjiahe-mobile\n    name: 常家河镇流动接种车（集市）\n    kind: temporary\n",
        "  - id: changjiahe-mobile\n    name: 常家河镇流动接种车（集市）\n    kind: mobile_team\n", 1), encoding="utf-8")
    return project


def build(project, output):
    args = [sys.executable, "-m", "pelican", "-s", str(project / "pelicanconf.py"), "-o", str(output),
            "-e", f'SITES_TODAY="{TODAY}"', f'CACHE_PATH="{project / "cache"}"']
    env = {**os.environ, "COLUMNS": "300"}
    return Build(subprocess.run(args, cwd=project, capture_output=True, text=True, timeout=300, env=env), output)


def test_a_new_site_kind_is_one_entry_in_kinds_py(tmp_path, browser):
    project = project_with_a_new_kind(tmp_path)
    built = build(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr

    # Its page, its township's page and the list of all sites say the kind in words.
    assert "流动接种队" in built.page("sites/changjiahe-mobile").select_one(".site-kind").get_text()
    card = built.page("townships/changjiahe").select_one("#site-changjiahe-mobile .site-card__meta")
    assert "流动接种队" in card.get_text()
    # Every map's legend lists it with its shape.
    legend = [item.get_text() for item in built.page("map").select(".legend-item")]
    assert "● 流动接种队" in legend and "■ 疾控中心" in legend
    # The map's and the finder's data carry the new list, and the site's row points into it.
    markers = json.loads((built.output / "maps/data/townships/changjiahe.json").read_text(encoding="utf-8"))
    row = next(r for r in markers["sites"] if r[0] == "changjiahe-mobile")
    assert markers["kinds"][row[markers["fields"].index("kind")]]["label"] == "流动接种队"
    finder = json.loads((built.output / "finder/index.json").read_text(encoding="utf-8"))
    assert [k["key"] for k in finder["kinds"]][-1] == "mobile_team"
    # The open data says it.
    records = json.loads((built.output / "data/sites.json").read_text(encoding="utf-8"))["sites"]
    assert next(r for r in records if r["id"] == "changjiahe-mobile")["kind_label"] == "流动接种队"

    # On the phone, its marker carries its character and its popup its words.
    server = Server(built.output)
    try:
        page = browser.new_page(viewport={"width": 412, "height": 900})
        page.goto(server.url + "/sites/changjiahe-mobile/")
        marker = page.locator(".vax-marker--focus")
        marker.wait_for()
        assert marker.inner_text() == "流" and "vax-marker--circle" in marker.get_attribute("class")
        marker.click()
        assert "流动接种队" in page.locator(".vax-popup").inner_text()
        page.close()
    finally:
        server.close()


def test_a_wrong_kind_lists_every_kind_with_its_words(tmp_path):
    project = project_with_a_new_kind(tmp_path)
    sites = project / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("kind: mobile_team", "kind: bus", 1), encoding="utf-8")
    built = build(project, tmp_path / "out")
    assert built.returncode != 0 and "Traceback" not in built.stderr
    assert "「bus」不是可选的值" in built.stderr
    assert "temporary（临时/流动接种点）、mobile_team（流动接种队）" in built.stderr


def test_kinds_and_states_are_written_out_nowhere_else():
    """Their keys (but "open", which the code treats specially) and words appear only in kinds.py."""
    from county.kinds import SITE_KINDS, SITE_STATES
    words = {kind.label for kind in SITE_KINDS}
    words |= {state.label for state in SITE_STATES} | {f'"{state.key}"' for state in SITE_STATES if state.key != "open"}
    words |= {f'"{kind.key}"' for kind in SITE_KINDS if kind.key != "school_district"}  # also a field's name
    # Words that mean something else there: the office that verified a listing (an example for the
    # clerk), and the letter's placeholder 【学区接种点】 (the point the school's district uses).
    # And "closed", the field of a special day (closed: true) in the workbook's columns.
    allowed = {"plugins/datafile/messages.py": {"县疾控中心"}, "plugins/schools/letter.py": {"学区接种点"},
               "plugins/schools/generator.py": {"学区接种点"}, "plugins/workbook/columns.py": {'"closed"'}}
    for folder in ("plugins", "theme/components", "theme/templates"):
        for path in (ROOT / folder).rglob("*"):
            if "vendor" in path.relative_to(ROOT).parts:
                continue  # others' code, as published (Decap CMS in plugins/editor/vendor/)
            if path.suffix in (".py", ".js", ".html", ".css") and path.name != "kinds.py":
                text = path.read_text(encoding="utf-8")
                found = {w for w in words if w in text} - allowed.get(path.relative_to(ROOT).as_posix(), set())
                assert not found, (path, found)
