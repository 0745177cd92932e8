"""The files the in-browser finder reads: sites split by grid cell, places split by initial.

One lookup fetches index.json, the cells around the resident, and (for a typed name) one
places file, so it stays small at province scale. Field orders are documented here and in
theme/components/finder/finder.js.
"""

import json
import math
from collections import defaultdict
from importlib.metadata import version

from county import navigation
from county.kinds import KIND_KEYS, STATE_KEYS, browser_lists
from datafile.cache import digest


def initials(name):
    """平襄镇 -> 'pxz'."""
    # Imported here: loading pypinyin's dictionaries takes 0.35 s, which a rebuild that knows
    # every name already (KnownInitials) need not spend.
    from pypinyin import Style, lazy_pinyin
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p and p[0].isalpha()).lower()


class KnownInitials:
    """initials(), remembered between builds in a store (datafile.cache.Store): pypinyin takes
    1.7 s for a province's 12,700 village names, which a rebuild after one site change would
    otherwise spend again. Call save() once the names are looked up."""

    def __init__(self, store):
        self.store, self.key = store, digest("initials", version("pypinyin"))
        self.known = json.loads(store.get(self.key, ".json") or b"{}")
        self.added = False

    def __call__(self, name):
        found = self.known.get(name)
        if found is None:
            found = self.known[name] = initials(name)
            self.added = True
        return found

    def save(self):
        if self.added:
            self.store.put(self.key, ".json", json.dumps(self.known, ensure_ascii=False).encode("utf-8"))


def cell_key(lat, lon, cell):
    return f"{math.floor(lat / cell)}_{math.floor(lon / cell)}"


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build(data, cell, site_url, township_url, village_anchor, visit_km=5, visit_days=7, initials=initials,
          navigation_source=""):
    """{relative path: text} for every finder file. Each cell also holds the 流动接种 visits at its
    places from the build date on; the finder shows those within visit_km of the resident and
    visit_days of the phone's date before the fixed sites. initials: a place name's pinyin
    initials (KnownInitials remembers them between builds)."""
    vaccines = data.vaccine_names
    cells = defaultdict(list)
    hours_of = defaultdict(list)
    hours_index = defaultdict(dict)
    for site in data.sites:
        if site.is_mobile_team:
            continue  # met at its visits (below), not at its base
        lat, lon = (round(value, 6) for value in site.location.wgs84)
        key = cell_key(lat, lon, cell)
        compact = _dumps(site.hours.compact())
        table = hours_index[key]
        if compact not in table:
            table[compact] = len(hours_of[key])
            hours_of[key].append(site.hours.compact())
        cells[key].append([
            site.id, lat, lon, site.name, site.township,
            KIND_KEYS.index(site.kind), STATE_KEYS.index(site.status.state), int(site.walk_in),
            [[vaccines.index(v.name), v.ages[0], v.ages[1]] for v in site.vaccines],
            table[compact], site.phone[0] if site.phone else "", site.address, navigation.browser_offsets(site, lat, lon),
        ])

    visits = defaultdict(list)
    townships = {t.name: t for t in data.county.townships}
    for stop in data.visit_stops:
        if stop.date < data.today:
            continue
        lat, lon = stop.point
        visits[cell_key(lat, lon, cell)].append([
            stop.date.isoformat(), stop.spans_text, stop.place_name, stop.township, stop.site.id, stop.site.name,
            round(lat, 5), round(lon, 5), stop.visit.where or "",
            township_url(townships[stop.township]) + "#" + village_anchor(stop.village) if stop.village else "",
        ])

    places = defaultdict(list)
    first_chars = {}
    for name, centre in data.centres.items():
        places[initials(name)[:1] or "_"].append(
            [name, initials(name), name, round(centre[0], 5), round(centre[1], 5), 1,
             township_url(townships[name])])
    for township_name, villages in data.villages.items():
        township = townships[township_name]
        for village in villages:
            lat, lon = data.village_location(township_name, village)
            places[initials(village.name)[:1] or "_"].append(
                [village.name, initials(village.name), township_name, round(lat, 5), round(lon, 5),
                 0 if village.location else 2, township_url(township) + "#" + village_anchor(village)])
    for letter, rows in places.items():
        for row in rows:
            first_chars[row[0][0]] = letter

    files = {
        "finder/index.json": _dumps({
            "county": data.county.name,
            "bounds": data.county.bounds.model_dump(),
            "cell": cell,
            "cells": sorted(set(cells) | set(visits)),
            "vaccines": vaccines,
            **browser_lists(),  # "kinds" and "states": a site row's kind and state index these
            "site_url": site_url,
            "site_fields": ["id", "lat", "lon", "name", "township", "kind", "state", "walk_in",
                            "vaccines", "hours", "phone", "address", "nav"],
            "navigation": navigation.browser_spec(navigation_source),  # a result's "导航去这里"
            "place_fields": ["name", "initials", "township", "lat", "lon", "kind", "url"],
            "visit_fields": ["date", "hours", "place", "township", "site", "team", "lat", "lon", "where", "url"],
            "visit_km": visit_km,
            "visit_days": visit_days,
            "place_files": sorted(places),
            "first_chars": first_chars,
        }),
    }
    for key in set(cells) | set(visits):
        files[f"finder/cells/{key}.json"] = _dumps({"hours": hours_of[key], "sites": cells[key], "visits": visits[key]})
    for letter, rows in places.items():
        files[f"finder/places/{letter}.json"] = _dumps(sorted(rows, key=lambda r: r[1]))
    return files


def lookup_cells(index, read_sites, lat, lon, k=5):
    """The cells finder.js fetches for one lookup at (lat, lon), in order (its cellOrder and more()).

    `read_sites(key)` returns a cell's site rows. Used to measure what one lookup costs.
    """
    cell = index["cell"]

    def flat_km(lat2, lon2):
        return math.hypot(lat2 - lat, (lon2 - lon) * math.cos(math.radians((lat + lat2) / 2))) * 111.32

    def cell_km(key):
        i, j = (int(x) for x in key.split("_"))
        return flat_km(min(max(lat, i * cell), i * cell + cell), min(max(lon, j * cell), j * cell + cell)) / 1.02

    fetched, hits = [], []
    for key in sorted(index["cells"], key=cell_km):
        if len(hits) >= k and cell_km(key) > hits[k - 1]:
            break
        fetched.append(key)
        hits = sorted(hits + [flat_km(row[1], row[2]) for row in read_sites(key)])
    return fetched
