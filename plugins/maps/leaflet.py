"""Each map's setup script (folium_map.py draws it), split into what the page needs: an element id
and a script.

The script goes into a .js file of its own: pages carry no inline script. The markers a map
shows come from its element's data attributes, so one script serves every map of its kind.
Scripts are kept between builds: folium takes a second to import and draw them, which a rebuild
after one site change would otherwise spend again.
"""

import json
from importlib.metadata import version
from pathlib import Path

from datafile.assets import asset_name
from datafile.cache import Store, digest

VENDOR = "theme/vendor"
# The vendored files map pages load (theme/static/vendor); their licences sit beside them.
VENDOR_FILES = ("leaflet/leaflet.css", "leaflet/leaflet.js", "leaflet.markercluster/MarkerCluster.css",
                "leaflet.markercluster/MarkerCluster.Default.css", "leaflet.markercluster/leaflet.markercluster.js")


def build(settings, name, centre, zoom, provider, threshold, approval=""):
    """(element id, script text) for one kind of map. Ids are fixed, so rebuilds give identical files."""
    store = Store(settings, "map-scripts")
    key = digest(version("folium"), (Path(__file__).parent / "folium_map.py").read_bytes(), VENDOR, name,
                 json.dumps(list(centre)), zoom, repr(provider), threshold, approval)
    kept = store.get(key, ".json")
    if kept is not None:
        return tuple(json.loads(kept))
    from .folium_map import draw
    made = draw(name, centre, zoom, provider, threshold, approval, vendor=VENDOR)
    store.put(key, ".json", json.dumps(made).encode("utf-8"))
    return made


def vendor_files(settings, add_file):
    """{file under theme/vendor: the address pages load it from}.

    Pelican copies theme/static as it is; in publish builds the copies pages load are named by
    content, beside the originals (which stay for their licence files' sake): `add_file(path,
    text)` plans those copies."""
    static = Path(settings["THEME"]) / "static" / "vendor"
    names = {}
    for file in VENDOR_FILES:
        path, text = f"{VENDOR}/{file}", (static / file).read_text(encoding="utf-8")
        names[file] = asset_name(settings, path, text)
        if names[file] != path:  # otherwise Pelican's copy is the one pages load
            add_file(names[file], text)
    return names
