"""How long the nearest-site computation takes, beside measuring every pair exactly.

    python benchmarks/nearest_time.py [province|nation]

The full-pair figure is extrapolated from 100 villages measured against every open site.
"""

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from geographiclib.geodesic import Geodesic

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "plugins"))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from county.nearest import SiteIndex  # noqa: E402
from county.load import load_county  # noqa: E402


def main(scale="province"):
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(scale, tmp)
        started = time.perf_counter()
        data = load_county(folder / "sites.yaml", today=dt.date(2026, 11, 28), places_path=folder / "places.yaml")
        load_seconds = time.perf_counter() - started
    points = [data.village_location(t, v) for t, vs in data.villages.items() for v in vs]
    open_sites = [s for s in data.sites if s.status.state == "open"]

    started = time.perf_counter()
    index = SiteIndex(open_sites)
    for lat, lon in points:
        index.nearest(lat, lon, 3)
    grid_seconds = time.perf_counter() - started

    sample = random.Random(1).sample(points, 100)
    started = time.perf_counter()
    for lat, lon in sample:
        sorted(Geodesic.WGS84.Inverse(lat, lon, *s.location.wgs84)["s12"] for s in open_sites)[:3]
    brute_seconds = (time.perf_counter() - started) / len(sample) * len(points)

    print(f"{scale}: {len(points)} villages x {len(open_sites)} open sites")
    print(f"  load and validate sites.yaml + places.yaml: {load_seconds:.1f} s")
    print(f"  nearest 3 for every village (grid + geodesic): {grid_seconds:.1f} s")
    print(f"  every pair measured exactly (extrapolated):   {brute_seconds:.0f} s")


if __name__ == "__main__":
    main(*sys.argv[1:])
