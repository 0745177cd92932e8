"""导航去这里: links that open a resident's own map app at a site, each in the datum that app reads.

The apps' public web addresses open the app where it is installed and its mobile web map where it
is not (WeChat's browser blocks apps' own schemes, so we never use them). Pages get the links
whole (links()); scripts get the same templates once (browser_spec()) and each site's point in the
apps' datums as offsets from the point its row carries (browser_offsets()), and fill them in as fill() does.

Sources for the parameters: lbs.amap.com/api/uri-api (navigation: `to=lon,lat,name`, no `from`
means "from where I am", GCJ-02), lbsyun.baidu.com/index.php?title=uri/api/web (marker: `location=
lat,lng`, `coord_type=bd09ll`; direction needs an origin on the web, so the marker page, which
offers the route), lbs.qq.com/webApi/uriV1/uriGuide/uriWebRoute (`tocoord=lat,lng`, GCJ-02;
no `from` means the current position), RFC 5870 (`geo:` is WGS-84).
"""

import functools
from dataclasses import dataclass

from .datum import from_wgs84, to_wgs84


@dataclass(frozen=True)
class MapApp:
    key: str
    label: str
    datum: str   # a key of county.kinds.DATUMS
    href: str    # {lat}, {lon} in `datum`; {name}, {address}, {source} percent-encoded


# In the order the links are shown: the apps most phones in the county have first.
MAP_APPS = (
    MapApp("amap", "高德地图", "gcj02",
           "https://uri.amap.com/navigation?to={lon},{lat},{name}&src={source}&callnative=1"),
    MapApp("baidu", "百度地图", "bd09",
           "https://api.map.baidu.com/marker?location={lat},{lon}&title={name}&content={address}"
           "&output=html&coord_type=bd09ll&src={source}"),
    MapApp("tencent", "腾讯地图", "gcj02",
           "https://apis.map.qq.com/uri/v1/routeplan?type=drive&to={name}&tocoord={lat},{lon}&referer={source}"),
    MapApp("geo", "手机自带地图", "wgs84", "geo:{lat},{lon}?q={lat},{lon}({name})"),
)
# The datums the apps read, each once: the order of a site's offsets for scripts.
APP_DATUMS = tuple(dict.fromkeys(app.datum for app in MAP_APPS))
HEADING = "导航去这里"
NOTE = "点下面的地图名，会离开本站，在您手机上的地图软件（或它的网页）里规划路线。"


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def encode(text):
    """Percent-encode every ASCII character but letters, digits and -_.~ (so that no & ends a
    parameter and no bracket ends the geo: label). Chinese is left as it is: the browser encodes
    it as UTF-8 when the link is followed, and a village table lists a dozen such links per
    village, at a third of the bytes."""
    return "".join(c if c in _UNRESERVED or ord(c) > 127 else f"%{ord(c):02X}" for c in text)


def fill(href, lat, lon, name, address, source):
    return (href.replace("{lat}", f"{lat:.6f}").replace("{lon}", f"{lon:.6f}")
            .replace("{name}", encode(name)).replace("{address}", encode(address or name))
            .replace("{source}", encode(source)))


def links(site, source):
    """(NavLink, …) for a site: every app, with the site's point in that app's datum."""
    location = site.location
    return _links(site.name, site.address, location.lat, location.lon, location.datum, source)


# A site is listed under a dozen villages' rows: its links are worked out once. The key is what
# they are made of, so a site edited between two builds of one process gets new ones.
@functools.lru_cache(maxsize=1 << 16)
def _links(name, address, lat, lon, datum, source):
    wgs84 = to_wgs84(lat, lon, datum)
    return tuple(NavLink(app.label, fill(app.href, *from_wgs84(*wgs84, app.datum), name, address, source))
                 for app in MAP_APPS)


def for_page(site, source):
    """What theme/components/navigate's macros take: {"links", "note", "heading"}."""
    return {"links": links(site, source), "note": NOTE, "heading": HEADING}


def browser_spec(source):
    """What a script needs to make the same links: the apps (their datum as an index into
    `datums`, their address with {source} filled in), the heading and the note. Each site row
    carries browser_offsets()."""
    return {
        "heading": HEADING, "note": NOTE, "datums": list(APP_DATUMS),
        "apps": [{"label": app.label, "datum": APP_DATUMS.index(app.datum),
                  "href": app.href.replace("{source}", encode(source))} for app in MAP_APPS],
    }


def browser_offsets(site, lat, lon):
    """The site's point in each of APP_DATUMS as [dlat, dlon, …] in millionths of a degree (0.1 m) from
    (lat, lon), the point its row already carries: a few digits each, where whole coordinates
    would add a third to a province map's marker file."""
    return _offsets([site.location.in_datum(datum) for datum in APP_DATUMS], lat, lon)


def browser_offsets_of_point(wgs84_lat, wgs84_lon, lat, lon):
    """browser_offsets() for a point known in WGS-84 only (a region's map, made from its counties'
    finder data): within a few centimetres of the site's own."""
    return _offsets([from_wgs84(wgs84_lat, wgs84_lon, datum) for datum in APP_DATUMS], lat, lon)


def _offsets(points, lat, lon):
    return [round((value - base) * 1e6) for point in points for value, base in zip(point, (lat, lon))]
