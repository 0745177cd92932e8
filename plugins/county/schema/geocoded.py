"""geocoded.yaml: points found by `make geocode`, and how a record without a location uses them."""

import datetime as dt

from datafile.fields import Strict, Text

from .common import Datum


class GeocodedEntry(Strict):
    key: Text
    query: Text
    lat: float
    lon: float
    datum: Datum
    provider: Text
    date: dt.date


class GeocodedFile(Strict):
    entries: list[GeocodedEntry] = []


def site_key(site_id):
    return f"site:{site_id}"


def village_key(township, village_id):
    return f"village:{township}/{village_id}"


def geocode_query(county, township, address):
    """The text `make geocode` looks up; a cached point is used only while this is unchanged."""
    return f"{county.province or ''}{county.city or ''}{county.name}{township}{address}"


def location_from_cache(raw, key, query_parts, info):
    """Fill in a missing `location` from geocoded.yaml (see county/geocode.py)."""
    if not isinstance(raw, dict) or "location" in raw:
        return raw
    context = info.context or {}
    entry = (context.get("geocoded") or {}).get(key)
    county = context.get("county")
    if entry is None or county is None:
        return raw
    if entry.query != geocode_query(county, *query_parts):
        raise ValueError("地址或名称改过以后还没有重新查坐标：请运行 make geocode，或者直接填写 location")
    return {**raw, "location": {"lat": entry.lat, "lon": entry.lon, "datum": entry.datum,
                                "source": f"按地址自动查询（{entry.provider}，{entry.date}），可能不够准确"}}
