"""The region benchmark (issue 21): the synthetic province split into counties, built as a region.

    python benchmarks/region.py province [COUNTIES]      (make bench-region SCALE=province)

Splits generate.py's input into COUNTIES counties (province: 90, nation: 2,800) of neighbouring
townships, each a county folder with its own sites.yaml, places.yaml, schools.yaml and
pelicanconf.py (the FAQ and pages are one shared folder), writes region.yaml, then measures with
the commands a region runs:
- `make -j2 region`, cold: all shards and the merge (wall time, and from each shard's status file
  its seconds and its largest process);
- one site's phone changed in one county: `make region-shard-<id> region-merge`, then with its
  neighbours (whose border villages may list that site) rebuilt as well;
- the largest page of the region's own, gzip, with what it loads.
Writes results/region-SCALE.json.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

COUNTIES = {"province": 90, "nation": 2800}
CONF = '''"""A synthetic county of the region benchmark."""
import importlib.util
from pathlib import Path
HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("project_pelicanconf", {root!r} + "/pelicanconf.py")
_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_project)
globals().update({{name: value for name, value in vars(_project).items() if name.isupper()}})
SITENAME = {name!r} + "疫苗接种点查询"
PATH = {content!r}
SITES_FILE = str(HERE / "sites.yaml")
PLACES_FILE = str(HERE / "places.yaml")
SCHOOLS_FILE = str(HERE / "schools.yaml")
PROGRESS_DIR = str(HERE / "progress")
GEOCODE_CACHE = str(HERE / "geocoded.yaml")
SITES_TODAY = "2026-11-28"
'''


def yaml():
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = None
    y.allow_unicode = True
    y.width = 4096
    return y


def split(scale, folder, count):
    """County folders under folder/counties/ and folder/region.yaml; returns the county ids."""
    source = folder / "input"
    if not (source / "sites.yaml").exists():
        generate(scale, source)
    y = yaml()
    sites = y.load((source / "sites.yaml").read_text(encoding="utf-8"))
    places = y.load((source / "places.yaml").read_text(encoding="utf-8"))
    schools = y.load((source / "schools.yaml").read_text(encoding="utf-8"))["schools"]
    townships = sites["county"]["townships"]
    centre = {entry["township"]: entry["centre"] for entry in places["townships"]}
    # Neighbouring townships together: strips of latitude, each cut along longitude.
    ordered = sorted(townships, key=lambda t: centre[t["name"]]["lat"])
    strips = max(1, round(count ** 0.5))
    per_strip = -(-len(ordered) // strips)
    groups = []
    for start in range(0, len(ordered), per_strip):
        strip = sorted(ordered[start:start + per_strip], key=lambda t: centre[t["name"]]["lon"])
        size = -(-len(strip) // max(1, round(count / strips)))
        groups += [strip[i:i + size] for i in range(0, len(strip), size)]
    sites_of, schools_of = defaultdict(list), defaultdict(list)
    for site in sites["sites"]:
        sites_of[site["township"]].append(site)
    for school in schools:
        schools_of[school["township"]].append(school)
    counties = folder / "counties"
    shutil.rmtree(counties, ignore_errors=True)
    content = folder / "content"
    if not content.exists():
        shutil.copytree(source / "content", content)
    ids = []
    for number, group in enumerate(groups):
        county_id, name = f"c{number}", f"合成{number}县"
        home = counties / county_id
        (home / "progress").mkdir(parents=True)
        names = [t["name"] for t in group]
        points = [centre[n] for n in names]
        bounds = {"south": min(p["lat"] for p in points) - 0.2, "west": min(p["lon"] for p in points) - 0.2,
                  "north": max(p["lat"] for p in points) + 0.2, "east": max(p["lon"] for p in points) + 0.2}
        county = {"county": {**sites["county"], "name": name, "bounds": {k: round(v, 3) for k, v in bounds.items()},
                             "townships": group},
                  **{key: value for key, value in sites.items() if key not in ("county", "sites")},
                  "sites": [site for n in names for site in sites_of[n]]}
        for target, data in (("sites.yaml", county),
                             ("places.yaml", {**{k: v for k, v in places.items() if k != "townships"},
                                              "townships": [e for e in places["townships"] if e["township"] in names]}),
                             ("schools.yaml", {"schools": [s for n in names for s in schools_of[n]]})):
            with open(home / target, "w", encoding="utf-8") as handle:
                y.dump(data, handle)
        (home / "pelicanconf.py").write_text(CONF.format(root=str(ROOT), name=name, content=str(content)), encoding="utf-8")
        ids.append((county_id, name))
    with open(folder / "region.yaml", "w", encoding="utf-8") as handle:
        y.dump({"region": {"name": f"合成{scale}", "contact": {"phone": "0932-0000300"}},
                "counties": [{"id": i, "name": n, "path": f"counties/{i}"} for i, n in ids]}, handle)
    return [i for i, _ in ids]


def make(folder, *targets, jobs=2):
    started = time.perf_counter()
    result = subprocess.run(["make", f"-j{jobs}", *targets, f"REGION={folder / 'region.yaml'}",
                             f"REGION_OUT={folder / 'public-region'}", f"REGION_CACHE={folder / 'cache'}"],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"make {' '.join(targets)} failed:\n{result.stderr[-5000:]}")
    return time.perf_counter() - started


def border_rows(shards, ids):
    """How many nearest sites listed in the counties' village tables are a neighbouring county's
    (their ids are "<county>/<site>")."""
    return sum(len(re.findall(r'data-site-id="[^"/]+/', page.read_text(encoding="utf-8")))
               for county in ids for page in (shards / county / "townships").glob("*/index.html"))


def largest_page(output):
    """(path, gzip KB with its own CSS and scripts) of the largest page among the region's own."""
    sizes = []
    for page in output.rglob("*.html"):  # rglob does not enter the counties' linked folders
        html = page.read_bytes()
        total = len(gzip.compress(html))
        for ref in re.findall(rb'(?:src|href)="([^"]+\.(?:js|css))"', html):
            file = (page.parent / ref.decode()).resolve()
            if file.is_file():
                total += len(gzip.compress(file.read_bytes()))
        sizes.append((total / 1024, page.relative_to(output).as_posix()))
    return max(sizes)


