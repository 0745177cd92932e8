"""Maps: self-hosted, datum-correct, escaped, and an addition to the lists, never a replacement."""

import json
import re
from urllib.parse import urlparse

import eviltransform
import pytest

from conftest import EXTERNAL_ASSET, ROOT, Server, build_inputs
from test_datum import metres

MAP_PAGES = ["index.html", "map", "townships/pingxiang", "sites/tw-cdc"]
HOSTILE_NAME = 'A</script><script>window.__xss=1</script>"`${1}`'
HOSTILE_ADDRESS = "<img src=x onerror=\"window.__xss=2\">'`"
HOSTILE_VILLAGE = '<img src=x onerror="window.__xss=3">村'  # begins with "<": the finder's place file for "<"


def maps_of(build, page):
    soup = build.page(page)
    return soup, soup.select("figure.map .map__canvas")


def test_every_map_page_references_files_that_exist_on_our_host(sample_build):
    for page in MAP_PAGES:
        soup, canvases = maps_of(sample_build, page)
        assert len(canvases) == 1, page
        base = sample_build.output / page if not page.endswith(".html") else sample_build.output
        refs = [canvases[0]["data-markers"]] + [s["src"] for s in soup.select("script")] + \
            [link["href"] for link in soup.select("link[href]")]
        for ref in refs:
            assert not EXTERNAL_ASSET.match(ref), (page, ref)
            assert (base / ref).resolve().is_file(), (page, ref)
        scripts = [s["src"] for s in soup.select("script")]
        assert any(src.endswith("vendor/leaflet/leaflet.js") for src in scripts), page
        assert not any(re.search(r"jquery|bootstrap|font-?awesome", src, re.I) for src in scripts), page


def test_vendored_libraries_carry_their_licences(sample_build):
    vendor = sample_build.output / "theme/vendor"
    for library in ["leaflet", "leaflet.markercluster"]:
        assert (vendor / library / "LICENSE").stat().st_size > 500


def test_county_markers_are_compact_data_for_every_site(sample_build):
    data = json.loads((sample_build.output / "maps/data/county.json").read_text())
    assert data["datum"] == "wgs84"
    assert len(data["sites"]) == 32
    script = (sample_build.output / "maps/county.js").read_text()
    assert script.count("VaxMap.addSites") == 1 and "L.marker" not in script
    assert "tile.openstreetmap.org" in script


def test_map_scripts_are_identical_across_builds(sample_build, build_with, sample_text):
    again = build_with(sample_text)
    for path in ["maps/county.js", "maps/township.js", "maps/site.js", "maps/data/county.json", "maps/data/townships/pingxiang.json"]:
        assert (again.output / path).read_bytes() == (sample_build.output / path).read_bytes(), path


def test_a_kept_marker_file_is_the_file_made_afresh(inputs):
    """Marker files are kept between builds by the sites they show (maps/generator.py,
    KeptMarkers): after a phone changed, the rebuild's files are those a build with an empty
    cache makes, the new number in its township's file and the county's (which is put together
    from the sites' kept parts, markers.site_parts)."""
    build_inputs(inputs, "out", "cache")
    assert list((inputs / "cache" / "map-markers").rglob("*.pickle"))
    sites = inputs / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("0932-0000101", "0932-0000199", 1), encoding="utf-8")
    again = build_inputs(inputs, "out", "cache").output
    fresh = build_inputs(inputs, "fresh", "empty-cache").output
    files = sorted(path.relative_to(fresh).as_posix() for path in (fresh / "maps" / "data").rglob("*.json"))
    assert len(files) > 10
    for name in files:
        assert (again / name).read_bytes() == (fresh / name).read_bytes(), name
    for name in ["maps/data/county.json", "maps/data/townships/pingxiang.json"]:
        assert "0932-0000199" in (again / name).read_text(encoding="utf-8")


def test_gaode_tiles_get_gcj02_markers(build_with, sample_text, sample_build):
    build = build_with(sample_text, extra=['MAP_TILES="gaode"'])
    assert build.returncode == 0, build.stderr
    wgs = {row[0]: row[1:3] for row in json.loads((sample_build.output / "maps/data/county.json").read_text())["sites"]}
    gcj = json.loads((build.output / "maps/data/county.json").read_text())
    assert gcj["datum"] == "gcj02"
    for site_id, lat, lon, *_ in gcj["sites"]:
        expected = eviltransform.wgs2gcj(*wgs[site_id])
        assert metres((lat, lon), expected) < 1, site_id
        assert metres((lat, lon), wgs[site_id]) > 100  # it really moved
    assert "is.autonavi.com" in (build.output / "maps/county.js").read_text()


def test_tianditu_without_a_key_is_a_clear_error(build_with, sample_text):
    build = build_with(sample_text, extra=['MAP_TILES="tianditu"'])
    assert build.returncode != 0
    assert "TIANDITU_KEY" in build.stderr and "天地图" in build.stderr
    assert "Traceback" not in build.stderr


