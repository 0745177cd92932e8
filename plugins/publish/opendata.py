"""Open data: every public field of every site as JSON, GeoJSON (RFC 7946) and CSV.

The rows come from the validated model; docs/open-data.md describes each field. JSON and GeoJSON
carry every value exactly; in the CSV, text that Excel or WPS would run as a formula is kept as
text (datafile/spreadsheet.py).
"""

import csv
import io
import json

from county.kinds import DOSES
from datafile.spreadsheet import safe_cell


def site_record(site, site_url):
    lat, lon = site.location.wgs84
    return {
        "id": site.id,
        "name": site.name,
        "kind": site.kind,
        "kind_label": site.kind_label,
        "township": site.township,
        "school_district": site.school_district,
        "address": site.address,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "datum": "WGS-84",
        "source_datum": site.location.datum,
        "hours_text": site.hours.describe(),
        "hours": site.hours.compact(),
        "vaccines": [{
            "name": v.name, "min_age": v.ages[0], "max_age": v.ages[1], "ages_text": v.ages_text,
            "doses": [DOSES[d] for d in v.doses], "maker": v.maker,
        } for v in site.vaccines],
        "walk_in": site.walk_in,
        "appointment": site.appointment.how if site.appointment else None,
        "appointment_url": site.appointment.url if site.appointment else None,
        "phone": list(site.phone),
        "wheelchair": site.access.wheelchair,
        "parking": site.access.parking,
        "access_note": site.access.note,
        "status": site.status.state,
        "status_label": site.status.label,
        "status_reason": site.status.reason,
        "status_until": site.status.until.isoformat() if site.status.until else None,
        "notes": site.notes,
        "verified_date": site.verified.date.isoformat(),
        "verified_by": site.verified.by,
        "url": site_url.format(id=site.id),
    }


CSV_COLUMNS = ["id", "name", "kind_label", "township", "school_district", "address", "lat", "lon", "datum",
               "hours_text", "vaccines", "walk_in", "appointment", "phone", "wheelchair", "parking", "access_note",
               "status_label", "status_reason", "status_until", "notes", "verified_date", "verified_by", "url"]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(safe_cell(value))


def files(data, site_url, licence, source):
    """{path: text} for data/sites.json, data/sites.geojson and data/sites.csv."""
    records = [site_record(site, site_url) for site in data.sites]
    about = {"county": data.county.name, "sample": data.county.sample, "generated": data.today.isoformat(),
             "licence": licence, "source": source, "datum": "WGS-84 (EPSG:4326)"}
    geojson = {
        "type": "FeatureCollection",
        "metadata": about,
        "features": [{
            "type": "Feature", "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")},
        } for r in records],
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        row = dict(r, vaccines="；".join(f"{v['name']}（{v['ages_text']}）" for v in r["vaccines"]),
                   phone="、".join(r["phone"]))
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return {
        "data/sites.json": json.dumps({**about, "sites": records}, ensure_ascii=False, indent=1),
        "data/sites.geojson": json.dumps(geojson, ensure_ascii=False),
        # With a BOM, so that Excel opens it as UTF-8 and shows the Chinese.
        "data/sites.csv": "\ufeff" + out.getvalue(),
    }
