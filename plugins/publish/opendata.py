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


def visit_record(stop):
    """One 流动接种 visit: when, where (a village of the gazetteer, or a place) and what."""
    lat, lon = stop.point
    return {
        "date": stop.date.isoformat(),
        "hours": stop.spans_text,
        "township": stop.township,
        "village": stop.village.name if stop.village else None,
        "place": stop.visit.place,
        "where": stop.visit.where,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "location_estimated": stop.estimated,
        "vaccines": stop.vaccine_names(),
        "ages_text": stop.visit.ages_text or None,
        "note": stop.visit.note,
    }


def site_record(site, site_url, visits=()):
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
        "visits": [visit_record(stop) for stop in visits],
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


VISIT_COLUMNS = ["date", "hours", "site_id", "site_name", "township", "village", "place", "where", "lat", "lon",
                 "location_estimated", "vaccines", "ages_text", "note"]


def _csv(header, rows):
    """A CSV text with a BOM, so that Excel opens it as UTF-8 and shows the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return "\ufeff" + out.getvalue()


def files(data, site_url, licence, source):
    """{path: text} for data/sites.json, data/sites.geojson, data/sites.csv and data/visits.csv."""
    visits_of = {site.id: [] for site in data.sites}
    for stop in data.visit_stops:
        visits_of[stop.site.id].append(stop)
    records = [site_record(site, site_url, visits_of[site.id]) for site in data.sites]
    about = {"county": data.county.name, "sample": data.county.sample, "generated": data.today.isoformat(),
             "licence": licence, "source": source, "datum": "WGS-84 (EPSG:4326)"}
    geojson = {
        "type": "FeatureCollection",
        "metadata": about,
        "features": [{
            "type": "Feature", "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {"feature": "site", **{k: v for k, v in r.items() if k not in ("lat", "lon", "visits")}},
        } for r in records] + [{
            # A visit is a dated feature of its own, at its village (or place).
            "type": "Feature", "id": f"{r['id']}/visit/{number}",
            "geometry": {"type": "Point", "coordinates": [v["lon"], v["lat"]]},
            "properties": {"feature": "visit", "site_id": r["id"], "site_name": r["name"],
                           **{k: val for k, val in v.items() if k not in ("lat", "lon")}},
        } for r in records for number, v in enumerate(r["visits"], 1)],
    }
    sites_csv = _csv(CSV_COLUMNS, ([dict(r, vaccines="；".join(f"{v['name']}（{v['ages_text']}）" for v in r["vaccines"]),
                                         phone="、".join(r["phone"]))[c] for c in CSV_COLUMNS] for r in records))
    visits_csv = _csv(VISIT_COLUMNS, ([dict(v, site_id=r["id"], site_name=r["name"], vaccines="、".join(v["vaccines"]))[c]
                                       for c in VISIT_COLUMNS] for r in records for v in r["visits"]))
    return {
        # Compact: phones keep it for use offline (sw.js), and indenting takes Python's slow encoder.
        "data/sites.json": json.dumps({**about, "sites": records}, ensure_ascii=False, separators=(",", ":")),
        "data/sites.geojson": json.dumps(geojson, ensure_ascii=False),
        "data/sites.csv": sites_csv,
        "data/visits.csv": visits_csv,
    }