def test_tianditu_draws_vector_and_label_layers(build_with, sample_text):
    build = build_with(sample_text, extra=['MAP_TILES="tianditu"', 'TIANDITU_KEY="abc123"'])
    assert build.returncode == 0, build.stderr
    script = (build.output / "maps/county.js").read_text()
    assert "/vec_w/wmts" in script and "/cva_w/wmts" in script and "tk=abc123" in script
    assert "天地图" in build.page("map").select_one(".map__credit").get_text()


def test_no_tiles_for_offline_use(build_with, sample_text):
    build = build_with(sample_text, extra=['MAP_TILES="none"'])
    assert build.returncode == 0, build.stderr
    assert "L.tileLayer" not in (build.output / "maps/county.js").read_text()


def test_unknown_provider_is_a_clear_error(build_with, sample_text):
    build = build_with(sample_text, extra=['MAP_TILES="google"'])
    assert build.returncode != 0 and "MAP_TILES" in build.stderr and "Traceback" not in build.stderr


def test_approval_number_is_on_every_map(build_with, sample_text):
    build = build_with(sample_text, extra=['MAP_APPROVAL_NUMBER="GS(2024)0650号"'])
    assert build.returncode == 0, build.stderr
    for page in MAP_PAGES:
        assert "审图号：GS(2024)0650号" in build.page(page).select_one(".map__credit").get_text(), page
    assert "GS(2024)0650" in (build.output / "maps/site.js").read_text()


def test_lists_stay_when_the_map_is_there(sample_build):
    """The map is an addition: the same sites are in the HTML of each map page."""
    listed = {li["data-site-id"] for li in sample_build.page("map").select("[data-site-id]")}
    assert len(listed) == 32
    assert len(sample_build.page("townships/pingxiang").select(".card-list [data-site-id]")) == 4


# --- in Chromium ----------------------------------------------------------------------------

def tile_host_requests(page, allowed_tile_hosts):
    """Record every request; answer tile requests with nothing so tests never leave the machine."""
    seen = []

    def handle(route):
        host = urlparse(route.request.url).hostname
        seen.append(host)
        if host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
    return seen


def wait_for_markers(page):
    page.wait_for_selector("[data-markers-drawn]", state="attached", timeout=10_000)
    return int(page.get_attribute("[data-markers-drawn]", "data-markers-drawn"))


def sites_shown(page, total):
    """Wait until every site is a marker of its own or counted in a cluster, once the zoom settles."""
    page.wait_for_function("""total => {
        const clusters = [...document.querySelectorAll('.marker-cluster')];
        const clustered = clusters.reduce((n, c) => n + parseInt(c.textContent, 10), 0);
        return clustered + document.querySelectorAll('.vax-marker').length === total;
    }""", arg=total, timeout=10_000)


def show_marker(page, title):
    """Zoom the page's map until the marker whose title starts with `title` stands on its own, as a
    resident's taps on its cluster would. Asked again if a zoom still under way (the map fitting
    itself to its markers) clustered it again."""
    marker = page.locator(f".vax-marker[title^='{title}']")
    for _ in range(5):
        page.evaluate("""title => new Promise(done => {
            const map = Object.values(window).find(value => value instanceof L.Map);
            const marker = map.vaxSites.getLayers().find(layer => layer.options.title.startsWith(title));
            if (map.vaxSites.zoomToShowLayer) map.vaxSites.zoomToShowLayer(marker, done); else done();
            setTimeout(done, 3000);  // its callback never comes if another zoom took over
        })""", title)
        try:
            marker.wait_for(state="visible", timeout=3000)
            return marker
        except Exception:
            continue
    return marker


def test_county_map_draws_every_site_and_asks_only_for_tiles(browser, served_sample):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    hosts = tile_host_requests(page, {"tile.openstreetmap.org"})
    page.goto(f"{served_sample}/map/")
    assert wait_for_markers(page) == 32
    sites_shown(page, 32)
    assert set(hosts) <= {"127.0.0.1", "tile.openstreetmap.org"}
    assert "tile.openstreetmap.org" in hosts  # tiles were asked for, from the configured host only
    context.close()


def test_popup_shows_the_site(browser, served_sample):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    tile_host_requests(page, set())
    page.clock.set_fixed_time("2026-11-30T02:00:00Z")  # Monday 10:00 in China
    page.goto(f"{served_sample}/townships/pingxiang/")
    wait_for_markers(page)
    show_marker(page, "通渭县疾病预防控制中心").click()
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "通渭县疾病预防控制中心预防接种门诊" in text
    assert "地址：平襄镇西大街（县疾控中心一楼）" in text
    assert "今天：开放 8:00–12:00、14:30–17:30" in text
    assert popup.locator("a[href='tel:09320000101']").count() == 1
    assert popup.locator("a").first.get_attribute("href").endswith("sites/tw-cdc/")
    context.close()


