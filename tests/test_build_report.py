"""A preview build that fails shows its mistakes where the editors look (plugins/buildreport): a
report page at build-report/ listing every mistake with the console's words, status.json for the
CMS, and a notice on every page of the last good site; a publish build has none of it."""

import json
import os
import signal
import subprocess
import sys
import time

from conftest import PELICAN, ROOT, TODAY, Server, build_inputs, run_pelican

# What `make devserver` runs: Pelican's autoreload, waiting for a change after a build that stopped.
DEVSERVER = [sys.executable, "-m", "framework.devserver"]

AXE = ROOT / "tests/vendor/axe-core/axe.min.js"

PHONE = "    phone: 0932-0000102\n"            # pingxiang-whc's, in the sample
HOSTILE_PHONE = "    phone: 0932-000010<b>粗</b>\n"
FAQ = "content/faq/03-older-adults-should-vaccinate.md"
ANSWER = "Answer: 能打，60岁以上的人得了新冠风险更高，更需要打。\n"
REVIEWED = "Reviewed: 2026-11-20\n"
STALE = "Reviewed: 2025-01-02\n"                # over FAQ_REVIEW_MAX_DAYS (365) before TODAY
PHONE_IN = {"width": 360, "height": 740}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1  # the line of the change


def status(output):
    try:
        return json.loads((output / "build-report/status.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def wait_for_status(output, expected, process=None, seconds=90):
    deadline = time.monotonic() + seconds
    while status(output) != expected:
        assert process is None or process.poll() is None, "the devserver stopped"
        assert time.monotonic() < deadline, f"status.json is {status(output)}, not {expected}"
        time.sleep(0.2)


def settle(log, builds=1, seconds=90):
    """After a build that passed: Pelican's autoreload watches for changes only once the build
    has returned, a moment after status.json is written; an edit before that would go unseen.
    Pelican prints "Done: Processed …" then: wait for the `builds`-th such line, then a moment
    for the watch to begin."""
    deadline = time.monotonic() + seconds
    while True:
        log.seek(0)
        if log.read().count("Done: Processed") >= builds:
            break
        assert time.monotonic() < deadline, "the devserver never finished its build"
        time.sleep(0.2)
    time.sleep(0.5)


def pages(output):
    """{path: (mtime, bytes)} of everything but the report."""
    return {p.relative_to(output).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in output.rglob("*")
            if p.is_file() and "build-report" not in p.relative_to(output).parts}


def report(output):
    from bs4 import BeautifulSoup
    soup = BeautifulSoup((output / "build-report/index.html").read_text(encoding="utf-8"), "html.parser")
    return {heading["id"]: [" ".join(li.get_text().split()) for li in heading.find_next("ol").find_all("li")]
            for heading in soup.select("h2[id]")}, soup


def squeezed(text):
    return "".join(text.split())


def axe_violations(page):
    """WCAG 2.1 A and AA, as tests/test_accessibility.py asks of every template."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_the_devserver_reports_every_mistake_keeps_the_last_good_pages_and_clears_when_fixed(inputs):
    """`make devserver`: Pelican's autoreload with DEVSERVER. Two files go wrong at once; the
    report lists both, as the console does, and nothing else in the folder changes."""
    output = inputs / "out"
    conf = inputs / "devconf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n", encoding="utf-8")
    log = open(inputs / "devserver.log", "w+", encoding="utf-8")
    server = subprocess.Popen(
        DEVSERVER + ["--autoreload", "-s", str(conf), "-o", str(output),
                   "-e", "DEVSERVER=true", f'SITES_FILE="{inputs / "sites.yaml"}"', f'PATH="{inputs / "content"}"',
                   f'CACHE_PATH="{inputs / "cache"}"', f'SITES_TODAY="{TODAY}"'],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "300", "PYTHONPATH": str(ROOT / "plugins")},
        start_new_session=True)
    try:
        wait_for_status(output, {"ok": True, "errors": 0, "warnings": 0}, server)
        headings, soup = report(output)
        assert "网站已更新" in soup.get_text() and headings == {}
        settle(log)
        before = pages(output)
        assert "sites/pingxiang-whc/index.html" in before

        phone_line = edit(inputs / "sites.yaml", PHONE, HOSTILE_PHONE)
        edit(inputs / FAQ, ANSWER, "")
        wait_for_status(output, {"ok": False, "errors": 2, "warnings": 0}, server)
        headings, soup = report(output)
        errors = headings["errors"]
        assert len(errors) == 2 and list(headings) == ["errors"]
        faq_error, phone_error = errors
        assert faq_error.startswith("03-older-adults-should-vaccinate.md:1: 缺少「Answer」")
        assert phone_error.startswith(f"sites.yaml:{phone_line}: 接种点「pingxiang-whc」的 phone：电话「0932-000010<b>粗</b>」")
        assert "0932-1234567" in phone_error  # ... and how to write it
        assert not soup.select("main ol b")  # the editor's text is shown, never run as markup
        assert "网站没有更新：有 2 处错误" in soup.title.get_text()
        # The console said the same, every line of it (the build stopped at sites.yaml; FAQ's was found too).
        # (the report is written as the build stops; the console line follows a moment later)
        deadline = time.monotonic() + 30
        while True:
            log.seek(0)
            console = squeezed(log.read())
            if (squeezed(faq_error) in console and squeezed(phone_error) in console) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert squeezed(faq_error) in console and squeezed(phone_error) in console
        assert "Traceback" not in console
        assert pages(output) == before  # the last good pages, untouched
        # A build that stopped waits for the next change: it does not run again and again.
        stopped_at = (output / "build-report/status.json").stat().st_mtime_ns
        time.sleep(4)
        assert (output / "build-report/status.json").stat().st_mtime_ns == stopped_at

        edit(inputs / "sites.yaml", HOSTILE_PHONE, PHONE)
        edit(inputs / FAQ, "Topic: who\n", ANSWER + "Topic: who\n")
        stale_line = edit(inputs / FAQ, REVIEWED, STALE)
        wait_for_status(output, {"ok": True, "errors": 0, "warnings": 1}, server)
        headings, soup = report(output)
        assert "网站已更新" in soup.get_text() and list(headings) == ["warnings"]
        assert headings["warnings"][0].startswith(f"03-older-adults-should-vaccinate.md:{stale_line}: 内容审核于 2025-01-02")

        # A wrong setting: Pelican's autoreload then builds again with the settings it read before,
        # and that build must not say all is well.
        settle(log, builds=2)
        good = conf.read_text(encoding="utf-8")
        conf.write_text(good + "VERIFIED_MAX_AGE_DAYS = 0\n", encoding="utf-8")
        wait_for_status(output, {"ok": False, "errors": 1, "warnings": 1}, server)
        headings, _ = report(output)
        assert headings["errors"][0].startswith("pelicanconf.py: VERIFIED_MAX_AGE_DAYS 应是一个正整数")
        conf.write_text(good, encoding="utf-8")
        wait_for_status(output, {"ok": True, "errors": 0, "warnings": 1}, server)

        # A file saved with the text it had (a spreadsheet imported again) starts no build: the
        # console says so, and the next real change is built as ever.
        settle(log, builds=3)
        built_at = (output / "build-report/status.json").stat().st_mtime_ns
        sites = inputs / "sites.yaml"
        sites.write_text(sites.read_text(encoding="utf-8"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "内容和上次生成时一样" not in squeezed(log.read()):
            assert time.monotonic() < deadline, "the devserver did not see the save"
            log.seek(0)
            time.sleep(0.2)
        time.sleep(1)
        assert (output / "build-report/status.json").stat().st_mtime_ns == built_at
        edit(inputs / FAQ, STALE, REVIEWED)
        wait_for_status(output, {"ok": True, "errors": 0, "warnings": 0}, server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


# Builds the inputs' copy three times in one process, as the devserver does, with a clerk's save
# between builds, and prints how many site records are alive after each.
BUILDS_IN_ONE_PROCESS = """
import gc, sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings
from county.schema.sites import Site
from framework.devserver import between_builds
inputs = Path(sys.argv[1])
settings = {"OUTPUT_PATH": str(inputs / "out"), "SITES_FILE": str(inputs / "sites.yaml"), "PATH": str(inputs / "content"),
            "CACHE_PATH": str(inputs / "cache"), "SITES_TODAY": sys.argv[2], "DEVSERVER": True}
sites = inputs / "sites.yaml"
for number in range(3):
    old, new = f"phone: 0932-00{number}0101", f"phone: 0932-00{number + 1}0101"
    assert old in sites.read_text(encoding="utf-8"), old
    sites.write_text(sites.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    Pelican(read_settings("pelicanconf.py", override=settings)).run()
    between_builds()
    print("alive:", sum(isinstance(thing, Site) for thing in gc.get_objects()), flush=True)
"""


def test_the_devserver_keeps_nothing_of_a_build_once_the_next_is_done(inputs):
    """Pelican memoizes each page's HTML on its class, keyed by the page, and each page holds its
    build's whole context: without between_builds(), every build of `make devserver` stayed in
    memory (95 MB a build at province scale). After each build only one county's sites are alive."""
    result = subprocess.run([sys.executable, "-c", BUILDS_IN_ONE_PROCESS, str(inputs), TODAY], cwd=ROOT,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert result.returncode == 0, result.stderr[-3000:]
    alive = [int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("alive:")]
    sample_sites = (ROOT / "sites.yaml").read_text(encoding="utf-8").count("\n  - id: ")
    assert alive == [sample_sites] * 3, alive


def test_an_open_page_shows_the_notice_while_the_build_fails(inputs, browser):
    """`make html` into a folder with a good site: a failed build leaves the pages and writes the
    report; a page left open sees the notice come (and the page does not move), its link opens
    the report, the report reloads itself once the build passes, and the notice goes."""
    output = build_inputs(inputs, "out").output
    server = Server(output)
    context = browser.new_context(viewport=PHONE_IN, device_scale_factor=1)
    page = context.new_page()
    try:
        with page.expect_response(lambda response: "status.json" in response.url):
            page.goto(server.url + "/sites/pingxiang-whc/")
        page.wait_for_timeout(200)
        assert page.locator(".build-notice").count() == 0
        heading = page.locator("main h1").bounding_box()

        line = edit(inputs / "sites.yaml", PHONE, HOSTILE_PHONE)
        failed = run_pelican(output, sites_file=inputs / "sites.yaml",
                             extra=[f'PATH="{inputs / "content"}"', f'CACHE_PATH="{inputs / "cache"}"'])
        assert failed.returncode != 0 and status(output) == {"ok": False, "errors": 1, "warnings": 0}
        notice = page.locator(".build-notice a")
        notice.wait_for(state="visible", timeout=15_000)  # the page asks every few seconds
        assert notice.inner_text() == "网站没有更新：有 1 处错误，点此查看"
        box = page.locator(".build-notice").bounding_box()
        assert box["y"] + box["height"] == PHONE_IN["height"] and box["width"] == PHONE_IN["width"]
        assert page.locator("main h1").bounding_box() == heading  # over the page: nothing moved
        assert page.locator(".build-notice").get_attribute("role") == "alert"
        assert axe_violations(page) == []

        notice.click()
        page.wait_for_url("**/build-report/")
        item = page.locator("#errors ~ ol li").first
        assert item.inner_text().startswith(f"sites.yaml:{line}: 接种点「pingxiang-whc」的 phone：电话「0932-000010<b>粗</b>」")
        assert axe_violations(page) == []

        edit(inputs / "sites.yaml", HOSTILE_PHONE, PHONE)
        build_inputs(inputs, "out")
        page.get_by_text("网站已更新，没有发现错误。").wait_for(timeout=15_000)  # the report page reloads itself
        page.go_back()
        with page.expect_response(lambda response: "status.json" in response.url):
            page.reload()
        page.wait_for_timeout(200)
        assert page.locator(".build-notice").count() == 0
    finally:
        context.close()
        server.close()


def test_a_publish_build_has_no_report_and_no_notice(tmp_path, inputs):
    conf = tmp_path / "release_conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
                    f"SITEURL = 'https://ym.example.gov.cn'\nSITES_FILE = {str(inputs / 'sites.yaml')!r}\n"
                    f"SITES_TODAY = {TODAY!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n", encoding="utf-8")

    def publish():
        return subprocess.run(PELICAN + ["-s", str(conf), "-o", str(tmp_path / "public")], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)

    built = publish()
    assert built.returncode == 0, built.stderr
    public = tmp_path / "public"
    assert (public / "index.html").is_file() and not (public / "build-report").exists()
    for path in public.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "build-report" not in html and "data-build-status" not in html and "notice.js" not in html, path
    assert not list(public.rglob("notice.*")) and not list(public.rglob("status.json"))

    edit(inputs / "sites.yaml", PHONE, HOSTILE_PHONE)  # a failed publish build writes no report either
    failed = publish()
    assert failed.returncode != 0 and "0932-000010" in failed.stderr
    assert not (public / "build-report").exists()


def test_the_status_is_written_after_every_other_file_of_the_build(tmp_path):
    """An editor's open page reloads once status.json says the build passed: by then the search
    index, the last file a build writes, must be there too."""
    build = run_pelican(tmp_path / "out", extra=["DEVSERVER=true", f'CACHE_PATH="{tmp_path / "cache"}"'])
    assert build.returncode == 0, build.stderr
    written = {path.relative_to(build.output).as_posix(): path.stat().st_mtime_ns
               for path in build.output.rglob("*") if path.is_file()}
    status = written.pop("build-report/status.json")
    assert json.loads((build.output / "build-report/status.json").read_text(encoding="utf-8"))["ok"] is True
    last = max(written, key=written.get)
    assert status >= written[last] and written["pagefind/bundles.json"] <= status, last
