"""Datum conversion between WGS-84, GCJ-02 (Gaode, Tencent) and BD-09 (Baidu).

GCJ-02 is WGS-84 plus a deliberate, non-linear offset of a few hundred metres
inside mainland China; BD-09 is a further shift of GCJ-02. There is no closed
form for GCJ-02 -> WGS-84, so we invert the forward transform by iteration.
"""

import math

# Krasovsky 1940 ellipsoid, as used by the GCJ-02 algorithm.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0


def _in_china(lat, lon):
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lon <= 137.8347


def _delta(lat, lon):
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
            + 0.2 * math.sqrt(abs(x)))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0

    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlon


def wgs84_to_gcj02(lat, lon):
    if not _in_china(lat, lon):
        return lat, lon
    dlat, dlon = _delta(lat, lon)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat, lon, tolerance=1e-9):
    if not _in_china(lat, lon):
        return lat, lon
    wlat, wlon = lat, lon
    for _ in range(30):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        elat, elon = glat - lat, glon - lon
        if abs(elat) < tolerance and abs(elon) < tolerance:
            break
        wlat, wlon = wlat - elat, wlon - elon
    return wlat, wlon


def gcj02_to_bd09(lat, lon):
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat, lon):
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def _same(lat, lon):
    return lat, lon


# datum -> (to WGS-84, from WGS-84); the datums are those of county.kinds.DATUMS.
_CONVERSIONS = {
    "wgs84": (_same, _same),
    "gcj02": (gcj02_to_wgs84, wgs84_to_gcj02),
    "bd09": (lambda lat, lon: gcj02_to_wgs84(*bd09_to_gcj02(lat, lon)),
             lambda lat, lon: gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))),
}


def _conversion(datum, direction):
    try:
        return _CONVERSIONS[datum][direction]
    except KeyError:
        raise ValueError(f"unknown datum {datum!r}") from None


def to_wgs84(lat, lon, datum):
    """Return (lat, lon) in WGS-84 for a point given in `datum`."""
    return _conversion(datum, 0)(lat, lon)


def from_wgs84(lat, lon, datum):
    """Return (lat, lon) of a WGS-84 point expressed in `datum`."""
    return _conversion(datum, 1)(lat, lon)
