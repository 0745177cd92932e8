"""The sites plugin's settings: defaults, and checks that say what is wrong."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from datafile.problems import DataError, Problem

DEFAULTS = {
    "SITES_FILE": "sites.yaml",
    # The gazetteer of townships and villages; used when the file exists.
    "PLACES_FILE": "places.yaml",
    # The schools that send the 小手拉大手 letter home; used when the file exists.
    "SCHOOLS_FILE": "schools.yaml",
    # Points found by `make geocode`, committed with the data; the build only reads it.
    "GEOCODE_CACHE": "geocoded.yaml",
    # `make geocode`: any geopy geocoder by name, its options, and the datum it answers in.
    "GEOCODER": "nominatim",
    "GEOCODER_OPTIONS": {"user_agent": "county-vaccination-site-finder"},
    "GEOCODER_DATUM": None,       # None: wgs84, or bd09 for Baidu
    "GEOCODE_MIN_DELAY": 1.0,     # seconds between requests; Nominatim's policy asks for 1
    # The date pages are built for; None means today in TIMEZONE. Tests pin it.
    "SITES_TODAY": None,
    "VERIFIED_MAX_AGE_DAYS": 30,
    # Where residents report a wrong listing: any of phone, email, url.
    "CORRECTION_CONTACT": {},
    "SITE_URL": "sites/{id}/",
    "SITE_SAVE_AS": "sites/{id}/index.html",
    "TOWNSHIP_URL": "townships/{id}/",
    "TOWNSHIP_SAVE_AS": "townships/{id}/index.html",
    "ALL_SITES_URL": "sites/",
    "ALL_SITES_SAVE_AS": "sites/index.html",
    # Set by `make devserver`: report bad data and keep watching, instead of exiting.
    "DEVSERVER": False,
}


def read(settings):
    """Fill in defaults in `settings` and return them, or raise DataError."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    problems = []

    def bad(message):
        problems.append(Problem("pelicanconf.py", 0, message))

    if not isinstance(settings["VERIFIED_MAX_AGE_DAYS"], int) or settings["VERIFIED_MAX_AGE_DAYS"] < 1:
        bad("VERIFIED_MAX_AGE_DAYS 应是一个正整数（天数），例如 30")
    contact = settings["CORRECTION_CONTACT"]
    if not isinstance(contact, dict) or not any(contact.get(k) for k in ("phone", "email", "url")):
        bad("CORRECTION_CONTACT 至少要写 phone、email、url 中的一项，群众发现信息有误时才能联系到人，"
            "例如 CORRECTION_CONTACT = {\"phone\": \"0932-1234567\"}")
    elif set(contact) - {"phone", "email", "url", "name"}:
        bad(f"CORRECTION_CONTACT 里有不认识的项：{'、'.join(sorted(set(contact) - {'phone', 'email', 'url', 'name'}))}，"
            "只能用 phone、email、url、name")
    today = settings["SITES_TODAY"]
    if today is None:
        settings["SITES_TODAY"] = dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Asia/Shanghai")).date()
    elif isinstance(today, str):
        try:
            settings["SITES_TODAY"] = dt.date.fromisoformat(today)
        except ValueError:
            bad(f"SITES_TODAY「{today}」不是日期，请写成 \"2026-11-28\"，或删去这一项使用今天的日期")
    settings["SITES_FILE"] = resolve_sites_file(settings)
    settings["PLACES_FILE"] = resolve_sites_file(settings, "PLACES_FILE")
    settings["GEOCODE_CACHE"] = resolve_sites_file(settings, "GEOCODE_CACHE")
    settings["SCHOOLS_FILE"] = resolve_sites_file(settings, "SCHOOLS_FILE")
    if problems:
        raise DataError(problems)
    return settings


def resolve_sites_file(settings, key="SITES_FILE"):
    """A data file setting as an absolute path; a relative one is relative to the project (PATH's parent)."""
    path = Path(settings.get(key) or DEFAULTS[key])
    if not path.is_absolute():
        path = Path(settings["PATH"]).parent / path
    return str(path)


def data_files(settings):
    """Keyword arguments for load_sites: the data files that exist."""
    return {
        "today": settings["SITES_TODAY"],
        "places_path": settings["PLACES_FILE"] if Path(settings["PLACES_FILE"]).exists() else None,
        "geocoded_path": settings["GEOCODE_CACHE"] if Path(settings["GEOCODE_CACHE"]).exists() else None,
        "schools_path": settings["SCHOOLS_FILE"] if Path(settings["SCHOOLS_FILE"]).exists() else None,
    }


def data_paths(settings):
    """The data files the model is read from (for generators' data_inputs())."""
    return [settings["SITES_FILE"], settings["PLACES_FILE"], settings["SCHOOLS_FILE"], settings["GEOCODE_CACHE"]]
