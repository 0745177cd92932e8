"""导航去这里: every link opens its app at the site, in the app's datum, checked against an
independent conversion (eviltransform) to within 1 m; on site pages and village rows without
JavaScript, and in finder results and map popups as a resident taps them in Chromium."""

import datetime as dt
import math
import re
from urllib.parse import parse_qs, unquote, urlsplit

import eviltransform
import pytest

from conftest import TODAY, Server

# One real spot, given three times: as GPS reads it, as a Gaode picker gives it, as Baidu's does.
# It is 马营镇's centre, where its villages without a location of their own are placed, so the
# three are every such village's nearest sites.
SPOT = (35.3050, 105.0560)
NAME = "导航测试点 A&B (西)"
GIVEN = {
    "nav-wgs": ("wgs84", SPOT),
    "nav-gcj": ("gcj02", eviltransform.wgs2gcj(*SPOT)),
    "nav-bd": ("bd09", eviltransform.wgs2bd(*SPOT)),
}
EXPECTED = {"amap": eviltransform.wgs2gcj(*SPOT), "tencent": eviltransform.wgs2gcj(*SPOT),
            "baidu": eviltransform.wgs2bd(*SPOT), "geo": SPOT}
CHINA = dt.timezone(dt.timedelta(hours=8))


def metres(a, b):
    dlat = (a[0] - b[0]) * 111_320
    dlon = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def site_yaml(site_id, datum, point):
    return f"""  - id: {site_id}
    name: "{NAME} {site_id}"
    kind: temporary
    township: 马营镇
    address: 马营镇街道 "路口" & 北侧
    location: {{lat: {point[0]!r}, lon: {point[1]!r}, datum: {datum}}}
    hours:
      weekly:
        mon-sun: 8:00-18:00
    vaccines:
      - {{name: 新冠病毒灭活疫苗（Vero细胞）, ages: "3+"}}
    walk_in: true
    phone: 0932-0000199
    verified: {{date: {TODAY}, by: 测试}}
"""


@pytest.fixture(scope="module")
def nav_build(tmp_path_factory):
    from conftest import SAMPLE, run_pelican
    folder = tmp_path_factory.mktemp("navigation")
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    text += "".join(site_yaml(site_id, datum, point) for site_id, (datum, point) in GIVEN.items())
    (folder / "sites.yaml").write_text(text, encoding="utf-8")
    build = run_pelican(folder / "output", sites_file=folder / "sites.yaml")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def served(nav_build):
    server = Server(nav_build.output)
    yield server.url
    server.close()


def point_and_name(app, href):
    """(lat, lon) and the site's name as the app will read them from the link."""
    if app == "geo":
        match = re.fullmatch(r"geo:([-\d.]+),([-\d.]+)\?q=([-\d.]+),([-\d.]+)\((.*)\)", href)
        assert match, href
        assert match.group(1, 2) == match.group(3, 4)
        assert "&" not in match.group(5) and " " not in match.group(5)
        assert "(" not in match.group(5) and ")" not in match.group(5), "a bracket in the name would end the label"
        return (float(match.group(1)), float(match.group(2))), unquote(match.group(5))
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).scheme == "https"
    assert " " not in href and "&B" not in href  # the name's own "&" and spaces are encoded
    if app == "amap":
        lon, lat, name = query["to"][0].split(",", 2)
        assert "from" not in query  # the app starts from where the resident is
        return (float(lat), float(lon)), name
    if app == "baidu":
        lat, lon = query["location"][0].split(",")
        assert query["coord_type"] == ["bd09ll"]
        return (float(lat), float(lon)), query["title"][0]
    if app == "tencent":
        lat, lon = query["tocoord"][0].split(",")
        return (float(lat), float(lon)), query["to"][0]
    raise AssertionError(app)


APPS = {"https://uri.amap.com/": "amap", "https://api.map.baidu.com/": "baidu", "https://apis.map.qq.com/": "tencent",
        "geo:": "geo"}


def app_of(href):
    return next(app for start, app in APPS.items() if href.startswith(start))


