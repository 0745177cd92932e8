"""Compact marker data: one small JSON file per map, drawn by theme/components/map/map.js."""

import json

from county import navigation
from county.kinds import KIND_KEYS, STATE_KEYS, browser_lists


# A marker row's fields, in order (theme/components/map/map.js reads them by these names).
FIELDS = ["id", "lat", "lon", "kind", "state", "name", "address", "phone", "hours"]


def site_parts(site, datum):
    """What any marker file holds of one site: (the JSON of its compact hours, which sites that
    share hours share one entry by; its row before the hours' index; its navigation offsets).
    Coordinates are in the tile provider's datum."""
    lat, lon = _point(site, datum)
    row = [
        site.id, lat, lon,
        KIND_KEYS.index(site.kind), STATE_KEYS.index(site.status.state),
        site.name, site.address, site.phone[0] if site.phone else "",
    ]
    return (json.dumps(site.hours.compact(), ensure_ascii=False, sort_keys=True), row,
            navigation.browser_offsets(site, lat, lon))


def _point(site, datum):
    return tuple(round(value, 6) for value in site.location.in_datum(datum))


def marker_file(parts, datum, site_url, navigation_source, navigation_path):
    """The JSON text of a marker file of sites given by their site_parts(). Sites that share
    opening hours share one entry in `hours`. A popup's "导航去这里" links are made from
    `navigation` here and the sites' offsets in the file at `navigation_path` (navigation_file),
    which map.js fetches when one is first opened."""
    hours, index = [], {}
    rows = []
    for hours_key, row, _ in parts:
        if hours_key not in index:
            index[hours_key] = len(hours)
            hours.append(json.loads(hours_key))
        rows.append([*row, index[hours_key]])
    data = {
        "fields": FIELDS,
        "datum": datum,
        "site_url": site_url,  # the page of a site, with {id} to fill in
        **browser_lists(),     # "kinds" and "states": a row's kind and state index these
        "navigation": {**navigation.browser_spec(navigation_source), "offsets": navigation_path},
        "hours": hours,
        "sites": rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def navigation_file(parts):
    """The JSON text of a marker file's navigation offsets: a list, a site's
    county.navigation.browser_offsets() from its marker, in the marker file's order. Apart from
    the markers because few residents open a popup's "导航去这里", and on a province's map these
    are 40 KB."""
    return json.dumps([offsets for _, _, offsets in parts], separators=(",", ":"))
