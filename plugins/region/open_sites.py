"""Each county's open sites, written from its data for its neighbours' nearest-site tables.

    PYTHONPATH=plugins python -m region.open_sites region.yaml REGION_CACHE   # every county

A village near a county border should list the nearest open sites on both sides. Each shard
(region/shard.py) is built in its own process, so before the shards are built this pass writes
every county's open sites (`REGION_CACHE/open-sites/<id>.pickle`, with the area they and its
villages cover in `<id>.extent.json`), read from the county's data files through the county
library: what a county has open today, not what its last build showed. A shard then lists the
counties within the region's `neighbour_km` of its villages (`REGION_CACHE/<id>.neighbours.json`,
county/neighbours.py reads it) and links to their site pages beside it (`../<id>/…`).

A file is rewritten only when what it holds changed. A county whose data has mistakes keeps its
last file (its shard fails and keeps its last good pages too, so the two agree) and is reported.
"""

import json
import math
import pickle
import sys
from pathlib import Path

from county.cache import load as load_county
from datafile.cache import digest
from datafile.fingerprint import Fingerprints
from datafile.pool import forked_map
from framework.settings import complete

from . import config
from .settings import shard_settings

EXTENTS = "extents.json"  # every county's extent, as the last full pass (refresh_all) found them
KM_PER_DEGREE = 110.57  # the shortest a degree of latitude is: distances below never overstate


def folder(cache_root):
    return Path(cache_root) / "open-sites"


def refresh(county, settings, cache_root):
    """Write the county's open sites and extent (its settings as region/shard.py makes them);
    True when they changed. Raises DataError when the county's data has mistakes."""
    settings = complete(dict(settings))
    data = load_county(settings)
    places = [data.village_location(name, village) for name, rows in data.villages.items() for village in rows]
    places += list(data.centres.values()) + [tuple(site.location.wgs84) for site in data.sites]
    sites = data.open_sites
    kept = {"name": county.name, "sites": sites}
    extent = {"places": _box(places), "sites": _box([tuple(site.location.wgs84) for site in sites]),
              "content": Fingerprints().of(kept).hex(), "site_url": settings["SITE_URL"]}
    out = folder(cache_root)
    out.mkdir(parents=True, exist_ok=True)
    extent_file = out / f"{county.id}.extent.json"
    if extent_file.is_file() and json.loads(extent_file.read_text(encoding="utf-8")) == extent \
            and (out / f"{county.id}.pickle").is_file():
        return False
    _write(out / f"{county.id}.pickle", pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
    _write(extent_file, json.dumps(extent).encode())
    return True


def neighbours_file(region, county, cache_root):
    """Write (when changed) and return the list of the county's neighbours: the counties with an
    open site within region.neighbour_km of one of its villages or sites, by their extents (the
    others' as `make region-open-sites` last found them, which `make region` runs first)."""
    out = folder(cache_root)
    index = out / EXTENTS
    extents = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {}
    # Its own, just refreshed; a county the last full pass did not see, from its own file.
    for other in region.counties:
        path = out / f"{other.id}.extent.json"
        if (other.id == county.id or other.id not in extents) and path.is_file():
            extents[other.id] = json.loads(path.read_text(encoding="utf-8"))
    own = extents.get(county.id)
    listed = []
    for other in region.counties:
        found = extents.get(other.id)
        if other.id == county.id or own is None or found is None or found["sites"] is None or own["places"] is None:
            continue
        if _gap_km(own["places"], found["sites"]) <= region.neighbour_km:
            listed.append({"id": other.id, "name": other.name, "sites": str((out / f"{other.id}.pickle").resolve()),
                           "digest": found["content"], "site_url": f"../{other.id}/{found['site_url']}"})
    path = Path(cache_root) / f"{county.id}.neighbours.json"
    _write(path, json.dumps({"counties": listed}, ensure_ascii=False, indent=1).encode())
    return str(path.resolve())


def _box(points):
    """[south, west, north, east] of WGS-84 points, or None when there are none."""
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [min(lats), min(lons), max(lats), max(lons)]


def _gap_km(a, b):
    """A distance no longer than the shortest between two boxes [south, west, north, east]."""
    lat_gap = max(0.0, b[0] - a[2], a[0] - b[2])
    lon_gap = max(0.0, b[1] - a[3], a[1] - b[3])
    widest = min(89.0, max(abs(a[0]), abs(a[2]), abs(b[0]), abs(b[2])))
    return math.hypot(lat_gap * KM_PER_DEGREE, lon_gap * KM_PER_DEGREE * math.cos(math.radians(widest)))


def _write(path, data):
    """Replace the file only when its bytes change (its neighbours' builds digest it)."""
    if path.is_file() and path.read_bytes() == data:
        return
    temporary = path.with_name(f".{path.name}.{digest(data)[:8]}")
    temporary.write_bytes(data)
    temporary.replace(path)


def refresh_all(region, cache_root):
    """Refresh every county's file, on every core; the counties whose data could not be read."""
    def one(county):
        try:
            refresh(county, shard_settings(region, county, cache_root), cache_root)
            return None
        except Exception:  # mistakes in its data (DataError) or in its pelicanconf.py: its shard says which
            return county

    failed = [county for county in forked_map(one, region.counties, parallel=len(region.counties) > 4) if county]
    # Every county's extent in one file, so that each shard reads one file, not one per county
    # (a nation's shards would otherwise read 2,800 files each).
    out = folder(cache_root)
    extents = {county.id: json.loads(path.read_text(encoding="utf-8")) for county in region.counties
               if (path := out / f"{county.id}.extent.json").is_file()}
    _write(out / EXTENTS, json.dumps(extents, ensure_ascii=False).encode())
    return failed


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    region = config.from_command_line(argv, "python -m region.open_sites region.yaml 缓存文件夹", 2)
    failed = refresh_all(region, argv[1])
    for county in failed:
        print(f"{county.name}（{county.id}）的数据有错误，邻县的“各村最近的接种点”先用它上一次的开放接种点；"
              f"错误见 make region-shard-{county.id}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
