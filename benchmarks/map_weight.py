"""What the map page costs on the wire, beside a default folium map of the same sites.

    python benchmarks/map_weight.py [county|province ...]

For each scale it builds the site, then adds up the gzip size of everything the map page
loads (HTML, CSS, JS, marker data; map tiles excluded). It then draws the same sites with a
default `folium.Map` and one `folium.Marker` each, and adds the gzip size of the CSS and JS that
folium would fetch from CDNs (taken from the same versions' npm packages). Results go to
benchmarks/results/map-weight.json.
"""

import gzip
import html
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(HERE))

import folium  # noqa: E402

from generate import generate  # noqa: E402
from county.load import load_county  # noqa: E402
from sites.filters import today_line  # noqa: E402

TODAY = "2026-11-28"
CACHE = HERE / ".cache" / "npm"
# What folium 0.20's default Map loads from CDNs, as (npm package, file in it, CDN URL it stands for).
FOLIUM_CDN = [
    ("leaflet@1.9.3", "dist/leaflet.js", "cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
    ("jquery@3.7.1", "dist/jquery.min.js", "code.jquery.com/jquery-3.7.1.min.js"),
    ("bootstrap@5.2.2", "dist/js/bootstrap.bundle.min.js", "cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js"),
    ("drmonty-leaflet-awesome-markers@2.0.2", "js/leaflet.awesome-markers.js", "cdnjs.cloudflare.com/.../leaflet.awesome-markers.js"),
    ("leaflet@1.9.3", "dist/leaflet.css", "cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
    ("bootstrap@5.2.2", "dist/css/bootstrap.min.css", "cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css"),
    ("@fortawesome/fontawesome-free@6.2.0", "css/all.min.css", "cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"),
    ("drmonty-leaflet-awesome-markers@2.0.2", "css/leaflet.awesome-markers.css", "cdnjs.cloudflare.com/.../leaflet.awesome-markers.css"),
]
NOT_COUNTED = ["netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css (not on npm)",
               "leaflet.awesome.rotate.min.css (folium's GitHub, a few hundred bytes)",
               "Font Awesome's web fonts, which all.min.css pulls in (over 100 KB)"]


def gz(data):
    return len(gzip.compress(data if isinstance(data, bytes) else data.encode("utf-8"), 9))


def npm_file(package, path):
    folder = CACHE / package.replace("/", "_")
    if not folder.exists():
        folder.mkdir(parents=True)
        subprocess.run(["npm", "pack", package, "--silent"], cwd=folder, check=True, capture_output=True)
        with tarfile.open(next(folder.glob("*.tgz"))) as tar:
            tar.extractall(folder, filter="data")
    return (folder / "package" / path).read_bytes()


def build(sites_file, output):
    subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
                    "-e", f'SITES_FILE="{sites_file}"', f'SITES_TODAY="{TODAY}"'], cwd=ROOT, check=True,
                   capture_output=True)


def our_map_page(output):
    page = output / "map" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    refs = [t["href"] for t in soup.select("link[rel=stylesheet]")] + [t["src"] for t in soup.select("script[src]")]
    refs.append(soup.select_one(".map__canvas")["data-markers"])
    files = {"map/index.html": gz(page.read_bytes())}
    for ref in refs:
        target = (page.parent / ref).resolve()
        files[str(target.relative_to(output))] = gz(target.read_bytes())
    return files


def folium_default(data):
    """The same sites as a default folium map: one Marker with a Popup each."""
    centre = data.county.bounds.centre
    fmap = folium.Map(location=list(centre), zoom_start=9)
    for site in data.sites:
        text = (f"<b>{html.escape(site.name)}</b><br>地址：{html.escape(site.address)}<br>"
                f"今天：{html.escape(today_line(site, data.today))}<br>电话：{html.escape(site.phone[0] if site.phone else '')}")
        folium.Marker(site.location.wgs84, popup=folium.Popup(text, max_width=300), tooltip=html.escape(site.name)).add_to(fmap)
    page = fmap.get_root().render()
    files = {"folium map HTML (inline markers)": gz(page)}
    for package, path, url in FOLIUM_CDN:
        files[url] = gz(npm_file(package, path))
    cdn_hosts = set(re.findall(r'(?:src|href)="https?://([^/"]+)', page))
    return files, sorted(cdn_hosts)


def measure(scale):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sites_file = generate(scale, tmp / "input") / "sites.yaml"
        build(sites_file, tmp / "output")
        ours = our_map_page(tmp / "output")
        import datetime as dt
        data = load_county(sites_file, today=dt.date.fromisoformat(TODAY))
        theirs, hosts = folium_default(data)
    return {
        "sites": len(data.sites),
        "ours_gzip_bytes": sum(ours.values()), "ours_files": ours,
        "folium_gzip_bytes": sum(theirs.values()), "folium_files": theirs,
        "folium_cdn_hosts": hosts, "folium_not_counted": NOT_COUNTED,
    }


def main(scales):
    results = {scale: measure(scale) for scale in scales}
    out = HERE / "results" / "map-weight.json"
    out.parent.mkdir(exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**previous, **results}, ensure_ascii=False, indent=2) + "\n")
    print(f"{'scale':<10}{'sites':>7}{'ours (gzip)':>14}{'folium default':>16}{'ratio':>8}")
    for scale, r in results.items():
        print(f"{scale:<10}{r['sites']:>7}{r['ours_gzip_bytes'] / 1024:>11.1f} KB"
              f"{r['folium_gzip_bytes'] / 1024:>13.1f} KB{r['ours_gzip_bytes'] / r['folium_gzip_bytes']:>8.2f}")
        for name, size in r["ours_files"].items():
            print(f"    ours    {size / 1024:7.1f} KB  {name}")
        for name, size in r["folium_files"].items():
            print(f"    folium  {size / 1024:7.1f} KB  {name}")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["county", "province"])