def test_markers_say_kind_and_status_without_colour(browser, served_sample):
    context = browser.new_context()
    page = context.new_page()
    tile_host_requests(page, set())
    page.goto(f"{served_sample}/map/")
    wait_for_markers(page)
    paused = show_marker(page, "陇山镇卫生院")
    assert paused.inner_text().replace("\n", "") == "卫停"
    assert "暂停接种" in paused.get_attribute("title")
    assert show_marker(page, "通渭县疾病预防控制中心").inner_text() == "疾"
    context.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import SAMPLE, run_pelican
    folder = tmp_path_factory.mktemp("hostile")
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("    name: 通渭县疾病预防控制中心预防接种门诊\n", f"    name: {json.dumps(HOSTILE_NAME)}\n", 1)
    text = text.replace("    address: 平襄镇西大街（县疾控中心一楼）\n", f"    address: {json.dumps(HOSTILE_ADDRESS)}\n", 1)
    (folder / "sites.yaml").write_text(text, encoding="utf-8")
    places = (ROOT / "places.yaml").read_text(encoding="utf-8").replace(
        "{name: 城关村}", "{name: " + json.dumps(HOSTILE_VILLAGE) + ", id: hostile-village}", 1)
    (folder / "places.yaml").write_text(places, encoding="utf-8")
    build = run_pelican(folder / "output", sites_file=folder / "sites.yaml",
                        extra=["MAP_CLUSTER_THRESHOLD=5", f'PLACES_FILE="{folder / "places.yaml"}"'])
    assert build.returncode == 0, build.stderr
    server = Server(build.output, headers={
        "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                                   "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'",
    })
    yield server.url
    server.close()


def test_hostile_text_stays_text_under_a_strict_csp(browser, hostile_site):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    tile_host_requests(page, set())
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{hostile_site}/sites/tw-cdc/")
    assert wait_for_markers(page) == 4
    page.locator(".vax-marker--focus").click()
    popup = page.locator(".leaflet-popup-content")
    assert HOSTILE_NAME in popup.inner_text()
    assert HOSTILE_ADDRESS in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert page.locator("h1").inner_text() == HOSTILE_NAME
    assert page.evaluate("window.__xss") is None
    assert violations == []
    context.close()


def test_many_sites_are_clustered(browser, hostile_site):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    tile_host_requests(page, set())
    page.goto(f"{hostile_site}/map/")
    assert wait_for_markers(page) == 32
    sites_shown(page, 32)
    assert page.locator(".marker-cluster").count() > 0
    assert page.evaluate("window.__xss") is None
    context.close()


def test_without_javascript_no_empty_map_box(browser, served_sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_sample}/map/")
    assert not page.locator("figure.map").is_visible()
    assert page.locator("[data-site-id]").count() == 32
    context.close()


def test_one_script_serves_every_map_of_its_kind(sample_build):
    scripts = {p.name for p in (sample_build.output / "maps").glob("*.js")}
    assert scripts == {"county.js", "township.js", "site.js"}
    site_map = sample_build.page("sites/tw-cdc").select_one(".map__canvas")
    assert site_map["data-focus"] == "tw-cdc"
    assert site_map["data-markers"].endswith("maps/data/townships/pingxiang.json")


def test_the_example_server_lets_every_tile_provider_load_its_tiles():
    """deploy/nginx.conf's Content-Security-Policy allows the image hosts of every MAP_TILES choice."""
    from maps.providers import NAMES, provider
    policy = re.search(r"img-src ([^;]*);", (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")).group(1).split()
    for name in NAMES:
        for host in provider(name, key="k").hosts:
            assert any(source == f"https://{host}" or (source.startswith("https://*.") and host.endswith(source[len("https://*"):]))
                       for source in policy), (name, host)


def test_hostile_names_stay_text_in_the_finder(browser, hostile_site):
    """使用我的位置 and the place search show every name with textContent: nothing injected."""
    context = browser.new_context(viewport={"width": 412, "height": 900}, geolocation={"latitude": 35.209, "longitude": 105.239},
                                  permissions=["geolocation"])
    page = context.new_page()
    page.goto(hostile_site + "/")
    page.get_by_role("button", name="使用我的位置").click()
    page.wait_for_selector(".finder__results [data-site-id='tw-cdc']")
    first = page.locator(".finder__results [data-site-id='tw-cdc'] a").first
    assert first.inner_text() == HOSTILE_NAME
    page.locator(".finder__input").fill("<img")
    page.wait_for_selector(".finder__suggestions button")
    assert HOSTILE_VILLAGE in page.locator(".finder__suggestions button").first.inner_text()
    page.locator(".finder__suggestions button").first.click()
    page.wait_for_selector(".finder__results [data-site-id]")
    injected = page.evaluate("""() => document.querySelectorAll('.finder script, .finder img, .finder iframe').length""")
    assert injected == 0 and page.evaluate("window.__xss") is None
    context.close()
