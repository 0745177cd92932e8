"""What spans a region's counties, made from the files each shard published (no county's model
is loaded again):

- the finder's files (plugins/nearest/finder_data.py describes them): every shard's cells, put
  into the region's grid, so that a resident near a county border finds the nearest sites on
  both sides; its places, each with its county;
- the open data (data/sites.json, .csv, .geojson), concatenated with each record's county;
- the sitemap index, pointing at each shard's sitemap.xml.

Each function takes `shards`: [(County, the folder of its last good build)], in region.yaml's order.
A site's address in the region is `<county id>/<its address in the shard>`.
"""

import csv
import io
import json
from collections import defaultdict
from xml.sax.saxutils import escape

from nearest.finder_data import cell_key

SITE_ID, SITE_LAT, SITE_LON, SITE_TOWNSHIP, SITE_VACCINES, SITE_HOURS = 0, 1, 2, 4, 8, 9
VISIT_TOWNSHIP, VISIT_SITE, VISIT_LAT, VISIT_LON, VISIT_URL = 3, 4, 6, 7, 9
PLACE_NAME, PLACE_TOWNSHIP, PLACE_KIND, PLACE_URL = 0, 2, 5, 6
TOWNSHIP_PLACE = 1  # a place row's kind: a township (finder_data.py)


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def finder(region_name, shards, cell):
    """{relative path: text} of the region's finder files, on a grid of `cell` degrees."""
    vaccines, indexes = [], []
    cells = defaultdict(lambda: {"hours": [], "sites": [], "visits": []})
    hours_at = defaultdict(dict)   # {cell: {hours as JSON: its index in the cell's list}}
    places = defaultdict(list)
    first_chars = {}
    bounds = None
    for county, folder in shards:
        index = _read_json(folder / "finder" / "index.json")
        indexes.append(index)
        vaccine_at = []
        for name in index["vaccines"]:
            if name not in vaccines:
                vaccines.append(name)
            vaccine_at.append(vaccines.index(name))
        box = index["bounds"]
        bounds = dict(box) if bounds is None else {
            "south": min(bounds["south"], box["south"]), "west": min(bounds["west"], box["west"]),
            "north": max(bounds["north"], box["north"]), "east": max(bounds["east"], box["east"])}
        site_page = index["site_url"]
        for key in index["cells"]:
            shard_cell = _read_json(folder / "finder" / "cells" / f"{key}.json")
            for row in shard_cell["sites"]:
                row = list(row)
                target = cell_key(row[SITE_LAT], row[SITE_LON], cell)
                hours = _dumps(shard_cell["hours"][row[SITE_HOURS]])
                known = hours_at[target]
                if hours not in known:
                    known[hours] = len(cells[target]["hours"])
                    cells[target]["hours"].append(shard_cell["hours"][row[SITE_HOURS]])
                row[SITE_HOURS] = known[hours]
                row[SITE_ID] = f"{county.id}/{site_page.replace('{id}', row[SITE_ID])}"
                row[SITE_TOWNSHIP] = county.name + row[SITE_TOWNSHIP]
                row[SITE_VACCINES] = [[vaccine_at[v[0]], *v[1:]] for v in row[SITE_VACCINES]]
                cells[target]["sites"].append(row)
            for row in shard_cell["visits"]:
                row = list(row)
                row[VISIT_SITE] = f"{county.id}/{site_page.replace('{id}', row[VISIT_SITE])}"
                row[VISIT_TOWNSHIP] = county.name + row[VISIT_TOWNSHIP]
                row[VISIT_URL] = f"{county.id}/{row[VISIT_URL]}" if row[VISIT_URL] else ""
                cells[cell_key(row[VISIT_LAT], row[VISIT_LON], cell)]["visits"].append(row)
        for letter in index["place_files"]:
            for row in _read_json(folder / "finder" / "places" / f"{letter}.json"):
                row = list(row)
                row[PLACE_TOWNSHIP] = county.name + row[PLACE_TOWNSHIP]
                if row[PLACE_KIND] == TOWNSHIP_PLACE:  # shown alone: two counties may each have a 城关镇
                    row[PLACE_NAME] = county.name + row[PLACE_NAME]
                row[PLACE_URL] = f"{county.id}/{row[PLACE_URL]}"
                places[letter].append(row)
        first_chars.update(index["first_chars"])
    first = indexes[0]
    files = {"finder/index.json": _dumps({
        **{key: first[key] for key in ("kinds", "states", "site_fields", "navigation", "place_fields",
                                       "visit_fields", "visit_km", "visit_days") if key in first},
        "county": region_name,
        "bounds": bounds,
        "cell": cell,
        "cells": sorted(cells),
        "vaccines": vaccines,
        "site_url": "{id}",  # a site's id in the region's finder is its page's address
        "place_files": sorted(places),
        "first_chars": first_chars,
    })}
    for key, content in cells.items():
        files[f"finder/cells/{key}.json"] = _dumps(content)
    for letter, rows in places.items():
        files[f"finder/places/{letter}.json"] = _dumps(sorted(rows, key=lambda row: row[1]))
    return files, vaccines


