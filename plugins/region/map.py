"""The region's map page: every county's sites, loaded by area, as the finder's data is.

No file of a region's map holds every site. The merged finder's cells (region/merge.py) become
marker cells (`map/cells/<key>.json`: the sites of one cell of the grid, as marker rows in the
tiles' datum, the form of a county map's marker file, maps/markers.py), and `map/index.json`
names them with what they share (fields, kinds, states) and every county's marker: its name, its
sites' count and its area. theme/components/map/map.js (drawByArea) fetches a cell the first time
the view reaches it; zoomed out beyond REGION_MAP_CELLS cells, it shows one marker per county. A
popup's "导航去这里" takes the site's point in each map app's datum from its cell's offsets
(`map/cells/<key>.nav.json`, fetched when a resident first opens the menu), as a county map's does.

The map's setup script and Leaflet's files are the maps plugin's (maps/__init__.py lists the
functions it offers).
"""

import json

from county import navigation
from county.datum import from_wgs84
from datafile.assets import asset_name
from maps import leaflet
from maps.markers import FIELDS
from maps.providers import caption, provider as tile_provider

INDEX = "map/index.json"
CELL_FILE = "map/cells/{key}.json"
OFFSETS_FILE = "map/cells/{key}.nav.json"


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def marker_files(finder_files, shards, counties, datum, most_cells, navigation_source):
    """{relative path: text} of the map's index and cells, from the region's finder files
    (merge.finder) and the counties (merge.open_data's, with each shard's finder bounds)."""
    index = json.loads(finder_files["finder/index.json"])
    at = {name: position for position, name in enumerate(index["site_fields"])}
    files, keys = {}, []
    for key in index["cells"]:
        cell = json.loads(finder_files[f"finder/cells/{key}.json"])
        if not cell["sites"]:
            continue  # a cell of visits only
        rows, offsets = [], []
        for row in cell["sites"]:
            lat, lon = (round(value, 6) for value in from_wgs84(row[at["lat"]], row[at["lon"]], datum))
            rows.append([row[at["id"]], lat, lon, *(row[at[name]] for name in FIELDS[3:])])
            offsets.append(navigation.browser_offsets_of_point(row[at["lat"]], row[at["lon"]], lat, lon))
        files[CELL_FILE.format(key=key)] = _dumps({"hours": cell["hours"], "sites": rows})
        files[OFFSETS_FILE.format(key=key)] = _dumps(offsets)
        keys.append(key)
    markers = []
    for (county, folder), listed in zip(shards, counties):
        box = json.loads((folder / "finder" / "index.json").read_text(encoding="utf-8"))["bounds"]
        south, west = from_wgs84(box["south"], box["west"], datum)
        north, east = from_wgs84(box["north"], box["east"], datum)
        markers.append({"name": county.name, "sites": listed["sites"], "lat": round((south + north) / 2, 5),
                        "lon": round((west + east) / 2, 5),
                        "bounds": {"south": south, "west": west, "north": north, "east": east}})
    region_box = {"south": min(m["bounds"]["south"] for m in markers), "west": min(m["bounds"]["west"] for m in markers),
                  "north": max(m["bounds"]["north"] for m in markers), "east": max(m["bounds"]["east"] for m in markers)}
    files[INDEX] = _dumps({
        "fields": FIELDS, "datum": datum, "kinds": index["kinds"], "states": index["states"],
        "site_url": index["site_url"],  # "{id}": a site's id is its page's address
        "cell": index["cell"], "cells": keys, "cell_file": CELL_FILE, "most_cells": most_cells,
        "navigation": {**navigation.browser_spec(navigation_source), "offsets": OFFSETS_FILE},
        "bounds": region_box, "counties": markers,
    })
    return files


def page_map(settings, add_file, centre):
    """What the region's map page needs: {"spec", "vendor", "caption"} for the map component
    (theme/components/map), its setup script planned with add_file."""
    tiles = tile_provider(settings["MAP_TILES"], settings["TIANDITU_KEY"])
    element_id, script = leaflet.build(settings, "region", centre, 7, tiles, threshold=0,
                                       approval=settings["MAP_APPROVAL_NUMBER"])
    script_path = asset_name(settings, "maps/region.js", script)
    add_file(script_path, script)
    return {
        "spec": {"element_id": element_id, "script": script_path, "data": INDEX, "by_area": True, "cluster": True,
                 "size": "large", "label": "全市接种点地图", "focus": ""},
        "vendor": leaflet.vendor_files(settings, add_file),
        "caption": caption(tiles, settings["MAP_APPROVAL_NUMBER"]),
        "datum": tiles.datum,
    }
