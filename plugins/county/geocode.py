"""`make geocode`: find coordinates for sites (and villages) that have an address but no location.

    PYTHONPATH=plugins python -m county.geocode [pelicanconf.py]

It asks a geopy geocoder (Nominatim unless GEOCODER says otherwise), one request at a time
through geopy's RateLimiter, and writes what it found to GEOCODE_CACHE (geocoded.yaml) with the
query, provider, datum and date. Commit that file with the data: `make html` only ever reads it,
so a build never waits on the network. A cached point is used while its query text is unchanged.
"""

import datetime as dt
import sys
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from ruamel.yaml import YAML
from tqdm import tqdm

from datafile.problems import DataError
from framework import settings as framework_settings

from .datum import to_wgs84
from .load import county_document, load_geocoded
from .schema.geocoded import GeocodedEntry, geocode_query, site_key, village_key
from .schema.places import with_default_id
from .schema.sites import County

DATUM_OF = {"baidu": "bd09", "baiduv3": "bd09"}
HEADER = """\
# 由 make geocode 按地址自动查出的坐标（缓存）。请和 sites.yaml、places.yaml 一起提交。
# 构建网站时只读这个文件，不联网。地址或名称改了，对应的坐标会失效，需要重新运行 make geocode。
# 自动查出的坐标可能不准；核实过的坐标，请直接写进 sites.yaml 的 location。
"""


def wanted(config, county):
    """{key: query} for every site and village without a location of its own."""
    todo = {}
    problems = []
    sites_doc = county_document(config["SITES_FILE"], problems)
    for raw in sites_doc.doc.get("sites") or []:
        if isinstance(raw, dict) and "location" not in raw and raw.get("address"):
            todo[site_key(raw.get("id"))] = geocode_query(county, raw.get("township"), raw.get("address"))
    if Path(config["PLACES_FILE"]).exists():
        places_doc = county_document(config["PLACES_FILE"], problems)
        for entry in places_doc.doc.get("townships") or []:
            for village in (entry.get("villages") or []) if isinstance(entry, dict) else []:
                if isinstance(village, dict) and "location" not in village and village.get("name"):
                    village = with_default_id(village)
                    key = village_key(entry.get("township"), village["id"])
                    todo[key] = geocode_query(county, entry.get("township"), village["name"])
    return todo


def main(argv=None):
    config, _, _ = framework_settings.from_command_line(sys.argv[1:] if argv is None else argv)
    try:
        problems = []
        sites_doc = county_document(config["SITES_FILE"], problems)
        county = sites_doc.validate(County, sites_doc.doc.get("county"), ("county",))
        cache_path = Path(config["GEOCODE_CACHE"])
        cache = load_geocoded(cache_path, problems) if cache_path.exists() else {}
        if problems or county is None:
            raise DataError(problems)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1

    todo = wanted(config, county)
    fresh = {key: entry for key, entry in cache.items() if todo.get(key) == entry.query}
    missing = {key: query for key, query in todo.items() if key not in fresh}
    name = config["GEOCODER"]
    datum = config["GEOCODER_DATUM"] or DATUM_OF.get(name, "wgs84")
    print(f"需要查坐标的有 {len(todo)} 处，其中 {len(fresh)} 处已有缓存，这次要查 {len(missing)} 处（{name}）。")

    failed = []
    if missing:
        geocoder = get_geocoder_for_service(name)(**config["GEOCODER_OPTIONS"])
        lookup = RateLimiter(geocoder.geocode, min_delay_seconds=config["GEOCODE_MIN_DELAY"],
                             max_retries=2, error_wait_seconds=2.0, swallow_exceptions=False)
        for key, query in tqdm(missing.items(), desc="查坐标", unit="处", file=sys.stderr):
            try:
                found = lookup(query)
            except GeopyError as error:
                failed.append((key, query, f"查询出错：{error}"))
                continue
            if found is None:
                failed.append((key, query, "没有查到"))
                continue
            if not county.bounds.contains(*to_wgs84(found.latitude, found.longitude, datum), margin=0.05):
                failed.append((key, query, f"查到的位置（{found.latitude:.4f}, {found.longitude:.4f}）不在本县范围内，可能查错了地方"))
                continue
            fresh[key] = GeocodedEntry(key=key, query=query, lat=round(found.latitude, 6),
                                              lon=round(found.longitude, 6), datum=datum, provider=name,
                                              date=dt.date.today())

    write_cache(cache_path, fresh)
    print(f"已写入 {cache_path.name}：共 {len(fresh)} 处坐标。")
    for key, query, why in failed:
        print(f"  {key}（{query}）：{why}。请在地图取点工具上取点，把 location 直接写进数据文件。", file=sys.stderr)
    return 1 if failed else 0


def write_cache(path, entries):
    yaml = YAML()
    yaml.default_flow_style = False
    rows = [{**entry.model_dump(), "date": entry.date.isoformat()} for _, entry in sorted(entries.items())]
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        yaml.dump({"entries": rows}, out)


if __name__ == "__main__":
    sys.exit(main())
