"""Nearest sites at build time: the village tables agree with a brute-force geodesic ranking."""

import datetime as dt
import gzip
import random
import re

import pytest
from geopy.distance import geodesic

from conftest import ROOT, TODAY
from county.nearest import Hit, SiteIndex
from county.load import load_county


@pytest.fixture(scope="module")
def data():
    return load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")


def brute_force(point, sites, k):
    open_sites = [s for s in sites if s.status.state == "open" and not s.visits]  # a team is met at its visits
    return sorted(open_sites, key=lambda s: (geodesic(point, s.location.wgs84).km, s.id))[:k]


def test_grid_search_matches_brute_force(data):
    index = SiteIndex([s for s in data.sites if s.status.state == "open" and not s.visits])
    rng = random.Random(7)
    points = [(rng.uniform(34.9, 35.5), rng.uniform(104.93, 105.66)) for _ in range(150)]
    points += [(36.5, 103.8), (30.0, 120.0)]  # far outside the county still gets an answer
    for point in points:
        hits = index.nearest(*point, k=3)
        expected = brute_force(point, data.sites, 3)
        assert [h.site.id for h in hits] == [s.id for s in expected], point
        for hit, site in zip(hits, expected):
            assert hit.km == pytest.approx(geodesic(point, site.location.wgs84).km, abs=1e-6)


def test_worker_processes_give_the_same_nearest_sites(data, monkeypatch):
    """A large area is split over worker processes; the answer must not depend on the split."""
    from county import nearest

    index = SiteIndex([s for s in data.sites if s.status.state == "open" and not s.visits])
    rng = random.Random(3)
    points = {f"t{i}": [(rng.uniform(34.9, 35.5), rng.uniform(104.93, 105.66)) for _ in range(rng.randrange(0, 12))]
              for i in range(30)}
    serial = nearest.nearest_everywhere(index, points, 3)
    monkeypatch.setattr(nearest, "FEW_POINTS", 0)
    parallel = nearest.nearest_everywhere(index, points, 3)
    assert list(parallel) == list(points) and parallel == serial
    assert [[[site for site, *_ in found] for found in rows] for rows in serial.values()] == \
        [[[h.site.id for h in index.nearest(lat, lon, 3)] for lat, lon in rows] for rows in points.values()]


def test_directions_in_words():
    site = object()
    assert Hit(site, 3.24, 44).text == "东北 3.2 公里"
    assert Hit(site, 10, 359).text == "北 10.0 公里"
    assert Hit(site, 1, 180).text == "南 1.0 公里"
    assert Hit(site, 1, 225).text == "西南 1.0 公里" and Hit(site, 1, 250).direction == "西"
    assert Hit(site, 0.01, 90).text == "就在附近"


VILLAGES = """\
source: 测试用地名表
townships:
  - township: 平襄镇
    centre: {lat: 35.2105, lon: 105.2420}
    villages:
      - {name: 城关村, location: {lat: 35.215, lon: 105.236}}
      - {name: 甲村, location: {lat: 35.19, lon: 105.30}}
      - {name: 乙村, id: yi-cun, location: {lat: 35.25, lon: 105.20, datum: gcj02}}
      - {name: 丙村}
  - township: 鸡川镇
    centre: {lat: 35.07, lon: 105.43}
    villages:
      - {name: 丁村, location: {lat: 35.10, lon: 105.50}}
      - {name: 戊村, location: {lat: 35.00, lon: 105.40}}
      - {name: 牛坡村}
  - township: 新景乡
    centre: {lat: 35.42, lon: 105.15}
    villages: [{name: 大寨村}, {name: 张山村}, {name: 张河村}, {name: 旧庄村}, {name: 半岔村}, {name: 姚河村},
               {name: 马湾村}, {name: 白杨村}, {name: 小沟村}, {name: 王湾村}]
"""  # the sample's mobile teams visit 牛坡村 and the villages of 新景乡


@pytest.fixture(scope="module")
def village_build(tmp_path_factory):
    from conftest import SAMPLE, run_pelican
    folder = tmp_path_factory.mktemp("villages")
    (folder / "places.yaml").write_text(VILLAGES, encoding="utf-8")
    build = run_pelican(folder / "output", extra=[f'PLACES_FILE="{folder / "places.yaml"}"'])
    assert build.returncode == 0, build.stderr
    return build, load_county(SAMPLE, today=dt.date.fromisoformat(TODAY), places_path=folder / "places.yaml")


