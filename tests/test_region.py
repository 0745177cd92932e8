"""A region built from its counties (plugins/region): each county a shard, then the merge, as
`make -j region` runs them, on the example region (examples/region: 通渭县, the sample, and a
small 陇西县 beside it)."""

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Server

EXAMPLE = ROOT / "examples" / "region"
COUNTIES = ["tongwei", "longxi"]


def run(module, *args):
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "plugins")})


def build_shards(region_file, output, cache, counties=COUNTIES):
    with ThreadPoolExecutor(2) as pool:  # as make -j2 runs them: side by side, each its own process
        return dict(zip(counties, pool.map(lambda county: run("region.shard", region_file, county, output, cache),
                                           counties)))


def page(folder, path):
    file = folder / path
    return BeautifulSoup((file / "index.html" if file.is_dir() else file).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    base = tmp_path_factory.mktemp("region")
    output = base / "public-region"
    # As `make -j region`: every county's open sites first, then the shards, then the merge.
    assert run("region.open_sites", EXAMPLE / "region.yaml", base / "cache").returncode == 0
    shards = build_shards(EXAMPLE / "region.yaml", output, base / "cache")
    for county, result in shards.items():
        assert result.returncode == 0, (county, result.stderr[-3000:])
    merged = run("region.publish", EXAMPLE / "region.yaml", output)
    assert merged.returncode == 0, merged.stderr[-3000:]
    return output


def test_the_home_page_lists_each_county_with_its_sites_and_links_to_its_own_site(region):
    home = page(region, "")
    counties = home.select("#h-counties ~ ul a")
    assert [a.select_one(".township-list__name").get_text() for a in counties] == ["通渭县", "陇西县"]
    for link, county in zip(counties, COUNTIES):
        assert link["href"] == f"./{county}/"
        shard_data = json.loads((region / county / "data" / "sites.json").read_text(encoding="utf-8"))
        assert link.select_one(".township-list__count").get_text() == f"{len(shard_data['sites'])} 个接种点"
        assert page(region, county).select_one("h1").get_text() == "找离您最近的疫苗接种点"
    # No page of the region lists every site: the home page links to the counties' own lists.
    assert not home.select("a[href*='/sites/']")
    assert home.select_one("title").get_text() == "定西市（示例）疫苗接种点查询"
    assert "市疾控中心免疫规划科" in home.select_one("footer").get_text()
    # The region's own pages register no service worker; each county's site keeps its own.
    assert home.select_one("html").has_attr("data-no-worker") and not (region / "sw.js").exists()
    assert not page(region, "tongwei").select_one("html").has_attr("data-no-worker")
    assert (region / "tongwei" / "sw.js").is_file()
    # Both counties of the example show sample data, and the region's pages say so.
    for path in ("", "search"):
        banner = page(region, path).select_one(".sample-banner").get_text()
        assert "通渭县、陇西县的接种点是演示用的示例数据" in banner, path


def test_each_county_in_the_region_is_the_site_it_is_alone(region, tmp_path):
    """The sample county, published alone (relative addresses), is the same site, file by file,
    but for the border villages' nearest sites, which in the region include 陇西县's."""
    alone = tmp_path / "alone"
    result = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "-o", str(alone),
                             "-e", f'CACHE_PATH="{tmp_path / "cache"}"'], cwd=ROOT, capture_output=True, text=True,
                            env={**__import__("os").environ, "PUBLISH_RELATIVE_ONLY": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    in_region = region / "tongwei"

    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    alone_files, region_files = files(alone), files(in_region)
    assert alone_files.keys() == region_files.keys()
    differ = sorted(path for path in alone_files if alone_files[path] != region_files[path])
    # 马营镇's villages list 陇西县's 通安驿镇 clinic, 7 km west; the worker's version is the site's digest.
    assert differ == sorted(f"{page}{suffix}" for page in ("posters/maying/index.html", "townships/maying/index.html",
                                                           "sw.js") for suffix in ("", ".br", ".gz"))
    for path in ("posters/maying/index.html", "townships/maying/index.html"):
        assert "（陇西县）" in region_files[path].decode() and "（陇西县）" not in alone_files[path].decode(), path


def hits_of(soup, anchor):
    row = soup.select_one(f"tr#{anchor}")
    return [(li.a.get_text(), li.a["href"], li.select_one(".hit-list__distance").get_text())
            for li in row.select(".hit-list > li")]


def test_border_villages_list_the_nearest_sites_on_both_sides(region):
    """Each county's village tables, posters and WeChat texts list a neighbour's open site where it
    is among the nearest, named with its county and linked to its page in the neighbour's site."""
    crossings = {}
    for county, other, label in (("tongwei", "longxi", "（陇西县）"), ("longxi", "tongwei", "（通渭县）")):
        for file in sorted((region / county / "townships").glob("*/index.html")):
            soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
            for item in soup.select(".hit-list > li"):
                if label in item.a.get_text():
                    href = item.a["href"]
                    assert f"/{other}/sites/" in href, href
                    # Its page, in the region (a URL's ".." is lexical, as a browser and a host read it).
                    assert (Path(os.path.normpath(file.parent / href)) / "index.html").is_file(), href
                    crossings.setdefault(county, []).append(file)
    assert set(crossings) == {"tongwei", "longxi"}, "no border village lists the other county's site"
    # The nearest first, whichever county: 陇西县's 通安驿镇 clinic is 7 km west of 通渭县's 马营镇.
    maying = page(region, "tongwei/townships/maying")
    assert hits_of(maying, "village-mayingcun") == [
        ("马营镇卫生院预防接种门诊", "../../sites/maying-whc/", "西北 0.4 公里"),
        ("马营学区接种点（马营中心小学）", "../../sites/maying-school/", "东南 0.6 公里"),
        ("通安驿镇卫生院预防接种门诊（陇西县）", "../../../longxi/sites/tonganyi-whc/", "西 7.1 公里")]
    # The notice-board poster of such a village, and a WeChat text on the other side, say so too.
    poster = (region / "tongwei" / "posters" / "maying" / "index.html").read_text(encoding="utf-8")
    assert "通安驿镇卫生院预防接种门诊（陇西县）" in poster and "0932-0000204" in poster
    biyan = page(region, "longxi/townships/biyan")
    text = biyan.select_one("#village-biyancun .village-table__text").get_text()
    assert "寺子川乡卫生院预防接种门诊（通渭县）（东 13.6 公里）" in text and "0932-0000118" in text


def test_the_finder_holds_every_county_and_a_border_cell_holds_both(region):
    index = json.loads((region / "finder" / "index.json").read_text(encoding="utf-8"))
    assert index["county"] == "定西市（示例）" and index["site_url"] == "{id}"
    rows = []
    for key in index["cells"]:
        cell = json.loads((region / "finder" / "cells" / f"{key}.json").read_text(encoding="utf-8"))
        for row in cell["sites"]:
            assert 0 <= row[9] < len(cell["hours"])  # its hours, in its new cell's list
            assert all(0 <= v[0] < len(index["vaccines"]) for v in row[8])
            rows.append((key, row))
    counties = {row[0].split("/")[0] for _, row in rows}
    assert counties == set(COUNTIES)
    for _, row in rows:  # every site's address is its page in its county's site
        assert (region / row[0] / "index.html").is_file(), row[0]
        assert row[4].startswith(("通渭县", "陇西县"))
    by_cell = {}
    for key, row in rows:
        by_cell.setdefault(key, set()).add(row[0].split("/")[0])
    assert any(found == set(COUNTIES) for found in by_cell.values()), "no cell holds sites of both counties"
    places = [row for letter in index["place_files"]
              for row in json.loads((region / "finder" / "places" / f"{letter}.json").read_text(encoding="utf-8"))]
    assert {"碧岩村", "通渭县平襄镇"} <= {row[0] for row in places}  # a township, named with its county
    for row in places:
        assert (region / row[6].split("#")[0] / "index.html").is_file(), row


def test_open_data_is_every_countys_with_its_county(region):
    data = json.loads((region / "data" / "sites.json").read_text(encoding="utf-8"))
    shard_sites = {county: json.loads((region / county / "data" / "sites.json").read_text(encoding="utf-8"))["sites"]
                   for county in COUNTIES}
    assert [c["id"] for c in data["counties"]] == COUNTIES
    assert len(data["sites"]) == sum(len(sites) for sites in shard_sites.values())
    for site in data["sites"]:
        assert site["county_id"] in COUNTIES and site["datum"] == "WGS-84"
        assert (region / site["url"] / "index.html").is_file()
    table = (region / "data" / "sites.csv").read_text(encoding="utf-8-sig").splitlines()
    assert table[0].startswith("county_id,county,id,name,")
    assert len(table) - 1 == len(data["sites"])
    geo = json.loads((region / "data" / "sites.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["county_id"] for f in geo["features"]} == set(COUNTIES)


def test_the_search_page_searches_every_countys_bundles(region):
    box = page(region, "search").select_one(".search-box")
    named = [box["data-primary"], *box["data-merged"].split()]
    for county in COUNTIES:
        listed = json.loads((region / county / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
        assert [f"{county}/pagefind/{bundle}" for bundle in listed] == [n for n in named if n.startswith(county + "/")]
    for bundle in named:
        assert (region / bundle.split(":")[0] / "pagefind-entry.json").is_file(), bundle


def test_a_resident_near_the_border_finds_sites_in_both_counties(region, browser):
    server = Server(region)
    context = browser.new_context(viewport={"width": 360, "height": 640}, permissions=["geolocation"],
                                  geolocation={"latitude": 35.05, "longitude": 104.95})
    try:
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(server.url + "/")
        tab.locator(".finder__locate").click()
        tab.locator(".finder__results li").first.wait_for()
        sites = tab.locator(".finder__results a[href*='/sites/']")
        assert {link.get_attribute("href").split("/")[1] for link in sites.all()} == set(COUNTIES)
        sites.first.click()
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text()  # the site's page, in its county's site
        tab.goto(server.url + "/search/?q=碧岩")
        # Results come in as each county's index answers: wait for 陇西县's, then see 通渭县's too.
        tab.locator(".pagefind-ui__result-link[href*='/longxi/']").first.wait_for(timeout=20000)
        assert tab.locator(".pagefind-ui__result-link[href*='/tongwei/']").count() > 0
        assert errors == []
    finally:
        context.close()
        server.close()


def test_the_regions_map_loads_the_sites_of_the_area_in_view(region, browser, tmp_path):
    """The map page's markers come by area: zoomed out, one marker per county; a tapped county
    shows its sites, fetched cell by cell, never a file of every site. On a finer grid (0.1
    degrees) than the example's two small counties would need, so that there are areas to skip."""
    shards = region.parent / "public-region.shards"
    fine = tmp_path / "region"
    overrides = {"REGION_FILE": str(EXAMPLE / "region.yaml"), "REGION_SHARDS": str(shards),
                 "FINDER_CELL_DEGREES": 0.1, "SITENAME": "定西市（示例）疫苗接种点查询"}
    built = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "regionconf.py"), "-o", str(fine), "-e",
                            *(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in overrides.items())],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    for county in COUNTIES:
        (fine / county).symlink_to(shards / county)
    index = json.loads((fine / "map" / "index.json").read_text(encoding="utf-8"))
    rows = [row for key in index["cells"]
            for row in json.loads((fine / "map" / "cells" / f"{key}.json").read_text(encoding="utf-8"))["sites"]]
    finder_rows = [row for key in json.loads((fine / "finder" / "index.json").read_text(encoding="utf-8"))["cells"]
                   for row in json.loads((fine / "finder" / "cells" / f"{key}.json").read_text(encoding="utf-8"))["sites"]]
    assert sorted(row[0] for row in rows) == sorted(row[0] for row in finder_rows)  # the fixed sites, as the finder's
    assert all((fine / row[0] / "index.html").is_file() for row in rows)
    total = len(rows)
    # Without the map, the page lists the counties, each to its own site.
    listed = page(fine, "map").select("#h-counties ~ ul a")
    assert [(a.get_text(), a["href"]) for a in listed] == [("通渭县", "../tongwei/"), ("陇西县", "../longxi/")]
    server = Server(fine)
    context = browser.new_context(viewport={"width": 412, "height": 800})
    try:
        tab = context.new_page()
        errors, cells = [], []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("request", lambda request: cells.append(request.url) if "/map/cells/" in request.url else None)
        tab.goto(server.url + "/map/")
        canvas = tab.locator(".map__canvas")
        tab.wait_for_selector(".map__canvas[data-showing='counties']")
        labels = tab.locator(".vax-county__label")
        assert labels.all_inner_texts() == ["通渭县\n32 个接种点", f"陇西县\n{index['counties'][1]['sites']} 个接种点"]
        assert cells == []  # zoomed out: nothing but the index
        box = labels.nth(1).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        labels.nth(1).click()  # 陇西县
        tab.wait_for_selector(".map__canvas[data-showing='sites'][data-cells-pending='0']")
        assert 0 < len(set(cells)) < len(index["cells"])  # only the cells around 陇西县
        drawn = int(canvas.get_attribute("data-markers-drawn"))
        assert index["counties"][1]["sites"] <= drawn < total
        # A site's popup links to its page on its county's site.
        while tab.locator(".vax-marker").count() == 0:  # all in clusters: open one
            tab.locator(".marker-cluster").first.dispatch_event("click")
            tab.wait_for_timeout(600)
            tab.wait_for_selector(".map__canvas[data-cells-pending='0']")
        marker = tab.locator(".vax-marker").first
        marker.focus()
        tab.keyboard.press("Enter")  # as a keyboard or a screen reader opens it
        link = tab.locator(".vax-popup__name a")
        assert re.match(r"^\.\./(longxi|tongwei)/sites/[a-z0-9-]+/$", link.get_attribute("href"))
        # Its "导航去这里" opens each map app where the site's own page does, within a metre.
        from test_navigation import app_of, metres, point_and_name
        popup = tab.locator(".leaflet-popup-content")
        # Once the map is still. Opening a popup moves the map, which may bring more cells; the
        # sites stay (moving never brings back the counties), and the cells that come while the
        # popup is open wait until it closes (map.js), so no new neighbour gathers its marker into
        # a cluster. A marker still in a cluster when the loop starts is opened first.
        for _ in range(10):
            tab.wait_for_selector(".map__canvas[data-cells-pending='0']")
            assert canvas.get_attribute("data-showing") == "sites"
            if tab.locator(".vax-marker").count() == 0:
                tab.locator(".marker-cluster").first.dispatch_event("click")
                tab.wait_for_timeout(600)
                continue
            if tab.locator(".leaflet-popup").count() == 0:
                tab.locator(".vax-marker").first.focus()
                tab.keyboard.press("Enter")
            settled = tab.wait_for_function("""() => { const popup = document.querySelector('.leaflet-popup');
                if (!popup) return 'closed';
                const box = popup.getBoundingClientRect(), now = box.top + ',' + box.left;
                const same = window.popupWas === now; window.popupWas = now; return same && 'still'; }""",
                                            polling=300).json_value()
            if settled == "still" and tab.get_attribute(".map__canvas", "data-cells-pending") == "0":
                break
        else:
            raise AssertionError("no popup stayed open")
        popup.locator("summary").click()
        popup.locator(".navigate__apps a").first.wait_for()  # the cell's offsets, fetched when it first opens
        in_popup = {app_of(a.get_attribute("href")): point_and_name(app_of(a.get_attribute("href")), a.get_attribute("href"))[0]
                    for a in popup.locator(".navigate__apps a").all()}
        site_page = BeautifulSoup((fine / link.get_attribute("href")[3:] / "index.html").read_text(encoding="utf-8"), "html.parser")
        on_page = {app_of(a["href"]): point_and_name(app_of(a["href"]), a["href"])[0]
                   for a in site_page.select("#navigate .navigate__apps a")}
        assert in_popup.keys() == on_page.keys() and len(on_page) == 4
        assert all(metres(in_popup[app], on_page[app]) < 1.0 for app in on_page), (in_popup, on_page)
        assert tab.locator(".leaflet-popup").count() == 1  # the menu opened and the popup stayed
        href = link.get_attribute("href")
        # Closed, the popup lets the sites that came meanwhile onto the map.
        tab.wait_for_selector(".map__canvas[data-cells-pending='0']")
        held, drawn = (int(canvas.get_attribute(name) or 0) for name in ("data-markers-held", "data-markers-drawn"))
        tab.locator(".leaflet-popup-close-button").click()
        tab.wait_for_selector(".leaflet-popup", state="detached")
        tab.wait_for_selector(".map__canvas[data-cells-pending='0']")  # a pan may still have been ending
        assert int(canvas.get_attribute("data-markers-drawn")) >= drawn + held
        assert int(canvas.get_attribute("data-markers-held") or 0) == 0
        # Where the link leads (opened by address: the map may still be panning the popup into view).
        tab.goto(urljoin(tab.url, href))
        assert tab.url.startswith(server.url + "/") and "/sites/" in tab.url and tab.locator("h1").inner_text()
        assert errors == []
        # Nothing moves after the first paint, on a phone as slow as Lighthouse's (test_layout_shift).
        from test_layout_shift import LAYOUT_SHIFT, slow_phone
        slow = context.new_page()
        slow_phone(context, slow)
        slow.goto(server.url + "/map/", wait_until="load", timeout=60_000)
        assert slow.evaluate(LAYOUT_SHIFT) <= 0.02
    finally:
        context.close()
        server.close()


@pytest.fixture
def own_region(tmp_path):
    """The example region with 陇西县's folder copied, to be broken."""
    county = tmp_path / "longxi"
    shutil.copytree(EXAMPLE / "longxi", county, symlinks=True)
    conf = county / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace("HERE.parents[2]", f"Path({str(ROOT)!r})"), encoding="utf-8")
    region_file = tmp_path / "region.yaml"
    region_file.write_text((EXAMPLE / "region.yaml").read_text(encoding="utf-8").replace("path: ../..", f"path: {ROOT}"),
                           encoding="utf-8")
    return region_file, county


def test_a_county_that_fails_keeps_its_last_good_shard_and_the_region_still_publishes(own_region, tmp_path):
    region_file, county = own_region
    output, cache = tmp_path / "out" / "public-region", tmp_path / "cache"
    first = run("region.shard", region_file, "longxi", output, cache)
    assert first.returncode == 0, first.stderr[-3000:]
    good = (output.parent / "public-region.shards" / "longxi").resolve()
    sites = county / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("phone: 0932-0000203", "phone: 12"), encoding="utf-8")
    failed = run("region.shard", region_file, "longxi", output, cache)
    assert failed.returncode != 0
    assert "sites.yaml" in failed.stderr and "保留它上一次构建成功的版本" in failed.stderr
    assert (output.parent / "public-region.shards" / "longxi").resolve() == good
    status = json.loads((output.parent / "public-region.shards" / "longxi.status.json").read_text(encoding="utf-8"))
    assert status["ok"] is False
    # 通渭县 never built here: the region publishes 陇西县's last good shard and names both.
    merged = run("region.publish", region_file, output)
    assert merged.returncode == 1
    assert "陇西县（longxi）：最近一次构建没有成功" in merged.stderr
    assert "通渭县（tongwei）：还没有构建成功过" in merged.stderr
    assert "它的接种点，链接也要等它构建成功后才能打开" in merged.stderr  # 陇西县's border tables link to it
    home = page(output, "")
    assert [a["href"] for a in home.select("#h-counties ~ ul a")] == ["./longxi/"]
    assert "通渭县的接种点信息还没有上线" in home.get_text()
    assert "0932-0000203" in (output / "longxi" / "sites" / "biyan-whc" / "index.html").read_text(encoding="utf-8")


def test_a_neighbours_change_reaches_the_border_tables_from_its_data(own_region, tmp_path):
    """A site 陇西县 renames, then closes, is renamed, then gone, in 通渭县's border tables at 通渭县's
    next build (an incremental one), read from 陇西县's data: 陇西县's own shard never ran here."""
    region_file, county = own_region
    output, cache = tmp_path / "out" / "public-region", tmp_path / "cache"

    def border_tables():
        assert run("region.open_sites", region_file, cache).returncode == 0
        built = run("region.shard", region_file, "tongwei", output, cache)
        assert built.returncode == 0, built.stderr[-3000:]
        shard = output.parent / "public-region.shards" / "tongwei"
        return "".join(p.read_text(encoding="utf-8") for p in sorted((shard / "townships").glob("*/index.html")))

    assert "通安驿镇卫生院预防接种门诊（陇西县）" in border_tables()
    sites = county / "sites.yaml"
    text = sites.read_text(encoding="utf-8")
    sites.write_text(text.replace("name: 通安驿镇卫生院预防接种门诊", "name: 通安驿镇中心卫生院预防接种门诊"), encoding="utf-8")
    tables = border_tables()
    assert "通安驿镇中心卫生院预防接种门诊（陇西县）" in tables and "通安驿镇卫生院预防接种门诊（陇西县）" not in tables
    sites.write_text(text.replace("    phone: 0932-0000204\n", "    phone: 0932-0000204\n    status: {state: closed, reason: 装修}\n"),
                     encoding="utf-8")
    assert "（陇西县）" not in border_tables()  # closed: 马营镇's villages list their own three again


@pytest.mark.parametrize("text, said", [
    ("region:\n  name: 定西市\ncounties: []\n", "region.yaml:3:"),
    ("region:\n  name: 定西市\n  contact: {phone: 0932-0000300}\ncounties:\n  - id: Tongwei\n    name: 通渭县\n    path: .\n",
     "region.yaml:5: 县「Tongwei」的 id：编号只能用小写字母"),
    ("region:\n  name: 定西市\n  contact: {phone: 0932-0000300}\ncounties:\n  - id: data\n    name: 通渭县\n    path: .\n",
     "是全市网站自己要用的文件夹名"),
    ("region:\n  name: 定西市\n  contact: {phone: 0932-0000300}\ncounties:\n  - id: tongwei\n    name: 通渭县\n    path: nowhere\n",
     "region.yaml:7: 县「通渭县」的文件夹"),
    ("region:\n  name: 定西市\n  contact: {phone: 0932-0000300}\n  neighbour_km: -3\ncounties:\n  - id: tongwei\n"
     "    name: 通渭县\n    path: .\n", "region.yaml:4: region.neighbour_km：数值 -3 超出了允许的范围"),
])
def test_mistakes_in_region_yaml_are_named_with_their_line(tmp_path, text, said):
    region_file = tmp_path / "region.yaml"
    region_file.write_text(text, encoding="utf-8")
    result = run("region.config", region_file)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert said in result.stderr, result.stderr
    assert "再运行 make region" in result.stderr


def test_the_regions_pages_pass_axe_in_every_display_mode(region, browser):
    from test_accessibility import AXE
    server = Server(region)
    try:
        for mode in ("normal", "large", "contrast"):
            context = browser.new_context(viewport={"width": 412, "height": 900})
            if mode != "normal":
                context.add_init_script(f"localStorage.setItem('mode-{mode}', '1');")
            tab = context.new_page()
            for path in ("/", "/map/", "/search/"):
                tab.goto(server.url + path)
                if path == "/map/":  # with its markers drawn
                    tab.wait_for_selector(".map__canvas[data-showing]")
                tab.add_script_tag(path=str(AXE))
                result = tab.evaluate("""() => axe.run(document, {
                    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
                assert [v["id"] for v in result["violations"]] == [], (mode, path)
            context.close()
    finally:
        server.close()


def test_a_region_with_its_address_indexes_its_counties_sitemaps(tmp_path):
    """With region.yaml's url, each county is published under it and the region's sitemap.xml
    (named in its robots.txt, which crawlers read at the root only) indexes the counties' own."""
    region_file = tmp_path / "region.yaml"
    region_file.write_text("region:\n  name: 定西市\n  url: https://ym.dingxi.example.cn/\n"
                           "  contact: {phone: 0932-0000300}\n"
                           f"counties:\n  - {{id: longxi, name: 陇西县, path: {EXAMPLE / 'longxi'}}}\n", encoding="utf-8")
    output = tmp_path / "public-region"
    shard = run("region.shard", region_file, "longxi", output, tmp_path / "cache")
    assert shard.returncode == 0, shard.stderr[-3000:]
    merged = run("region.publish", region_file, output)
    assert merged.returncode == 0, merged.stderr[-3000:]
    index = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and "<loc>https://ym.dingxi.example.cn/longxi/sitemap.xml</loc>" in index
    assert "Sitemap: https://ym.dingxi.example.cn/sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")
    county_map = (output / "longxi" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://ym.dingxi.example.cn/longxi/sites/biyan-whc/</loc>" in county_map
    home = page(output, "")
    assert home.select_one("link[rel=manifest]")["href"] == "https://ym.dingxi.example.cn/manifest.webmanifest"
    assert [a["href"] for a in home.select("#h-counties ~ ul a")] == ["https://ym.dingxi.example.cn/longxi/"]
