"""Read the county's data files into the validated model, collecting every problem in one pass.

sites.yaml is required; places.yaml, schools.yaml and geocoded.yaml are read when they exist.
Nothing here touches the network: points from `make geocode` are read from geocoded.yaml.
"""

import datetime as dt
from pathlib import Path

from pydantic import BaseModel

from datafile.document import Document, read_side_by_side
from datafile.messages import all_field_names
from datafile.problems import DataError
from datafile.yamlfile import line_of

from .kinds import VALUE_LABELS
from .model import CountyData
from . import visits
from .schema import geocoded, places, schools, sites

_KNOWN_FIELDS = all_field_names(*[
    model for module in (sites, places, schools, geocoded) for model in vars(module).values()
    if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == module.__name__
])


def county_files(settings):
    """Keyword arguments for load_county, from settings the framework plugin has completed."""
    optional = {"places_path": "PLACES_FILE", "geocoded_path": "GEOCODE_CACHE", "schools_path": "SCHOOLS_FILE"}
    return {"sites_path": settings["SITES_FILE"], "today": settings["SITES_TODAY"],
            **{argument: settings[key] if Path(settings[key]).exists() else None for argument, key in optional.items()}}


def data_paths(settings):
    """Every file the model may be read from, present or not (what a rebuild must watch)."""
    return [settings["SITES_FILE"], settings["PLACES_FILE"], settings["SCHOOLS_FILE"], settings["GEOCODE_CACHE"]]


def county_document(path, problems, **kwargs):
    """One of the county's YAML files, its errors worded with the model's field names and values."""
    return Document(path, problems, known_fields=_KNOWN_FIELDS, value_labels=VALUE_LABELS, **kwargs)


def load_county(sites_path, today=None, display_name=None, places_path=None, geocoded_path=None, schools_path=None):
    """Parse and validate sites.yaml (and places.yaml, schools.yaml and geocoded.yaml).

    Returns a CountyData; raises DataError listing every problem in every file.
    """
    today = today or dt.date.today()
    problems = []
    parsed = read_side_by_side([sites_path, places_path, schools_path, geocoded_path])
    geocoded_points = load_geocoded(geocoded_path, problems, parsed.get(geocoded_path)) if geocoded_path else {}
    sites_doc = county_document(sites_path, problems, display_name=display_name, setting="SITES_FILE",
                                expect="文件应以 county: 和 sites: 两部分组成", parsed=parsed.get(sites_path))
    if sites_doc.validate(sites.SitesFile, sites_doc.doc, ()) is None:
        raise DataError(problems)

    county = sites_doc.validate(sites.County, sites_doc.doc["county"], ("county",))
    context = {"today": today, "geocoded": geocoded_points}
    if county is not None:
        context.update(townships={t.name: t for t in county.townships}, bounds=county.bounds, county=county)

    sites_doc.report_duplicates("sites", "id", lambda site_id, line: (
        f"编号「{site_id}」与第 {line} 行的接种点重复。每个接种点的编号必须不同，请给其中一个换个编号"))
    indexed_sites = _validate_items(sites_doc, "sites", sites.Site, context, "接种点")
    valid_sites = [site for _, site in indexed_sites]
    before = len(problems)
    valid_places = _load_list(places_path, problems, "townships", places.PlacesFile, places.PlaceTownship,
                              context, "乡镇", _check_places, parsed.get(places_path)) if places_path else []
    if county is not None and len(problems) == before:
        # Visits are checked against a gazetteer without mistakes, or their errors would only repeat its.
        visits.check(sites_doc, indexed_sites, {entry.township: entry.villages for entry in valid_places},
                     context["townships"])
    valid_schools = _load_list(schools_path, problems, "schools", schools.SchoolsFile, schools.School,
                               context, "学校", _check_schools, parsed.get(schools_path)) if schools_path else []
    if problems:
        raise DataError(problems)
    return CountyData(county=county, sites=valid_sites, today=today, source=str(sites_path),
                      places=valid_places, schools=valid_schools)


def _validate_items(doc, list_key, model, context, record):
    """[(index in the file, item)] for the valid items of a top-level list. Each is validated on
    its own, so that every error in every item is reported."""
    items = ((index, doc.validate(model, raw, (list_key, index), context, record=record))
             for index, raw in enumerate(doc.doc[list_key]))
    return [(index, item) for index, item in items if item is not None]


def _load_list(path, problems, list_key, file_model, item_model, context, record, check, parsed=None):
    """A file whose top level holds one list of records; `check(doc, [(index, item)])` adds the
    checks across items and returns the items to keep."""
    try:
        doc = county_document(path, problems, parsed=parsed)
    except DataError as error:
        problems.extend(error.problems)
        return []
    if doc.validate(file_model, doc.doc, ()) is None:
        return []
    return check(doc, _validate_items(doc, list_key, item_model, context, record))


def _check_schools(doc, valid):
    doc.report_duplicates("schools", "id", lambda school_id, line: f"学校编号「{school_id}」与第 {line} 行的学校重复，请换一个")
    return [school for _, school in valid]


def _check_places(doc, valid):
    """One entry per township, and no village twice within one."""
    kept, seen = [], {}
    for index, entry in valid:
        if entry.township in seen:
            doc.report(("townships", index, "township"),
                       f"乡镇「{entry.township}」在第 {seen[entry.township]} 行已经写过，请把两处的村合并到一处")
            continue
        seen[entry.township] = line_of(doc.doc, ("townships", index, "township"))
        _report_duplicate_villages(doc, index, entry)
        kept.append(entry)
    return kept


def load_geocoded(path, problems, parsed=None):
    try:
        doc = county_document(path, problems, parsed=parsed)
    except DataError as error:
        problems.extend(error.problems)
        return {}
    cache = doc.validate(geocoded.GeocodedFile, doc.doc, (), record="坐标")
    return {entry.key: entry for entry in cache.entries} if cache else {}


def _report_duplicate_villages(doc, index, entry):
    names, ids = {}, {}
    for j, village in enumerate(entry.villages):
        loc = ("townships", index, "villages", j)
        if village.name in names:
            doc.report(loc, f"村「{village.name}」在第 {names[village.name]} 行已经写过，请删去一个")
        elif village.id in ids:
            doc.report(loc, f"村的编号「{village.id}」与第 {ids[village.id]} 行的村重复了（同音的村），"
                            f"请给这个村写一个不同的 id，如 id: {village.id}2")
        names.setdefault(village.name, line_of(doc.doc, loc))
        ids.setdefault(village.id, line_of(doc.doc, loc))
