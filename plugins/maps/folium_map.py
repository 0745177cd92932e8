"""A map's setup script as folium writes it for Leaflet (leaflet.py keeps the result between builds).

folium writes Leaflet's setup (the map, its tile layers and controls). Our SitesLayer adds one
call to VaxMap.addSites (theme/components/map/map.js), which draws the markers from the map's
JSON file.
"""

import re

import folium
from branca.element import MacroElement
from jinja2 import Template

# The highest zoom of a map drawn without tiles (MAP_TILES = "none"): streets apart.
NO_TILES_MAX_ZOOM = 18


class SitesLayer(MacroElement):
    _name = "SitesLayer"
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "VaxMap.addSites({{ this._parent.get_name() }}, {{ this.options|tojson }});\n"
        "{% endmacro %}"
    )

    def __init__(self, **options):
        super().__init__()
        self.options = options


def draw(name, centre, zoom, provider, threshold, approval, vendor):
    """(element id, script text) for one kind of map. Ids are fixed, so rebuilds give identical files."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", name)  # a JavaScript identifier
    fmap = folium.Map(location=list(centre), zoom_start=zoom, tiles=None, control_scale=True)
    # folium would otherwise load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs.
    fmap.default_js = [("leaflet", f"/{vendor}/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"/{vendor}/leaflet/leaflet.css")]
    fmap._id = name
    for index, layer in enumerate(provider.layers):
        tiles = folium.TileLayer(
            tiles=layer.url, attr=provider.attribution or " ", name=provider.label,
            subdomains=layer.subdomains or "abc", max_zoom=layer.max_zoom, max_native_zoom=layer.max_zoom,
        )
        tiles._id = f"{name}_{index}"
        tiles.add_to(fmap)
    # Clusters need the map's highest zoom, which Leaflet takes from the tiles: give it without them too.
    max_zoom = max((layer.max_zoom for layer in provider.layers), default=NO_TILES_MAX_ZOOM)
    sites = SitesLayer(clusterAbove=threshold, approval=approval, maxZoom=max_zoom)
    sites._id = f"{name}_sites"
    sites.add_to(fmap)
    root = fmap.get_root()
    root.render()
    return fmap.get_name(), _tidy(root.script.render())


# folium writes the map's options into L.map's with object spread (`{center: …, ...{"zoom": 10}}`),
# which is ES2018: a WebView older than Chromium 60 cannot parse the script, and the map stays empty.
_SPREAD = re.compile(r"^\.\.\.\{\n(.*?\n)\}\n(\}\n\);)$", re.S | re.M)


def _tidy(script):
    """folium's script, one statement part a line, with the options spread into L.map's written
    out in place (ES5); a newer folium that spreads anywhere else stops the build here."""
    lines = [line.strip() for line in script.splitlines()]
    script = "\n".join(line for line in lines if line) + "\n"
    script = _SPREAD.sub(r"\1\2", script, count=1)
    if re.search(r"\.\.\.[\[{A-Za-z_$]", script):
        raise RuntimeError("folium 写出的地图脚本用了旧手机读不懂的写法（...），请修改 plugins/maps/folium_map.py")
    return script
