"""Read the county's data files into the validated model, collecting every problem in one pass.

sites.yaml is required; places.yaml, schools.yaml and geocoded.yaml are read when they exist.
Nothing here touches the network: points from `make geocode` are read from geocoded.yaml.
"""

import datetime as dt
import json
import os
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
    points and the code that validates.

    A whole file's valid records are kept too, by its path and bytes (`file_key`): when only
    sites.yaml changed, places.yaml and schools.yaml are neither parsed nor looked through record
    by record again (`kept_file`): at province scale, 16,000 villages and 5,000 schools."""

    def __init__(self, store=None):
        self.store = store
        self.key = digest(version("pydantic"), *(path.read_bytes() for path in CODE)) if store is not None else ""
        self.place = str(store.path(self.key, ".pickle")) if store is not None else None
        kept = _in_memory.get(self.place)
        if kept is None and store is not None:
            kept = store.get(self.key, ".pickle")
            kept = pickle.loads(kept) if kept else None
        kept = kept or {"records": {}, "files": {}}
        self.old, self.new = kept["records"], {}
        # {file key: (context key, the file's valid items, {record key: record} of its records)}
        self.old_files, self.new_files = kept["files"], {}
        self.context_key = ""
        self._validated = None  # {record key: record} validated since begin_file()

    def file_key(self, path):
        """What names a file's bytes at its path; None without a store (nothing is kept)."""
        if self.store is None or not path or not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            return digest(os.path.abspath(path), handle.read())

    def kept_file(self, file_key):
        """The valid items the file had when its bytes and the context were as now, or None."""
        entry = self.old_files.get(file_key)
        if entry is None or entry[0] != self.context_key:
            return None
        self.new.update(entry[2])  # its records stay kept record by record, for an edit to come
        self.new_files[file_key] = entry
        return entry[1]

    def begin_file(self):
        self._validated = {}

    def end_file(self, file_key, items):
        """Keep the file's valid items (after the checks across them) under file_key."""
        if file_key is not None and self._validated is not None:
            self.new_files[file_key] = (self.context_key, items, self._validated)
        self._validated = None

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
            if self._validated is not None:
                self._validated[key] = found
        return found

    def save(self):
        """Keep this load's records and files (only a load without mistakes is saved)."""
        if self.store is None:
            return
        made = {"records": self.new, "files": self.new_files}
        _in_memory.clear()
        _in_memory[self.place] = made
        if self.new.keys() != self.old.keys() or self.new_files.keys() != self.old_files.keys():
            self.store.put_soon(self.key, ".pickle", lambda: pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
            self.store.prune({self.key}, max_age_days=0)


# The records the last load in this process kept, by where the store keeps them: a process that
# builds again (make devserver, make edit: a clerk's preview) takes them from here rather than
# unpickling the store's copy (0.4 s of a province's rebuild) and then freeing the last build's
# copies (0.6 s more). A record is kept under what it was validated from, and records are read-only
# (datafile.fields.Strict), so sharing them between builds is sharing equal values.
_in_memory = {}


def load_county(sites_path, today=None, display_name=None, places_path=None, geocoded_path=None, schools_path=None,
                stores=(None, None)):
    """Parse and validate sites.yaml (and places.yaml, schools.yaml and geocoded.yaml).

    Returns a CountyData; raises DataError listing every problem in every file. stores: two
    datafile.cache.Store, where parsed files and validated records are kept between builds.
    """
    today = today or dt.date.today()
    problems = []
    parse_store, record_store = stores
    kept = KeptRecords(record_store)
    files = [sites_path, places_path, schools_path, geocoded_path]
    # places.yaml and schools.yaml as they were at a load that kept them whole are not parsed now;
    # if the context changed since, they are parsed when their turn comes (kept_or_parsed).
    file_keys = {path: kept.file_key(path) for path in (places_path, schools_path) if path}
    maybe_kept = {path for path, key in file_keys.items() if key in kept.old_files}
    parsed = read_side_by_side(files, parse_store, skip=maybe_kept)

    def kept_or_parsed(path):
        """The file's valid items as kept whole, or None with its parse added to `parsed`."""
        items = kept.kept_file(file_keys.get(path))
        if items is None and path in maybe_kept:
            parsed.update(read_side_by_side(files, parse_store, skip=set(files) - {path}))
        return items

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
    valid_places = kept_or_parsed(places_path) if places_path else []
    if valid_places is None:
        valid_places = _load_list(places_path, problems, "townships", places.PlacesFile, places.PlaceTownship,
                                  context, "乡镇", _check_places, parsed.get(places_path), kept, file_keys[places_path])
    if county is not None and len(problems) == before:
        # Visits are checked against a gazetteer without mistakes, or their errors would only repeat its.
        visits.check(sites_doc, indexed_sites, {entry.township: entry.villages for entry in valid_places},
                     context["townships"])
    valid_schools = kept_or_parsed(schools_path) if schools_path else []
    if valid_schools is None:
        valid_schools = _load_list(schools_path, problems, "schools", schools.SchoolsFile, schools.School,
                                   context, "学校", _check_schools, parsed.get(schools_path), kept, file_keys[schools_path])
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


def _load_list(path, problems, list_key, file_model, item_model, context, record, check, parsed, kept, file_key):
    """A file whose top level holds one list of records; `check(doc, [(index, item)])` adds the
    checks across items and returns the items to keep. The items are kept whole under file_key
    (KeptRecords) when the file has no mistake."""
    try:
        doc = county_document(path, problems, parsed=parsed)
    except DataError as error:
        problems.extend(error.problems)
        return []
    if doc.validate(file_model, doc.doc, ()) is None:
        return []
    before = len(problems)
    kept.begin_file()
    items = check(doc, _validate_items(doc, list_key, item_model, context, record, kept))
    kept.end_file(file_key if len(problems) == before else None, items)
    return items


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
