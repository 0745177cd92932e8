"""Tile providers that work in mainland China, and the datum each one draws in."""

from dataclasses import dataclass

from county.kinds import legend
from framework.defaults import TILE_PROVIDERS


@dataclass(frozen=True)
class TileLayer:
    url: str
    subdomains: str = ""
    max_zoom: int = 18


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    datum: str                      # the datum markers must be converted to before drawing
    attribution: str
    layers: tuple = ()
    hosts: tuple = ()               # the only other hosts a map page may contact (deploy/nginx.conf's CSP)


_TIANDITU = ("https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
             "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
             "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}")


def provider(name, key=""):
    """The provider called `name` (a MAP_TILES value; the settings check that Tianditu has its key)."""
    if name == "osm":
        return Provider(
            name, "OpenStreetMap", "wgs84",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> 贡献者',
            (TileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", max_zoom=19),),
            hosts=("tile.openstreetmap.org",),  # often slow in mainland China: for development
        )
    if name == "tianditu":
        return Provider(
            name, "天地图", "wgs84",  # CGCS2000, which agrees with WGS-84 to well under a metre
            '&copy; <a href="https://www.tianditu.gov.cn/">天地图</a>',
            (TileLayer(_TIANDITU.format(layer="vec", key=key), "01234567"),
             TileLayer(_TIANDITU.format(layer="cva", key=key), "01234567")),
            hosts=tuple(f"t{i}.tianditu.gov.cn" for i in range(8)),
        )
    if name == "gaode":
        return Provider(
            name, "高德地图", "gcj02",
            '&copy; <a href="https://www.amap.com/">高德地图</a>',
            (TileLayer("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
                       "&x={x}&y={y}&z={z}", "1234"),),
            hosts=tuple(f"webrd0{i}.is.autonavi.com" for i in range(1, 5)),
        )
    if name == "none":
        return Provider(name, "无底图", "wgs84", "", ())  # only the markers, for offline use
    raise KeyError(name)


NAMES = tuple(TILE_PROVIDERS)


def caption(provider, approval):
    """What a map's caption says (theme/components/map/map.html): the legend, the tiles, the 审图号."""
    return {"legend": legend(), "tiles": provider.label if provider.layers else "", "approval": approval}
