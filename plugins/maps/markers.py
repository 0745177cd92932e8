"""Compact marker data: one small JSON file per map, drawn by theme/components/map/map.js."""

import json

from county import navigation
from county.kinds import KIND_KEYS, STATE_KEYS, browser_lists


def marker(site, datum, hours_index):
    """One site as a short list. Coordinates are in the tile provider's datum."""
    lat, lon = site.location.in_datum(datum)
    return [
        site.id, round(lat, 6), round(lon, 6),
        KIND_KEYS.index(site.kind), STATE_KEYS.index(site.status.state),
        site.name, site.address, site.phone[0] if site.phone else "", hours_index,
        navigation.browser_points(site),
    ]


def marker_file(sites, datum, site_url, navigation_source):
    """The JSON text of a marker file. Sites that share opening hours share one entry in `hours`;
    each popup's "导航去这里" links are made from `navigation` and the site's `nav` points."""
    hours, index = [], {}
    rows = []
    for site in sites:
        key = json.dumps(site.hours.compact(), ensure_ascii=False, sort_keys=True)
        if key not in index:
            index[key] = len(hours)
            hours.append(json.loads(key))
        rows.append(marker(site, datum, index[key]))
    data = {
        "fields": ["id", "lat", "lon", "kind", "state", "name", "address", "phone", "hours", "nav"],
        "datum": datum,
        "site_url": site_url,  # the page of a site, with {id} to fill in
        **browser_lists(),     # "kinds" and "states": a row's kind and state index these
        "navigation": navigation.browser_spec(navigation_source),
        "hours": hours,
        "sites": rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
