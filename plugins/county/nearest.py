"""The nearest open sites to a point: a grid prefilter, then exact geodesic distances.

At province scale (16,000 villages x 3,000 sites) measuring every pair exactly would take
minutes. The grid finds a handful of candidates with a cheap local distance; only those that
could be among the k nearest are measured on the WGS-84 ellipsoid (geographiclib, the engine
behind geopy's `geodesic`). nearest_to_villages() gives every village its nearest open sites,
kept between builds, as nearest_to_points() does for any set of points.
"""

import math
import pickle
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from geographiclib.geodesic import Geodesic

from datafile.cache import digest
from datafile.fingerprint import source_of
from datafile.pool import forked_map

# WGS-84
A_KM = 6378.137
E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)
# The shortest a degree of latitude or (at the equator) of longitude can be.
MIN_KM_PER_DEGREE = 110.57
# local_km is within 0.01 % of the geodesic distance for points up to 2 degrees apart and
# within 0.25 % at 10 degrees; candidates within this factor of the k-th best are measured exactly.
SLACK = 1.005
COMPASS = ("北", "东北", "东", "东南", "南", "西南", "西", "西北")


class Hit(NamedTuple):
    """One of a point's nearest sites. (A named tuple: a province's build makes 200,000 of them,
    and a frozen dataclass took twice as long to make.)"""
    site: object
    km: float
    bearing: float          # degrees clockwise from north, from the point to the site

    @property
    def direction(self):
        return COMPASS[int(((self.bearing % 360) + 22.5) // 45) % 8]

    @property
    def text(self):
        """'东北 3.2 公里'."""
        return f"{self.direction} {self.km:.1f} 公里" if self.km >= 0.05 else "就在附近"


class Hits(tuple):
    """One point's nearest sites (Hits), nearest first.

    A page key digests it as its sites' digests (datafile.fingerprint.mark_source), distances and
    bearings, worked out once (__fingerprint__): digested hit by hit and site by site, a
    province's 63,000 hits took a second of a preview's keys."""

    def __fingerprint__(self):
        found = self.__dict__.get("fingerprint")
        if found is None:
            found = self.__dict__["fingerprint"] = tuple((source_of(hit.site) or hit.site, hit.km, hit.bearing)
                                                         for hit in self)
        return found


def local_km(lat1, lon1, lat2, lon2):
    """Distance on the plane that touches the ellipsoid midway (its radii of curvature there)."""
    phi = math.radians((lat1 + lat2) / 2)
    sin2 = math.sin(phi) ** 2
    prime = A_KM / math.sqrt(1 - E2 * sin2)                  # along a parallel
    meridian = prime * (1 - E2) / (1 - E2 * sin2)            # along a meridian
    return math.hypot(math.radians(lat2 - lat1) * meridian, math.radians(lon2 - lon1) * math.cos(phi) * prime)


class SiteIndex:
    """Sites bucketed into grid cells of `cell` degrees, for nearest-k queries."""

    def __init__(self, sites, cell=0.25):
        self.cell = cell
        self.grid = defaultdict(list)
        for site in sites:
            lat, lon = site.location.wgs84
            self.grid[self._key(lat, lon)].append((lat, lon, site))
        keys = list(self.grid) or [(0, 0)]
        self.rows = (min(i for i, _ in keys), max(i for i, _ in keys))
        self.cols = (min(j for _, j in keys), max(j for _, j in keys))

    def _key(self, lat, lon):
        return (math.floor(lat / self.cell), math.floor(lon / self.cell))

    def _ring(self, centre, r):
        ci, cj = centre
        if r == 0:
            yield centre
            return
        for i in range(ci - r, ci + r + 1):
            for j in (cj - r, cj + r):
                yield (i, j)
        for j in range(cj - r + 1, cj + r):
            for i in (ci - r, ci + r):
                yield (i, j)

    def nearest(self, lat, lon, k=3):
        """The k nearest sites to (lat, lon), nearest first, as Hits."""
        centre = self._key(lat, lon)
        ci, cj = centre
        found = []
        # Rings around the point's cell until nothing unseen can be nearer than the k-th found,
        # or until the rings have covered every cell that holds a site.
        far = max(abs(ci - self.rows[0]), abs(ci - self.rows[1]), abs(cj - self.cols[0]), abs(cj - self.cols[1]))
        for r in range(0, far + 1):
            for key in self._ring(centre, r):
                for slat, slon, site in self.grid.get(key, ()):
                    found.append((local_km(lat, lon, slat, slon), slat, slon, site))
            if len(found) >= k:
                found.sort(key=lambda f: f[0])
                # Anything outside ring r is at least r cells away in latitude or longitude.
                edge_lat = min(89.0, abs(lat) + (r + 1) * self.cell)
                unseen = r * self.cell * MIN_KM_PER_DEGREE * math.cos(math.radians(edge_lat))
                if unseen >= found[k - 1][0] * SLACK:
                    break
        found.sort(key=lambda f: f[0])
        if not found:
            return []
        limit = found[min(k, len(found)) - 1][0] * SLACK + 0.01
        hits = []
        for approx, slat, slon, site in found:
            if approx > limit:
                break
            g = Geodesic.WGS84.Inverse(lat, lon, slat, slon)
            hits.append(Hit(site, g["s12"] / 1000, g["azi1"]))
        hits.sort(key=lambda h: (h.km, h.site.id))
        return hits[:k]


# --- the nearest open sites of many points, kept between builds ----------------------------

# Below this many points, starting worker processes costs more than it saves.
FEW_POINTS = 2000


def nearest_to_villages(data, k, store, others=()):
    """{township name: [Hits for each village]}, the k nearest open sites of every village (of
    the county's and of `others`, the neighbouring counties' open sites: county.neighbours)."""
    return nearest_to_points(data, {t.name: [data.village_location(t.name, v) for v in data.villages[t.name]]
                                    for t in data.county.townships}, k, store, others)


def nearest_to_points(data, points, k, store, others=()):
    """{group: [Hits for each point]} for {group: [(lat, lon) WGS-84]}, the k nearest open sites
    of each point (the county's, and `others`: sites of other counties, whose ids are their own).

    Kept in `store` (a datafile.cache.Store holding one set of points) while the open sites and
    the points stay put. When a few sites moved, opened or closed since the last build, only the
    points near them are worked out again (`_updated`); many points are worked out on every core.
    """
    sites = {site.id: site for site in [*data.open_sites, *others]}
    index = SiteIndex(sites.values()) if others else data.open_site_index
    located = {i: tuple(s.location.wgs84) for i, s in sites.items()}
    # Pickled, not repr()'d: a province's 50,000 points took 0.1 s to write out as text. Equal
    # bytes are equal points (a pickle reads back to what it holds).
    inputs = digest(Path(__file__).read_bytes(), k, pickle.dumps(points, pickle.HIGHEST_PROTOCOL))
    key = digest(inputs, repr(sorted(located.items())))
    cached = store.get(key, ".pickle")
    if cached is not None:
        plain = pickle.loads(cached)["found"]
    else:
        plain = _updated(store, inputs, located, points, k, index)
        if plain is None:
            plain = nearest_everywhere(index, points, k)
        store.put(key, ".pickle", pickle.dumps({"inputs": inputs, "located": located, "found": plain},
                                               pickle.HIGHEST_PROTOCOL))
        store.put(_LAST, ".txt", key.encode())
        store.prune({key, _LAST}, max_age_days=0)
    last_key, last_hits = _last_hits.get(str(store.root), (None, {}))
    hits = {}
    for name, rows in plain.items():
        before = last_hits.get(name) if last_key == key else None
        if before is None or len(before) != len(rows):
            before = [None] * len(rows)
        hits[name] = [_hits(found, sites, kept) for found, kept in zip(rows, before)]
    _last_hits[str(store.root)] = (key, hits)
    return hits


# {store's folder: (key, {group: [Hits]})}, the last result of each set of points in this process.
# A process that builds again (make devserver, make edit) shares the records that did not change
# (county/load.py), so after a phone number changed most Hits are given again, with the digest
# each worked out (Hits.__fingerprint__), rather than made anew (0.3 s of a province's rebuild).
_last_hits = {}


def _hits(found, sites, before):
    """Hits for one point's [(site id, km, bearing)]: `before` (the last build's, of the same key,
    so of the same distances) when each of its sites is this build's very record."""
    if before is not None and all(hit.site is sites[i] for hit, (i, _, _) in zip(before, found)):
        return before
    return Hits([Hit(sites[i], km, bearing) for i, km, bearing in found])


_LAST = digest("the key of the last nearest sites worked out")
# Beyond this share of the sites changed, working every point out again is as quick.
UPDATE_AT_MOST = 0.05


def _updated(store, inputs, located, points, k, index):
    """The last build's nearest sites, with only the points whose nearest sites may have changed
    worked out again: those that listed a site that moved or closed, and those that a site that
    moved or opened is now about as close to as their k-th (local_km errs by well under 1 %).
    None when there is no last build of the same points, or too much changed."""
    last = store.get(_LAST, ".txt")
    kept = store.get(last.decode(), ".pickle") if last else None
    previous = pickle.loads(kept) if kept else None
    if not isinstance(previous, dict) or previous.get("inputs") != inputs:
        return None
    before = previous["located"]
    gone = {i for i, point in before.items() if located.get(i) != point}       # moved or closed
    arrived = [point for i, point in located.items() if before.get(i) != point]  # moved or opened
    if len(gone) + len(arrived) > UPDATE_AT_MOST * max(len(located), 1):
        return None
    found = {}
    for name, rows in previous["found"].items():
        found[name] = []
        for (lat, lon), hits in zip(points[name], rows):
            reach = hits[-1][1] * 1.01 + 0.01 if len(hits) == k else math.inf
            if any(i in gone for i, _, _ in hits) or any(local_km(lat, lon, *point) <= reach for point in arrived):
                hits = [(h.site.id, h.km, h.bearing) for h in index.nearest(lat, lon, k)]
            found[name].append(hits)
    return found


def nearest_everywhere(index, points, k):
    """{group: [[(site id, km, bearing)] for each point]} for {group: [(lat, lon)]}."""
    names = list(points)
    many = sum(len(rows) for rows in points.values()) >= FEW_POINTS
    found = forked_map(lambda rows: [[(h.site.id, h.km, h.bearing) for h in index.nearest(lat, lon, k)]
                                     for lat, lon in rows],
                       [points[name] for name in names], parallel=many)
    return dict(zip(names, found))
