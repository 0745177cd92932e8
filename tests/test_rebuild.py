"""A preview rebuild after one change writes only what shows the change, and ends with exactly
the files a fresh full build makes.

One output folder takes eight changes one after another, as a clerk would make them; after each,
the rebuild is compared file by file with a fresh build of the same inputs into an empty folder
(no record of earlier builds), and the files it rewrote are checked against what shows the change.
The rebuilds digest their pages' keys and draw their pages on forked workers (PARALLEL_PAGES 0,
as a province's do), the fresh builds in one process (as the sample's do).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, build_inputs, output_files


def build(inputs, output, cache, extra=()):
    return build_inputs(inputs, output, cache, extra).output


def rebuild(inputs):
    return build(inputs, "out", "cache", ["PARALLEL_PAGES=0"])


NEW_SITE = """
  - id: test-new-site
    name: 测试新增接种点
    kind: health_centre
    township: 马营镇
    address: 马营镇测试村村委会
    location: {lat: 35.1, lon: 105.0, datum: wgs84}
    hours:
      weekly:
        mon-fri: 9:00-12:00
    vaccines:
      - name: 流感疫苗
        ages: "3+"
    walk_in: true
    phone: 0932-0000999
    verified: {date: 2026-11-26, by: 测试}
"""


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_site(inputs):
    sites = inputs / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_SITE, encoding="utf-8")


def remove_site(inputs):
    sites = inputs / "sites.yaml"
    text = sites.read_text(encoding="utf-8")
    sites.write_text(text[:text.index("\n  - id: test-new-site")] + "\n", encoding="utf-8")


# (what changed, the edit, pages that must show it, pages that must not be written again)
OTHER_TOWNSHIP = ["sites/disanpu-whc/index.html", "townships/disanpu/index.html"]
CHANGES = [
    ("phone", lambda i: edit(i / "sites.yaml", "phone: 0932-0000101", "phone: 0932-0000199"),
     {"sites/tw-cdc/index.html": "0932-0000199", "townships/pingxiang/index.html": "0932-0000199"},
     OTHER_TOWNSHIP + ["faq/index.html"]),
    ("hours", lambda i: edit(i / "sites.yaml", "        sat: 9:00-12:00\n      exceptions:\n        - {date: 2027-01-01",
                             "        sat: 9:00-11:30\n      exceptions:\n        - {date: 2027-01-01"),
     {"sites/tw-cdc/index.html": "11:30"}, OTHER_TOWNSHIP),
    ("status", lambda i: edit(i / "sites.yaml", "    phone: 0932-0000199\n",
                              "    phone: 0932-0000199\n    status: {state: paused, reason: 测试暂停接种, until: 2026-12-20}\n"),
     {"sites/tw-cdc/index.html": "测试暂停接种"}, OTHER_TOWNSHIP),
    ("location", lambda i: edit(i / "sites.yaml", "{lat: 35.208132, lon: 105.242201, datum: gcj02}",
                                "{lat: 35.208132, lon: 105.262201, datum: gcj02}"),
     {"sites/tw-cdc/index.html": "", "maps/data/townships/pingxiang.json": ""}, ["faq/index.html"]),
    ("added site", add_site, {"sites/test-new-site/index.html": "测试新增接种点",
                              "townships/maying/index.html": "测试新增接种点", "sites/index.html": "测试新增接种点"},
     ["sites/tw-cdc/index.html", "faq/index.html"]),
    ("removed site", remove_site, {}, ["sites/tw-cdc/index.html", "faq/index.html"]),
    ("FAQ page", lambda i: edit(i / "content/faq/03-older-adults-should-vaccinate.md", "## 怎么做",
                                "## 怎么做\n\n新加的一句：请带好身份证。"),
     {"faq/older-adults-should-vaccinate/index.html": "新加的一句"}, ["sites/tw-cdc/index.html", "townships/pingxiang/index.html"]),
    ("glossary", lambda i: edit(i / "content/faq/glossary.yaml", "term: ", "term: 测试词条\n    plain: 只为测试加的一条。\n  - term: "),
     {"faq/glossary/index.html": "只为测试加的一条"}, ["sites/tw-cdc/index.html", "townships/pingxiang/index.html"]),
]


def times(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and "pagefind" not in p.parts}


def test_each_kind_of_change_rewrites_only_its_pages_and_equals_a_fresh_build(inputs):
    # A build into another folder first, with the same cache: the output folder's first build then
    # takes the model from the cache, as a build after a code update or into a new release does,
    # and the rebuilds after it validate the changed file again. Their pages must still match.
    build(inputs, "first", "cache")
    output = rebuild(inputs)
    pages = [name for name in times(output) if name.endswith(".html")]
    for number, (kind, change, shown, untouched) in enumerate(CHANGES):
        before = times(output)
        change(inputs)
        rebuild(inputs)
        after = times(output)
        rewritten = {name for name, time in after.items() if before.get(name) != time}
        for name, words in shown.items():
            assert name in rewritten, (kind, name)
            assert words in (output / name).read_text(encoding="utf-8"), (kind, name)
        for name in untouched:
            assert name in after and name not in rewritten, (kind, name)
        # Most pages show none of it (the sample has about a hundred).
        assert len(rewritten & set(pages)) < len(pages) / 2, (kind, sorted(rewritten))
        fresh = build(inputs, f"fresh-{number}", "fresh-cache")
        assert output_files(output) == output_files(fresh), kind


def test_a_removed_site_leaves_no_page_behind(inputs):
    output = build(inputs, "out", "cache")
    add_site(inputs)
    build(inputs, "out", "cache")
    assert (output / "sites/test-new-site/index.html").exists()
    remove_site(inputs)
    build(inputs, "out", "cache")
    assert not (output / "sites/test-new-site/index.html").exists()


def test_a_process_that_builds_again_keeps_the_model_in_memory_and_equals_a_fresh_build(inputs):
    """`make devserver` and `make edit` build again in one process, which keeps the last load's
    records and parses in memory (county/load.py, datafile/document.py) instead of reading them
    from the cache. After each change the pages are those of a fresh build."""
    loop = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("_loop_builder.py")), str(ROOT / "pelicanconf.py"),
         str(inputs / "loop"), f'SITES_FILE="{inputs / "sites.yaml"}"', f'PATH="{inputs / "content"}"',
         f'CACHE_PATH="{inputs / "loop-cache"}"', 'SITES_TODAY="2026-11-28"', "DEVSERVER=true"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})

    def build_in_loop():
        loop.stdin.write("build\n")
        loop.stdin.flush()
        for line in loop.stdout:  # Pelican's own lines come first
            if line.startswith("LOOP "):
                return json.loads(line[len("LOOP "):])
        raise AssertionError(loop.stderr.read()[-3000:])

    try:
        assert build_in_loop()["ended"]
        wanted = {"phone", "location", "added site", "removed site"}
        for number, (kind, change, shown, _) in enumerate(change for change in CHANGES if change[0] in wanted):
            change(inputs)
            kept = build_in_loop()
            assert kept["ended"] and kept["records"] > 0 and kept["parses"] > 0, (kind, kept)
            for name, words in shown.items():
                assert words in (inputs / "loop" / name).read_text(encoding="utf-8"), (kind, name)
            fresh = build(inputs, f"fresh-{number}", "fresh-cache")
            assert output_files(inputs / "loop") == output_files(fresh), kind
    finally:
        loop.stdin.close()
        loop.wait(timeout=60)
