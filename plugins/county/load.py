"""Read the county's data files into the validated model, collecting every problem in one pass.

sites.yaml is required; places.yaml, schools.yaml and geocoded.yaml are read when they exist.
Nothing here touches the network: points from `make geocode` are read from geocoded.yaml.
"""

import datetime as dt
import json
import pickle
from importlib.metadata import version
from pathlib import Path

from pydantic import BaseModel

from datafile.cache import digest
from datafile.document import Document, read_side_by_side
from datafile.fingerprint import mark_source
from datafile.messages import all_field_names
from datafile.problems import DataError
from datafile.yamlfile import line_of

from .kinds import VALUE_LABELS
from .model import CountyData
from . import visits
from .schema import geocoded, places, schedules, schools, sites

# The code that turns the files into the model: a change to any of it makes a new model, and
# invalidates the records kept between builds.
_PLUGINS = Path(__file__).resolve().parent.parent
CODE = sorted([*(_PLUGINS / "county").rglob("*.py"), *(_PLUGINS / "datafile").glob("*.py")])

_KNOWN_FIELDS = all_field_names(*[
    model for module in (sites, schedules, places, schools, geocoded) for model in vars(module).values()
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


class KeptRecords:
    """The records (sites, townships of places.yaml, schools) the last load validated, by what each
    was validated from, kept in a store (datafile.cache.Store) between builds: a rebuild after
    one site changed validates that site only. Without a store, everything is validated.

    A record's key is its text as parsed (without lines: a record that only moved keeps its key)
    and what validation looks at besides it: the build date, the county's townships, the geocoded
    points and the code that validates."""

    def __init__(self, store=None):
        self.store = store
        self.key = digest(version("pydantic"), *(path.read_bytes() for path in CODE)) if store is not None else ""
        kept = store.get(self.key, ".pickle") if store is not None else None
        self.old, self.new = (pickle.loads(kept) if kept else {}), {}
        self.context_key = ""

    def validate(self, doc, model, raw, loc, context, record):
        if self.store is None:
            return doc.validate(model, raw, loc, context, record=record)
        key = digest(self.context_key, model.__qualname__, json.dumps(raw, ensure_ascii=False, default=str))
        found = self.old.get(key)
        if found is None:
            found = doc.validate(model, raw, loc, context, record=record)
            if found is not None:
                mark_source(found, key)  # its digest in page keys (datafile/fingerprint.py)
        if found is not None:
            self.new[key] = found
        return found

    def save(self):
        if self.store is not None and self.new.keys() != self.old.keys():
            self.store.put_soon(self.key, ".pickle", lambda: pickle.dumps(self.new, pickle.HIGHEST_PROTOCOL))
            self.store.prune({self.key}, max_age_days=0)


def load_county(sites_path, today=None, display_name=None, places_path=None, geocoded_path=None, schools_path=None,
                stores=(None, None)):
    """Parse and validate sites.yaml (and places.yaml, schools.yaml and geocoded.yaml).

    Returns a CountyData; raises DataError listing every problem in every file. stores: two
    datafile.cache.Store, where parsed files and validated records are kept between builds.
    """
    today = today or dt.date.today()
    problems = []
    parse_store, record_store = stores
    parsed = read_side_by_side([sites_path, places_path, schools_path, geocoded_path], parse_store)
    kept = KeptRecords(record_store)
    geocoded_points = load_geocoded(geocoded_path, problems, parsed.get(geocoded_path)) if geocoded_path else {}
    sites_doc = county_document(sites_path, problems, display_name=display_name, setting="SITES_FILE",
                                expect="文件应以 county: 和 sites: 两部分组成", parsed=parsed.get(sites_path))
    if sites_doc.validate(sites.SitesFile, sites_doc.doc, ()) is None:
        raise DataError(problems)

    county = sites_doc.validate(sites.County, sites_doc.doc["county"], ("county",))
    context = {"today": today, "geocoded": geocoded_points}
    kept.context_key = digest(today, json.dumps(sites_doc.doc["county"], ensure_ascii=False, default=str),
                              json.dumps(parsed.get(geocoded_path), ensure_ascii=False, default=str)
                              if geocoded_path and geocoded_points else "")
    if county is not None:
        mark_source(county, digest(kept.context_key, "County"))  # made from the county's part alone
        context.update(townships={t.name: t for t in county.townships}, bounds=county.bounds, county=county)

    sites_doc.report_duplicates("vaccines", "name", lambda name, line: (
        f"疫苗「{name}」的接种程序在第 {line} 行已经写过，每种疫苗只写一次，请删去一处"))
    products = {product.name: product for _, product in
                _validate_items(sites_doc, "vaccines", schedules.Product, context, "疫苗", kept)}
    sites_doc.report_duplicates("sites", "id", lambda site_id, line: (
        f"编号「{site_id}」与第 {line} 行的接种点重复。每个接种点的编号必须不同，请给其中一个换个编号"))
    indexed_sites = _validate_items(sites_doc, "sites", sites.Site, context, "接种点", kept)
    valid_sites = [site for _, site in indexed_sites]
    before = len(problems)
    valid_places = _load_list(places_path, problems, "townships", places.PlacesFile, places.PlaceTownship,
                              context, "乡镇", _check_places, parsed.get(places_path), kept) if places_path else []
    if county is not None and len(problems) == before:
        # Visits are checked against a gazetteer without mistakes, or their errors would only repeat its.
        visits.check(sites_doc, indexed_sites, {entry.township: entry.villages for entry in valid_places},
                     context["townships"])
    valid_schools = _load_list(schools_path, problems, "schools", schools.SchoolsFile, schools.School,
                               context, "学校", _check_schools, parsed.get(schools_path), kept) if schools_path else []
    if problems:
        raise DataError(problems)
    kept.save()
    return CountyData(county=county, sites=valid_sites, today=today, source=str(sites_path),
                      places=valid_places, schools=valid_schools, products=products)


def _validate_items(doc, list_key, model, context, record, kept):
    """[(index in the file, item)] for the valid items of a top-level list. Each is validated on
    its own, so that every error in every item is reported."""
    items = ((index, kept.validate(doc, model, raw, (list_key, index), context, record))
             for index, raw in enumerate(doc.doc.get(list_key) or []))
    return [(index, item) for index, item in items if item is not None]


def _load_list(path, problems, list_key, file_model, item_model, context, record, check, parsed, kept):
    """A file whose top level holds one list of records; `check(doc, [(index, item)])` adds the
    checks across items and returns the items to keep."""
    try:
        doc = county_document(path, problems, parsed=parsed)
    except DataError as error:
        problems.extend(error.problems)
        return []
    if doc.validate(file_model, doc.doc, ()) is None:
        return []
    return check(doc, _validate_items(doc, list_key, item_model, context, record, kept))


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