def open_data(region_name, generated, shards):
    """({relative path: text} of data/sites.json, .csv and .geojson for the region, and its
    counties as that sites.json lists them: [{id, name, url, sites (how many), sample, ...}])."""
    counties, sites, features = [], [], []
    rows, header = [], None
    for county, folder in shards:
        data = _read_json(folder / "data" / "sites.json")
        counties.append({"id": county.id, "name": county.name, "url": f"{county.id}/", "sites": len(data["sites"]),
                         "sample": bool(data.get("sample")),
                         **{key: data.get(key) for key in ("licence", "source", "generated")}})
        for site in data["sites"]:
            sites.append({"county_id": county.id, "county": county.name, **site,
                          **({"url": f"{county.id}/{site['url']}"} if site.get("url") else {})})
        geo = _read_json(folder / "data" / "sites.geojson")
        for feature in geo["features"]:
            properties = dict(feature.get("properties") or {})
            if properties.get("url"):
                properties["url"] = f"{county.id}/{properties['url']}"
            features.append({**feature, "id": f"{county.id}/{feature.get('id')}",
                             "properties": {"county_id": county.id, "county": county.name, **properties}})
        with open(folder / "data" / "sites.csv", encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            shard_header = next(reader)
            header = header or shard_header
            at = {name: position for position, name in enumerate(shard_header)}
            for row in reader:
                record = {name: row[at[name]] if name in at else "" for name in header}
                if record.get("url"):
                    record["url"] = f"{county.id}/{record['url']}"
                rows.append([county.id, county.name, *(record[name] for name in header)])
    datum = "WGS-84 (EPSG:4326)"
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\r\n")
    writer.writerow(["county_id", "county", *(header or [])])
    writer.writerows(rows)
    files = {
        "data/sites.json": _dumps({"region": region_name, "generated": generated, "datum": datum,
                                   "counties": counties, "sites": sites}),
        "data/sites.csv": "\ufeff" + table.getvalue(),  # WPS and Excel read UTF-8 with its mark
        "data/sites.geojson": json.dumps({"type": "FeatureCollection", "metadata": {
            "region": region_name, "generated": generated, "datum": datum}, "features": features},
            ensure_ascii=False),
    }
    return files, counties


def sitemap_index(siteurl, shards):
    """sitemap.xml as an index of the shards' sitemaps (a sitemap needs absolute addresses), and
    robots.txt, which crawlers read at the host's root only, pointing at it."""
    if not siteurl:
        return {"robots.txt": "User-agent: *\nAllow: /\n"}
    entries = "".join(f"<sitemap><loc>{escape(f'{siteurl}/{county.id}/sitemap.xml')}</loc></sitemap>\n"
                      for county, folder in shards if (folder / "sitemap.xml").is_file())
    return {"sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?>\n'
                           f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n',
            "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {siteurl}/sitemap.xml\n"}


def search_bundles(shards, limit):
    """"path:weight" of every shard's Pagefind bundles (each shard's pagefind/bundles.json), or []
    when the region has more than `limit` counties: then each county is searched on its own site."""
    if len(shards) > limit:
        return []
    bundles = []
    for county, folder in shards:
        listed = folder / "pagefind" / "bundles.json"
        if listed.is_file():
            bundles += [f"{county.id}/pagefind/{named}" for named in _read_json(listed)]
    return bundles
