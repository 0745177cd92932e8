"""Publishing: the safe swap, files ready for a simple host, nginx, open data, offline use."""

import csv
import gzip
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import brotli
import geojson
import pytest

from conftest import ROOT, SAMPLE, TODAY, run_pelican
from publish.postprocess import COMPRESS
from publish.validate import validate

PLUGINS_ENV = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish_conf(tmp_path, siteurl, sites_file=SAMPLE):
    conf = tmp_path / "release_conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
                    f"SITEURL = {siteurl!r}\nSITES_FILE = {str(sites_file)!r}\nSITES_TODAY = {TODAY!r}\n", encoding="utf-8")
    return conf


def release(conf, public, **kwargs):
    return subprocess.run([sys.executable, "-m", "publish.release", str(conf), str(public)], cwd=ROOT,
                          env=PLUGINS_ENV, capture_output=True, text=True, timeout=300, **kwargs)


def snapshot(folder):
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One real `make publish` of the sample, with a public address on a port nginx will use."""
    tmp = tmp_path_factory.mktemp("publish")
    port = free_port()
    result = release(publish_conf(tmp, f"https://127.0.0.1:{port}"), tmp / "public")
    assert result.returncode == 0, result.stderr
    return tmp, tmp / "public", port


def test_publish_swaps_a_link_to_a_checked_release(published):
    tmp, public, _ = published
    assert public.is_symlink() and (public / "index.html").is_file()
    assert Path(os.readlink(public)).parent.name == "public.releases"


def test_a_failed_build_leaves_the_published_site_as_it_was(published, sample_text):
    tmp, public, port = published
    before_link, before = os.readlink(public), snapshot(public)
    bad = tmp / "bad-sites.yaml"
    bad.write_text(sample_text.replace("township: 马营镇", "township: 马营乡", 1), encoding="utf-8")
    result = release(publish_conf(tmp / "bad", f"https://127.0.0.1:{port}", bad) if (tmp / "bad").mkdir() is None else None,
                     public)
    assert result.returncode != 0 and "已发布的网站保持原样" in result.stderr
    assert os.readlink(public) == before_link and snapshot(public) == before


def as_from_a_terminal():
    """In the child, before it runs: Ctrl-C as a terminal delivers it. A test worker may have
    SIGINT blocked or ignored (a library's doing), and a child inherits both through exec."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def signal_state(pid):
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return ""
    return " ".join(line for line in lines if line.startswith(("SigBlk", "SigIgn")))


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_build_leaves_the_published_site_as_it_was(published, how):
    tmp, public, port = published
    before_link, before = os.readlink(public), snapshot(public)
    (tmp / "stop").mkdir(exist_ok=True)
    conf = publish_conf(tmp / "stop", f"https://127.0.0.1:{port}")
    process = subprocess.Popen([sys.executable, "-m", "publish.release", str(conf), str(public)], cwd=ROOT,
                               env=PLUGINS_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, preexec_fn=as_from_a_terminal)
    signals = signal_state(process.pid)
    releases = public.parent / "public.releases"
    deadline = time.time() + 60
    while not any(p.is_dir() and any(p.iterdir()) for p in releases.glob(".building-*")):
        assert time.time() < deadline and process.poll() is None, "the build never started writing"
        time.sleep(0.05)
    os.killpg(process.pid, how)  # Ctrl-C reaches the whole process group, as in a terminal
    process.wait(timeout=60)
    assert os.readlink(public) == before_link and snapshot(public) == before, f"exit {process.returncode}, {signals}"
    # The next publish clears what the killed one left behind.
    assert release(conf, public).returncode == 0
    assert not list(releases.glob(".building-*"))


def test_a_site_that_builds_but_fails_its_checks_is_never_published(published):
    """Through the real release path: the build succeeds, the link check fails, `public` stays."""
    tmp, public, port = published
    before_link, before = os.readlink(public), snapshot(public)
    content = tmp / "dead-link" / "content"
    shutil.copytree(ROOT / "content", content)
    about = content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[旧的通知](/tongzhi/2021/)\n", encoding="utf-8")
    conf = publish_conf(tmp / "dead-link", f"https://127.0.0.1:{port}")
    conf.write_text(conf.read_text(encoding="utf-8") + f"PATH = {str(content)!r}\n", encoding="utf-8")
    result = release(conf, public)
    assert result.returncode == 1
    assert "about/index.html: 链接指向的文件或锚点不存在：/tongzhi/2021/" in result.stderr
    assert "已发布的网站保持原样" in result.stderr
    assert os.readlink(public) == before_link and snapshot(public) == before
    assert not list((public.parent / "public.releases").glob(".building-*"))


def test_two_publishes_at_once_take_turns(published):
    tmp, public, port = published
    (tmp / "turns").mkdir(exist_ok=True)
    conf = publish_conf(tmp / "turns", f"https://127.0.0.1:{port}")
    first = subprocess.Popen([sys.executable, "-m", "publish.release", str(conf), str(public)], cwd=ROOT, env=PLUGINS_ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    releases = public.parent / "public.releases"
    deadline = time.time() + 60
    while not list(releases.glob(".building-*")):
        assert time.time() < deadline and first.poll() is None, "the first publish never started"
        time.sleep(0.05)
    second = release(conf, public)
    first_out, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second.stderr
    assert "另一个发布（make publish）正在进行" in second.stderr
    assert os.path.realpath(public) != os.path.realpath(releases / first_out.strip().split("→ ")[-1])


def test_old_releases_are_pruned_the_previous_folder_too(tmp_path):
    from publish.release import KEEP, prune
    releases = tmp_path / "public.releases"
    names = ["previous-20261101-000000-000000", "20261102-000000-000000", "20261103-000000-000000",
             "20261104-000000-000000", "20261105-000000-000000"]
    for name in names:
        (releases / name).mkdir(parents=True)
    prune(releases, releases / names[-1])
    assert sorted(p.name for p in releases.iterdir()) == sorted(names[-KEEP:])


def test_validation_catches_a_broken_link_and_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body>'
                                         '<a href="a/">ok</a><a href="b/">broken</a><a href="a/#nope">anchor</a></body></html>')
    (tmp_path / "a" / "index.html").write_text('<!DOCTYPE html><html><head><title>a</title></head><body id="top"></body></html>')
    problems = validate(tmp_path)
    assert len(problems) == 2 and "b/" in problems[0] and "a/#nope" in problems[1]


def test_files_ready_for_a_simple_host(published):
    _, public, port = published
    siteurl = f"https://127.0.0.1:{port}"
    html = (public / "index.html").read_text(encoding="utf-8")
    css = next((public / "theme").glob("site.*.css"))
    assert css.name != "site.css" and css.name in html and not (public / "theme/site.css").exists()
    for name in ["index.html", css.relative_to(public).as_posix(), "data/sites.geojson"]:
        raw = (public / name).read_bytes()
        assert gzip.decompress((public / f"{name}.gz").read_bytes()) == raw
        assert brotli.decompress((public / f"{name}.br").read_bytes()) == raw
    # Every copy is of the file as it was published: also those that steps after the pages added
    # or rewrote (the search index and the search page's bundle names, the worker's version).
    texts = [path for path in public.rglob("*") if path.suffix in COMPRESS and path.stat().st_size >= 256]
    assert {"search/index.html", "sw.js", "pagefind/faq/pagefind.js"} <= {
        path.relative_to(public).as_posix() for path in texts}
    for path in texts:
        raw = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == raw, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == raw, path
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{siteurl}/sites/tw-cdc/</loc>" in sitemap and "404.html" not in sitemap
    # Every page and nothing else: not the search index's files, nor the pages residents never land on.
    pages = {path.relative_to(public).as_posix() for path in public.rglob("*.html") if "pagefind" not in path.parts}
    listed = {loc.removeprefix(siteurl + "/") for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)}
    assert listed == {page.removesuffix("index.html") for page in pages - {"404.html", "offline.html", "search/index.html"}}
    assert f"Sitemap: {siteurl}/sitemap.xml" in (public / "robots.txt").read_text()
    assert "找不到这个页面" in (public / "404.html").read_text(encoding="utf-8")
    manifest = json.loads((public / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "zh-CN"
    for icon in manifest["icons"]:
        assert (public / icon["src"]).stat().st_size > 300
    assert validate(public, siteurl) == []


def test_every_published_page_is_self_contained(published):
    """The promises the preview build is tested for, on the published build too (other names, same pages)."""
    from bs4 import BeautifulSoup
    _, public, port = published
    pages = [p for p in public.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 90
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert all(script.get("src") for script in soup.select("script")), f"inline script in {path}"
        assert not soup.select("[style]"), f"inline style in {path}"
        assets = [t.get("src") for t in soup.select("script, img, iframe")] + [t.get("href") for t in soup.select("link")]
        assert not [a for a in assets if a and a.startswith(("http://", "https://", "//"))
                    and not a.startswith(f"https://127.0.0.1:{port}/")], path


def test_open_data(published):
    _, public, _ = published
    collection = geojson.loads((public / "data/sites.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid and collection["type"] == "FeatureCollection"
    sites = [f for f in collection["features"] if f["properties"]["feature"] == "site"]
    assert len(sites) == 32 and len(collection["features"]) == 32 + 25  # and the dated visits
    cdc = next(f for f in collection["features"] if f["id"] == "tw-cdc")
    lon, lat = cdc["geometry"]["coordinates"]
    assert (round(lat, 4), round(lon, 4)) == (35.2088, 105.2386)  # WGS-84, converted from GCJ-02
    assert cdc["properties"]["verified_date"] == "2026-11-26"
    assert "CC BY" in collection["metadata"]["licence"]

    raw = (public / "data/sites.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((public / "data/sites.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == [s["id"] for s in data["sites"]]
    first = rows[0]
    assert first["name"] == data["sites"][0]["name"] and float(first["lat"]) == data["sites"][0]["lat"]
    assert first["hours_text"] == data["sites"][0]["hours_text"]
    documented = (ROOT / "docs/open-data.md").read_text(encoding="utf-8")
    for field in data["sites"][0]:
        assert f"`{field}`" in documented, field


# --- nginx ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    """deploy/nginx.conf as shipped, with a certificate made here, on two free local ports."""
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing; make test installs it")
        pytest.skip("nginx is missing; make test installs it")
    _, public, port = published
    tmp = tmp_path_factory.mktemp("nginx")
    (tmp / "snippets").mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(tmp / "site.key"), "-out", str(tmp / "site.pem")],
                   check=True, capture_output=True)
    brotli_module = any(Path("/etc/nginx/modules-enabled").glob("*brotli*")) if Path("/etc/nginx/modules-enabled").exists() else False
    if brotli_module:
        shutil.copy(ROOT / "deploy/nginx-brotli.conf", tmp / "snippets" / "vaccine-site-brotli.conf")
    http_port = free_port()
    site = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;"),
                     ("root /srv/vaccine-site/public;", f"root {public};"),
                     ("root /srv/vaccine-site/acme;", f"root {tmp};"),
                     ("/etc/ssl/certs/ym.example.gov.cn.pem", str(tmp / "site.pem")),
                     ("/etc/ssl/private/ym.example.gov.cn.key", str(tmp / "site.key")),
                     ("/etc/nginx/snippets/", f"{tmp}/snippets/")):
        assert old in site, old
        site = site.replace(old, new)
    (tmp / "site.conf").write_text(site, encoding="utf-8")
    temp = " ".join(f"{name}_temp_path {tmp}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "include /etc/nginx/modules-enabled/*.conf;\n"
        f"events {{}}\nhttp {{\n include /etc/nginx/mime.types;\n access_log off;\n {temp}\n include {tmp}/site.conf;\n}}\n")
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen([nginx_bin, "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.05)
    yield {"base": f"https://127.0.0.1:{port}", "http": f"http://127.0.0.1:{http_port}", "brotli": brotli_module,
           "tls": ssl.create_default_context(cafile=str(tmp / "site.pem"))}
    process.terminate()
    process.wait(timeout=10)


def fetch(url, tls=None, **headers):
    """(status, headers, body), without following redirects."""
    parts = urllib.parse.urlsplit(url)
    connection = (http.client.HTTPSConnection(parts.hostname, parts.port, context=tls, timeout=10)
                  if parts.scheme == "https" else http.client.HTTPConnection(parts.hostname, parts.port, timeout=10))
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


SECURITY_HEADERS = ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "Cache-Control")


def test_nginx_headers_and_compressed_responses(nginx, published):
    base, tls, brotli_module = nginx["base"], nginx["tls"], nginx["brotli"]
    _, public, _ = published
    status, headers, body = fetch(base + "/", tls, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (public / "index.html").read_bytes()
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Server"] == "nginx"  # server_tokens off: no version

    css = next((public / "theme").glob("site.*.css")).name
    status, headers, _ = fetch(f"{base}/theme/{css}", tls)
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("text/css")

    if brotli_module:
        status, headers, body = fetch(base + "/sites/tw-cdc/", tls, **{"Accept-Encoding": "br"})
        assert headers["Content-Encoding"] == "br"
        assert brotli.decompress(body) == (public / "sites/tw-cdc/index.html").read_bytes()

    status, headers, body = fetch(base + "/no-such-page/", tls)
    assert status == 404 and "找不到这个页面" in body.decode("utf-8")
    status, headers, _ = fetch(base + "/data/sites.geojson", tls)
    assert headers["Content-Type"].startswith("application/geo+json")


def test_every_response_carries_the_security_headers(nginx, published):
    base, tls = nginx["base"], nginx["tls"]
    for path in ("/", "/sw.js", "/data/sites.geojson", "/data/sites.csv", "/manifest.webmanifest", "/no-such-page/"):
        status, headers, _ = fetch(base + path, tls)
        missing = [name for name in SECURITY_HEADERS if not headers.get(name)]
        assert missing == [], (path, status, missing)
    assert fetch(base + "/sw.js", tls)[1]["Cache-Control"] == "no-cache"


def test_plain_http_moves_to_https_and_dotfiles_are_never_served(nginx, published):
    _, public, _ = published
    status, headers, _ = fetch(nginx["http"] + "/sites/tw-cdc/?a=1")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/sites/tw-cdc/?a=1"
    (Path(os.path.realpath(public)) / ".env").write_text("SECRET=1", encoding="utf-8")
    status, _, body = fetch(nginx["base"] + "/.env", nginx["tls"])
    assert status == 404 and b"SECRET" not in body


def test_the_site_works_under_nginx_headers(nginx, browser):
    base = nginx["base"]
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    elsewhere = []
    page.on("request", lambda request: None if urllib.parse.urlsplit(request.url).hostname == "127.0.0.1"
            else elsewhere.append(request.url))
    for path in ["/", "/map/", "/sites/tw-cdc/", "/search/?q=发烧"]:
        page.goto(base + path)
        if "map" in path:
            page.wait_for_selector("[data-markers-drawn]", state="attached")
        if "search" in path:
            page.wait_for_selector(".pagefind-ui__result")
    assert violations == []
    # publishconf.py's default tiles are "none" (no 天地图 key given): nothing but our host is asked.
    assert "MAP_TILES = os.environ.get(\"PUBLISH_MAP_TILES\") or" in (ROOT / "publishconf.py").read_text(encoding="utf-8")
    assert elsewhere == []
    context.close()


def test_a_rebuild_reuses_unchanged_compressed_files_and_remakes_changed_ones(tmp_path, sample_text):
    """The compression cache: a page that did not change is the same file; one that did is new."""
    cache, sites = tmp_path / "cache", tmp_path / "sites.yaml"

    def publish(name):
        build = run_pelican(tmp_path / name, sites_file=sites,
                            extra=["PUBLISH=true", f'CACHE_PATH="{cache}"', 'SITEURL="https://ym.example.gov.cn"'])
        assert build.returncode == 0, build.stderr
        return build.output

    sites.write_text(sample_text, encoding="utf-8")
    first = publish("first")
    sites.write_text(sample_text.replace("name: 通渭县疾病预防控制中心预防接种门诊", "name: 通渭县疾控中心新址门诊", 1),
                     encoding="utf-8")
    second = publish("second")

    changed, unchanged = "sites/tw-cdc/index.html", "help/index.html"
    assert "通渭县疾控中心新址门诊" in (second / changed).read_text(encoding="utf-8")
    for page in (changed, unchanged):
        raw = (second / page).read_bytes()
        assert gzip.decompress((second / f"{page}.gz").read_bytes()) == raw
        assert brotli.decompress((second / f"{page}.br").read_bytes()) == raw
    assert (first / unchanged).read_bytes() == (second / unchanged).read_bytes()
    assert os.stat(first / f"{unchanged}.gz").st_ino == os.stat(second / f"{unchanged}.gz").st_ino
    assert os.stat(first / f"{changed}.gz").st_ino != os.stat(second / f"{changed}.gz").st_ino
    compressed = [p for p in second.rglob("*") if p.suffix in (".gz", ".br")]
    assert len(compressed) > 100
    for packed in compressed:
        unpack = gzip.decompress if packed.suffix == ".gz" else brotli.decompress
        assert unpack(packed.read_bytes()) == packed.with_suffix("").read_bytes(), packed


def test_a_publish_links_in_what_the_published_release_holds_unchanged_and_equals_a_fresh_one(tmp_path, sample_text):
    """make publish after one changed phone number: the pages that do not show it are hard links to
    the release now published (which stays byte for byte as it was; a file someone changed there
    is drawn again), and the new release is the one a publish with no earlier release makes, file
    for file."""
    sites = tmp_path / "sites.yaml"
    sites.write_text(sample_text, encoding="utf-8")

    def conf_with_cache(folder):
        folder.mkdir()
        conf = publish_conf(folder, "https://ym.example.gov.cn", sites)
        conf.write_text(conf.read_text(encoding="utf-8") + f"CACHE_PATH = {str(folder / 'cache')!r}\n", encoding="utf-8")
        return conf

    conf, public = conf_with_cache(tmp_path / "office"), tmp_path / "office" / "public"
    assert release(conf, public).returncode == 0
    first = public.resolve()

    def as_it_is(folder):  # a file written again in place, even with the same bytes, has a new time
        return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.rglob("*") if path.is_file()}
    tampered = first / "faq/glossary/index.html"  # changed by hand on the server: never carried into a new release
    tampered.write_bytes(tampered.read_bytes() + b"<!-- edited by hand -->")
    before = as_it_is(first)
    sites.write_text(sample_text.replace("phone: 0932-0000101", "phone: 0932-0000199", 1), encoding="utf-8")
    result = release(conf, public)
    assert result.returncode == 0, result.stderr
    second = public.resolve()
    assert second != first and as_it_is(first) == before

    changed, unchanged = "sites/tw-cdc/index.html", "faq/index.html"
    assert "0932-0000199" in (second / changed).read_text(encoding="utf-8")
    assert os.path.samefile(first / unchanged, second / unchanged)
    assert not os.path.samefile(first / changed, second / changed)
    assert not os.path.samefile(tampered, second / "faq/glossary/index.html")
    linked = [path for path in second.rglob("*.html") if path.stat().st_nlink > 1]
    assert len(linked) > len(list(second.rglob("*.html"))) / 2
    assert release(conf, public).returncode == 0  # a third: the records of two releases are kept, no more
    assert len(list((tmp_path / "office" / "cache").glob("incremental-releases/*/*/*.json"))) == 2

    fresh_conf, fresh_public = conf_with_cache(tmp_path / "fresh"), tmp_path / "fresh" / "public"
    assert release(fresh_conf, fresh_public).returncode == 0
    made, fresh = snapshot(second), snapshot(fresh_public.resolve())
    assert made.keys() == fresh.keys()
    assert [path for path in made if made[path] != fresh[path] and not path.startswith("pagefind/")] == []