def main():
    scale = sys.argv[1] if len(sys.argv) > 1 else "province"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else COUNTIES[scale]
    folder = HERE / ".cache" / f"region-{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    ids = split(scale, folder, count)
    for leftover in ("cache", "public-region", "public-region.shards", "public-region.releases"):
        path = folder / leftover
        if path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    results = {"scale": scale, "counties": len(ids), "cores": os.cpu_count()}
    results["cold_all_seconds"] = make(folder, "region")
    statuses = [json.loads((folder / "public-region.shards" / f"{i}.status.json").read_text()) for i in ids]
    results["shard_seconds_max"] = max(s["seconds"] for s in statuses)
    results["shard_seconds_median"] = sorted(s["seconds"] for s in statuses)[len(statuses) // 2]
    results["shard_peak_mb_max"] = max(s["peak_mb"] for s in statuses)
    results["merge_seconds"] = make(folder, "region-merge", jobs=1)
    results["open_sites_warm_seconds"] = make(folder, "region-open-sites", jobs=1)
    results["village_hits_of_a_neighbours_site"] = border_rows(folder / "public-region.shards", ids)
    results["largest_region_page_kb_gzip"], results["largest_region_page"] = largest_page(folder / "public-region")
    # What the map page fetches besides: its index at first, then one cell per area in view.
    region_map = folder / "public-region" / "map"
    results["map_index_kb_gzip"] = len(gzip.compress((region_map / "index.json").read_bytes())) / 1024
    results["map_cells"] = len(list((region_map / "cells").glob("*.json")))
    results["map_largest_cell_kb_gzip"] = max(len(gzip.compress(cell.read_bytes()))
                                              for cell in (region_map / "cells").glob("*.json")) / 1024
    changed = folder / "counties" / ids[0] / "sites.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(re.sub(r"phone: 0932-\d+", "phone: 0932-7654321", text, count=1), encoding="utf-8")
    results["one_county_changed_seconds"] = make(folder, f"region-shard-{ids[0]}", "region-merge", jobs=1)
    # A change to a border site reaches the neighbours' tables when they are built again too.
    listed = json.loads((folder / "cache" / f"{ids[0]}.neighbours.json").read_text(encoding="utf-8"))["counties"]
    results["neighbours_of_that_county"] = len(listed)
    changed.write_text(re.sub(r"phone: 0932-\d+", "phone: 0932-7654322", text, count=1), encoding="utf-8")
    results["one_county_and_its_neighbours_seconds_j2"] = make(
        folder, f"region-shard-{ids[0]}", *(f"region-shard-{c['id']}" for c in listed), "region-merge")
    out = HERE / "results" / f"region-{scale}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