def test_village_tables_match_brute_force(village_build):
    build, data = village_build
    checked = 0
    for township in data.county.townships:
        page = build.page(f"townships/{township.id}")
        for village in data.villages[township.name]:
            row = page.select_one(f"tr#village-{village.id}")
            assert row is not None, village.name
            listed = [li["data-site-id"] for li in row.select("[data-site-id]")]
            point = data.village_location(township.name, village)
            assert listed == [s.id for s in brute_force(point, data.sites, 3)], village.name
            for li, site in zip(row.select(".hit-list > li"), brute_force(point, data.sites, 3)):
                km = geodesic(point, site.location.wgs84).km
                assert re.search(r"(北|东北|东|东南|南|西南|西|西北) (\d+\.\d) 公里", li.get_text()).group(2) == f"{km:.1f}"
            checked += 1
    assert checked == len(re.findall(r"\{name: ", VILLAGES))


def test_village_anchor_and_estimate_note(village_build):
    build, _ = village_build
    page = build.page("townships/pingxiang")
    assert page.select_one("tr#village-yi-cun th").get_text().startswith("乙村")
    assert "位置按乡镇驻地估算" in page.select_one("tr#village-bingcun").get_text()
    assert "位置按乡镇驻地估算" not in page.select_one("tr#village-chengguancun").get_text()
    jump = [a["href"] for a in page.select("#villages .jump-list a")]
    assert jump == ["#village-chengguancun", "#village-jiacun", "#village-yi-cun", "#village-bingcun"]


def test_paused_sites_are_never_nearest(village_build):
    build, data = village_build
    paused = {s.id for s in data.sites if s.status.state != "open"}
    for path in build.output.glob("townships/*/index.html"):
        page = build.page(path.relative_to(build.output))
        assert not paused & {li["data-site-id"] for li in page.select("#villages [data-site-id]")}


def test_find_page_leads_to_township_village_lists(sample_build, data):
    page = sample_build.page("find")
    links = page.select(".township-list a")
    assert len(links) == 18
    assert all(a["href"].endswith("#villages") for a in links)
    assert page.select_one(".finder") is not None
    counts = [a.select_one(".township-list__count").get_text() for a in links]
    assert counts[0] == f"{len(data.villages['平襄镇'])} 个村"


def test_finder_data_is_small_for_the_county(sample_build):
    files = list((sample_build.output / "finder").rglob("*.json"))
    total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert total <= 30 * 1024, total


# --- places.yaml validation ------------------------------------------------------------------

def places_problems(tmp_path, text):
    from datafile.problems import DataError
    path = tmp_path / "places.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=path)
    return raised.value.problems


@pytest.mark.parametrize("old,new,words", [
    ("  - township: 鸡川镇\n", "  - township: 鸡川乡\n", "是不是「鸡川镇」"),
    ("      - {name: 甲村, location: {lat: 35.19, lon: 105.30}}\n", "      - {name: 城关村, location: {lat: 35.19, lon: 105.30}}\n", "已经写过"),
    ("{name: 丁村, location: {lat: 35.10, lon: 105.50}}", "{name: 丁村, location: {lat: 105.50, lon: 35.10}}", "写反了"),
    ("{name: 戊村, location: {lat: 35.00, lon: 105.40}}", "{name: 戊村, location: {lat: 38.00, lon: 105.40}}", "不在本县范围内"),
    ("      - {name: 丙村}\n", "      - {name: 丙村, population: 3}\n", "不认识的字段「population」"),
    ("    centre: {lat: 35.07, lon: 105.43}\n", "", "缺少必填字段「centre」"),
])
def test_places_mistakes_are_reported_on_their_line(tmp_path, old, new, words):
    text = VILLAGES.replace(old, new, 1)
    line = VILLAGES[:VILLAGES.index(old)].count("\n") + 1
    problems = places_problems(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].file == "places.yaml" and words in problems[0].message
    if words != "缺少必填字段「centre」":
        assert problems[0].line == line, problems[0]


