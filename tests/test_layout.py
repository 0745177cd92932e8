"""What a resident on a cheap phone sees: a script that fails leaves the list (never an empty box),
every script parses on an old WebView (ES5), and each map marker is a tap target of its own.
Properties checked in Chromium, not timings; that nothing moves is tests/test_layout_shift.py."""

import json
import subprocess

import pytest

from conftest import ROOT
from test_html_checkers import need
from test_maps import tile_host_requests

# Lighthouse's phone. No service worker: it would fetch scripts past the routes that break them.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "service_workers": "block"}
PAGE_KINDS = ["/", "/townships/maying/", "/sites/tw-cdc/", "/sites/", "/map/", "/faq/", "/schools/maying-primary/",
              "/progress/", "/search/?q=老人", "/find/", "/next-dose/"]
ACORN = ROOT / "tests/.tools/node_modules/acorn/dist/acorn.js"


def broken(pattern):
    """A route handler that answers scripts matching pattern with one an old phone cannot read."""
    def handle(route):
        if pattern in route.request.url and route.request.url.split("?")[0].endswith(".js"):
            route.fulfill(status=200, content_type="text/javascript", body="var broken = ;")
        elif "127.0.0.1" in route.request.url:
            route.continue_()
        else:
            route.abort()
    return handle


def phone_where_broken(browser, pattern):
    """A phone page whose scripts matching pattern cannot be read (see broken())."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.route("**/*", broken(pattern))
    return context, page


def test_a_map_whose_script_fails_leaves_the_list_not_an_empty_box(browser, served_sample):
    context, page = phone_where_broken(browser, "/maps/county")
    page.goto(served_sample + "/map/")
    page.wait_for_selector("figure.map.script-failed", state="attached")
    assert not page.locator("figure.map").is_visible()
    assert page.locator("main [data-site-id]").first.is_visible()
    page.goto(served_sample + "/")  # the home page's map is the county one too
    page.wait_for_selector("figure.map.script-failed", state="attached")
    assert not page.locator("figure.map").is_visible() and page.locator(".finder").is_visible()
    context.close()


def test_when_the_site_script_fails_the_finder_and_buttons_go_and_the_lists_stay(browser, served_sample):
    context, page = phone_where_broken(browser, "/theme/site.")
    page.goto(served_sample + "/")
    page.wait_for_selector(".finder.script-failed", state="attached")
    assert not page.locator(".finder").is_visible() and not page.locator("figure.map").is_visible()
    assert page.locator(".township-list a").first.is_visible()
    page.goto(served_sample + "/schools/maying-primary/")
    page.wait_for_selector(".print-button.script-failed", state="attached")
    assert not page.locator(".print-button").is_visible()
    context.close()


def test_search_that_cannot_start_shows_the_links_instead(browser, served_sample):
    context, page = phone_where_broken(browser, "pagefind-ui.js")  # Pagefind's needs WebAssembly
    page.goto(served_sample + "/search/?q=老人")
    page.wait_for_selector(".search-box.script-failed", state="attached")
    assert not page.locator(".search-box").is_visible()
    assert page.locator(".search-fallback a").first.is_visible()
    context.close()


def test_while_the_page_loads_the_parts_that_need_scripts_are_already_drawn(browser, served_sample):
    """What keeps the page still: the finder and the map take their room before their scripts run."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.route("**/theme/site.*", lambda route: route.abort())  # as if it never arrived
    page.route("**/maps/county*", lambda route: route.abort())
    page.goto(served_sample + "/", wait_until="domcontentloaded")
    assert page.locator(".finder").is_visible() and page.locator("figure.map").is_visible()
    context.close()


def test_every_script_we_serve_parses_as_es5(sample_build):
    """Old WebViews (Chromium before 60, old in-app browsers) read ES5 only. Pagefind's own scripts
    are left out: they need WebAssembly, which such browsers lack, and the search page then shows
    its links (test above). Decap CMS (admin/decap-cms/, in preview builds only) is left out too: the
    office uses the web editor in a desktop browser; the editor's own script is checked."""
    need(ACORN.exists(), "acorn (npm)")
    scripts = sorted(path for path in sample_build.output.rglob("*.js")
                     if "pagefind" not in path.parts and "decap-cms" not in path.parts)
    assert (sample_build.output / "admin/editor.js") in scripts
    assert any(path.match("maps/county*.js") for path in scripts) and any(path.match("theme/site*.js") for path in scripts)
    check = ("const acorn = require(process.argv[1]); const fs = require('fs'); const failed = {};"
             "for (const file of process.argv.slice(2)) { try { acorn.parse(fs.readFileSync(file, 'utf8'), {ecmaVersion: 5}); }"
             " catch (error) { failed[file] = error.message; } } console.log(JSON.stringify(failed));")
    result = subprocess.run(["node", "-e", check, str(ACORN), *map(str, scripts)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == {}


@pytest.mark.parametrize("path", ["/map/", "/townships/maying/", "/sites/maying-whc/"])
def test_each_map_marker_is_a_tap_target_of_its_own(browser, served_sample, path):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    tile_host_requests(page, set())
    page.goto(served_sample + path)
    page.wait_for_selector("[data-markers-drawn]", state="attached", timeout=10_000)
    page.wait_for_timeout(800)  # the fit-to-markers zoom animation
    targets = page.evaluate("""() => {
        const box = document.querySelector('.map__canvas').getBoundingClientRect();
        return [...document.querySelectorAll('.leaflet-marker-icon')].map(el => el.getBoundingClientRect())
            .filter(r => r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom)
            .map(r => [r.left, r.top, r.right, r.bottom]);
    }""")
    assert targets
    assert all(right - left >= 24 and bottom - top >= 24 for left, top, right, bottom in targets)
    overlaps = [(a, b) for i, a in enumerate(targets) for b in targets[i + 1:]
                if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])]
    assert overlaps == []
    context.close()
