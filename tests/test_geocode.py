"""`make geocode` with a real geopy geocoder class, pointed at a stub Nominatim on localhost."""

import http.server
import json
import subprocess
import sys
import threading
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ROOT, TODAY, run_pelican

CDC_LOCATION = "    location: {lat: 35.208132, lon: 105.242201, datum: gcj02}\n"
CDC_QUERY = "甘肃省定西市通渭县平襄镇平襄镇西大街（县疾控中心一楼）"
VILLAGE_QUERY = "甘肃省定西市通渭县北城铺镇锦鸡村"
ANSWERS = {CDC_QUERY: (35.2091, 105.2389), VILLAGE_QUERY: (35.3612, 105.2633)}


class StubNominatim:
    """Answers /search like Nominatim's JSON API, from ANSWERS; records every query."""

    def __init__(self):
        self.queries = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = parse_qs(url.query).get("q", [""])[0]
                stub.queries.append((url.path, query, self.headers.get("User-Agent")))
                found = ANSWERS.get(query)
                body = json.dumps([{"lat": str(found[0]), "lon": str(found[1]), "display_name": query,
                                    "place_id": 1, "osm_type": "node"}] if found else [])
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    server = StubNominatim()
    yield server
    server.close()


@pytest.fixture
def project(tmp_path, sample_text):
    """A copy of the data with the CDC's location removed, and settings that point at it."""
    (tmp_path / "sites.yaml").write_text(sample_text.replace(CDC_LOCATION, "", 1), encoding="utf-8")
    (tmp_path / "places.yaml").write_text((ROOT / "places.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def configure(project, domain):
    conf = project / "conf.py"
    conf.write_text(
        "from pelicanconf import *\n"
        f"SITES_FILE = {str(project / 'sites.yaml')!r}\n"
        f"PLACES_FILE = {str(project / 'places.yaml')!r}\n"
        f"GEOCODE_CACHE = {str(project / 'geocoded.yaml')!r}\n"
        f"SITES_TODAY = {TODAY!r}\n"
        f"GEOCODER_OPTIONS = {{'domain': {domain!r}, 'scheme': 'http', 'user_agent': 'tests'}}\n"
        "GEOCODE_MIN_DELAY = 0\n", encoding="utf-8")
    return conf


def geocode(conf):
    return subprocess.run([sys.executable, "-m", "county.geocode", str(conf)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})


def build(project):
    return run_pelican(project / "output", sites_file=project / "sites.yaml",
                       extra=[f'PLACES_FILE="{project / "places.yaml"}"', f'GEOCODE_CACHE="{project / "geocoded.yaml"}"'])


def test_a_site_without_coordinates_is_a_clear_error(project):
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "接种点「tw-cdc」" in result.stderr and "make geocode" in result.stderr


def test_geocode_fills_the_cache_and_the_build_uses_it_offline(project, stub):
    result = geocode(configure(project, stub.domain))
    assert "查坐标" in result.stderr  # the progress bar
    # Every site or village without a location was asked for; two were found.
    asked = {q for _, q, _ in stub.queries}
    assert CDC_QUERY in asked and VILLAGE_QUERY in asked
    assert all(path == "/search" and agent == "tests" for path, _, agent in stub.queries)
    assert result.returncode == 1  # the stub knows only two places; the rest are listed for the clerk
    assert "没有查到" in result.stderr

    cache = (project / "geocoded.yaml").read_text(encoding="utf-8")
    assert "make geocode" in cache.splitlines()[0]
    from county.load import load_county
    import datetime as dt
    data = load_county(project / "sites.yaml", today=dt.date.fromisoformat(TODAY),
                      places_path=project / "places.yaml", geocoded_path=project / "geocoded.yaml")
    cdc = next(s for s in data.sites if s.id == "tw-cdc")
    assert cdc.location.wgs84 == (35.2091, 105.2389) and cdc.location.datum == "wgs84"
    assert "nominatim" in cdc.location.source
    jinji = next(v for v in data.villages["北城铺镇"] if v.name == "锦鸡村")
    assert jinji.location.wgs84 == (35.3612, 105.2633)

    stub.close()  # the build must not need the network
    built = build(project)
    assert built.returncode == 0, built.stderr
    page = built.page("sites/tw-cdc")
    assert "北纬 35.20910，东经 105.23890。来源：按地址自动查询（nominatim" in " ".join(page.get_text().split())


def test_geocode_asks_only_for_what_is_missing(project, stub):
    conf = configure(project, stub.domain)
    geocode(conf)
    first = len(stub.queries)
    geocode(conf)
    assert {q for _, q, _ in stub.queries[first:]} == {q for _, q, _ in stub.queries[:first]} - set(ANSWERS)


def test_a_changed_address_needs_a_new_lookup(project, stub):
    geocode(configure(project, stub.domain))
    text = (project / "sites.yaml").read_text(encoding="utf-8")
    (project / "sites.yaml").write_text(text.replace("平襄镇西大街（县疾控中心一楼）", "平襄镇东大街", 1), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "重新查坐标" in result.stderr and "make geocode" in result.stderr


def test_a_point_outside_the_county_is_refused(project, stub):
    ANSWERS_BACKUP = dict(ANSWERS)
    ANSWERS[CDC_QUERY] = (39.9, 116.4)  # Beijing: the geocoder found the wrong place
    try:
        result = geocode(configure(project, stub.domain))
    finally:
        ANSWERS.clear()
        ANSWERS.update(ANSWERS_BACKUP)
    assert "不在本县范围内" in result.stderr
    assert "site:tw-cdc" not in (project / "geocoded.yaml").read_text(encoding="utf-8")