def check_links(links, site_id):
    """links: [(app key, href)] for one site."""
    assert [app for app, _ in links] == ["amap", "baidu", "tencent", "geo"]
    for app, href in links:
        point, name = point_and_name(app, href)
        assert metres(point, EXPECTED[app]) < 1.0, (site_id, app, point, EXPECTED[app])
        assert name == f"{NAME} {site_id}", (app, name)


def test_site_pages_link_to_each_app_in_its_datum(nav_build):
    for site_id in GIVEN:
        page = nav_build.page(f"sites/{site_id}/")
        section = page.find(id="navigate")
        assert "会离开本站" in section.get_text()
        links = [(app_of(a["href"]), a["href"]) for a in section.select(".navigate__apps a")]
        check_links(links, site_id)
        # Plain links: no script needed.
        assert all(not a.get("onclick") and not a.get("target") for a in section.select(".navigate__apps a"))


def test_a_village_row_has_the_links_of_each_nearest_site(nav_build):
    page = nav_build.page("townships/maying/")
    assert "“导航去这里”：点下面的地图名，会离开本站" in page.select_one("#villages p").get_text()
    row = page.find(id="village-mayingcun")
    items = row.select("ol.hit-list > li")
    assert sorted(li["data-site-id"] for li in items) == sorted(GIVEN)
    for li in items:
        menu = li.select_one("details.navigate--menu")
        assert menu.summary.get_text(strip=True) == "导航去这里"
        check_links([(app_of(a["href"]), a["href"]) for a in menu.select(".navigate__apps a")], li["data-site-id"])


def test_finder_results_link_to_the_apps(browser, served, nav_build):
    context = browser.new_context(viewport={"width": 412, "height": 900}, geolocation={"latitude": SPOT[0], "longitude": SPOT[1]},
                                  permissions=["geolocation"])
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2026, 12, 1, 10, 0, tzinfo=CHINA))
    page.goto(served + "/")
    page.click(".finder__locate")
    page.wait_for_selector(".finder__results [data-site-id]")
    found = 0
    for li in page.locator(".finder__results > li[data-site-id]").all():
        site_id = li.get_attribute("data-site-id")
        li.locator("summary").click()
        links = [(app_of(a.get_attribute("href")), a.get_attribute("href")) for a in li.locator(".navigate__apps a").all()]
        if site_id in GIVEN:
            check_links(links, site_id)
            # The same links as the site's own page, one template filled in twice (the coordinates
            # may differ in the last of their six decimals: 0.1 m).
            page_links = [(app_of(a["href"]), a["href"]) for a in nav_build.page(f"sites/{site_id}/").select("#navigate .navigate__apps a")]
            assert [re.sub(r"\d+\.\d{6}", "N", href) for _, href in links] == \
                   [re.sub(r"\d+\.\d{6}", "N", href) for _, href in page_links]
            found += 1
    assert found == 3
    context.close()


def test_a_map_popup_links_to_the_apps(browser, served):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    page.goto(served + "/sites/nav-bd/")
    page.wait_for_selector("[data-markers-drawn]", state="attached")
    page.locator(".map__canvas .leaflet-marker-icon[title^='导航测试点']").first.click()
    popup = page.locator(".leaflet-popup-content")
    # As a resident taps: once the popup has stopped moving (Leaflet pans the map to show it; a
    # tap during the pan lands beside the menu).
    page.wait_for_function("""() => { const box = document.querySelector('.leaflet-popup').getBoundingClientRect();
        const now = box.top + ',' + box.left, same = window.popupWas === now; window.popupWas = now; return same; }""",
                           polling=300)
    popup.locator("summary").click()
    popup.locator(".navigate__apps a").first.wait_for()  # the offsets are fetched when it first opens
    links = [(app_of(a.get_attribute("href")), a.get_attribute("href")) for a in popup.locator(".navigate__apps a").all()]
    check_links(links, "nav-bd")
    assert popup.locator(".navigate__apps a").first.is_visible()
    assert "会离开本站" in popup.text_content()
    context.close()