def test_places_and_sites_errors_come_together(tmp_path, sample_text):
    from datafile.problems import DataError
    (tmp_path / "places.yaml").write_text(VILLAGES.replace("鸡川镇", "鸡川乡"), encoding="utf-8")
    (tmp_path / "sites.yaml").write_text(sample_text.replace("township: 马营镇", "township: 马营乡"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_county(tmp_path / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=tmp_path / "places.yaml")
    assert {p.file for p in raised.value.problems} == {"sites.yaml", "places.yaml"}


def test_homophone_villages_need_their_own_ids(tmp_path):
    text = VILLAGES.replace("      - {name: 丙村}\n", "      - {name: 丙村}\n      - {name: 饼村}\n")
    problems = places_problems(tmp_path, text)
    assert len(problems) == 1 and "bingcun" in problems[0].message and "id:" in problems[0].message


def test_one_finder_lookup_stays_under_100_kb_at_province_scale(tmp_path):
    """Province scale: 3,000 sites, 16,000 villages. A lookup fetches the index, the cells nearest
    the resident (as finder.js orders them) and one places file."""
    import json
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate
    from nearest.finder_data import build, lookup_cells

    folder = generate("province", tmp_path)
    data = load_county(folder / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=folder / "places.yaml")
    files = build(data, 0.5, "sites/{id}/", lambda t: f"townships/{t.id}/", lambda v: f"village-{v.id}")
    size = {path: len(gzip.compress(text.encode(), 9)) for path, text in files.items()}
    index = json.loads(files["finder/index.json"])
    biggest_places = max(v for k, v in size.items() if k.startswith("finder/places/"))

    def lookup_bytes(lat, lon):
        def read_sites(key):
            return json.loads(files[f"finder/cells/{key}.json"])["sites"]
        keys = lookup_cells(index, read_sites, lat, lon)
        return size["finder/index.json"] + biggest_places + sum(size[f"finder/cells/{key}.json"] for key in keys)

    rng = random.Random(3)
    worst = max(lookup_bytes(rng.uniform(33, 42.5), rng.uniform(93, 108.5)) for _ in range(200))
    assert worst <= 100 * 1024, worst


@pytest.mark.parametrize("change", ["moved", "closed", "opened", "moved far"])
def test_after_a_few_sites_change_only_nearby_points_are_worked_out_and_all_agree(tmp_path, change, monkeypatch):
    """The last build's nearest sites, updated near the changed site, equal a fresh computation."""
    from county import nearest
    from datafile.cache import Store

    text = (ROOT / "sites.yaml").read_text(encoding="utf-8")
    edits = {
        "moved": ("{lat: 35.208132, lon: 105.242201, datum: gcj02}", "{lat: 35.258132, lon: 105.302201, datum: gcj02}"),
        "closed": ("    phone: 0932-0000101\n", "    phone: 0932-0000101\n    status: {state: closed, reason: 测试}\n"),
        "opened": ("status: {state: paused, reason: 疫苗待配送，暂停接种, until: 2026-12-10}", "status: {state: open}"),
        "moved far": ("{lat: 35.208132, lon: 105.242201, datum: gcj02}", "{lat: 35.458132, lon: 105.602201, datum: gcj02}"),
    }
    old, new = edits[change]
    assert old in text
    (tmp_path / "sites.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    today = dt.date.fromisoformat(TODAY)
    before = load_county(ROOT / "sites.yaml", today=today, places_path=ROOT / "places.yaml")
    after = load_county(tmp_path / "sites.yaml", today=today, places_path=ROOT / "places.yaml")
    rng = random.Random(11)
    points = {"村": [(rng.uniform(34.9, 35.5), rng.uniform(104.93, 105.66)) for _ in range(400)]}
    store = Store({"CACHE_PATH": str(tmp_path / "cache")}, "nearest")
    monkeypatch.setattr(nearest, "UPDATE_AT_MOST", 0.5)  # the sample has 25 open sites; a province thousands
    nearest.nearest_to_points(before, points, 3, store)

    worked_out = []
    original = SiteIndex.nearest
    monkeypatch.setattr(SiteIndex, "nearest", lambda self, *a, **kw: worked_out.append(a) or original(self, *a, **kw))
    updated = nearest.nearest_to_points(after, points, 3, store)
    assert 0 < len(worked_out) < 400 / 2, change   # only the points near the change
    monkeypatch.setattr(SiteIndex, "nearest", original)

    fresh = nearest.nearest_to_points(after, points, 3, Store({"CACHE_PATH": str(tmp_path / "fresh")}, "nearest"))
    assert ([[(h.site.id, h.km) for h in hits] for hits in updated["村"]]
            == [[(h.site.id, h.km) for h in hits] for hits in fresh["村"]])
