"""Read sites.yaml into the validated model, collecting every problem in one pass."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import schema
from datafile.messages import all_field_names, translate
from datafile.problems import DataError, Problem
from datafile.yamlfile import DuplicateKey, LineMap, line_of, parse

from .datum import DATUM_LABELS

_VALUE_LABELS = {**schema.KIND_LABELS, **schema.STATE_LABELS, **schema.DOSE_LABELS, **DATUM_LABELS}
_KNOWN_FIELDS = all_field_names(*[
    m for m in vars(schema).values()
    if isinstance(m, type) and issubclass(m, BaseModel) and m is not BaseModel
])


@dataclass
class SitesData:
    """Everything the other plugins need from sites.yaml and places.yaml."""

    county: schema.County
    sites: list
    today: dt.date
    source: str
    places: list = field(default_factory=list)   # schema.PlaceTownship, one per township listed
    schools: list = field(default_factory=list)  # schema.School
    by_township: dict = field(init=False)
    villages: dict = field(init=False)           # township name -> [schema.Village]
    centres: dict = field(init=False)            # township name -> (lat, lon) in WGS-84

    def __post_init__(self):
        grouped = defaultdict(list)
        for site in self.sites:
            grouped[site.township].append(site)
        self.by_township = {t.name: grouped.get(t.name, []) for t in self.county.townships}
        self.villages = {t.name: [] for t in self.county.townships}
        self.centres = {}
        for entry in self.places:
            self.villages[entry.township] = list(entry.villages)
            self.centres[entry.township] = entry.centre.wgs84

    def township(self, name):
        return next(t for t in self.county.townships if t.name == name)

    def village_location(self, township, village):
        """A village's WGS-84 point; the township's centre when the gazetteer has none."""
        return village.location.wgs84 if village.location else self.centres[township]


class Document:
    """One YAML file being validated: every problem goes to `problems` with its line."""

    def __init__(self, path, problems, display_name=None):
        self.name = display_name or Path(path).name
        self.problems = problems
        self.doc = _parse(path, self.name)

    def report(self, loc, message):
        self.problems.append(Problem(self.name, line_of(self.doc, loc), message))

    def validate(self, model, raw, loc, context=None, record="接种点"):
        try:
            return model.model_validate(raw, context=context)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                full_loc = loc + tuple(detail["loc"])
                names_field = detail["type"] in ("missing", "extra_forbidden")
                where = _where(self.doc, full_loc[:-1] if names_field else full_loc, record)
                self.report(full_loc, where + translate(detail, _KNOWN_FIELDS, _VALUE_LABELS))
            return None


def load_sites(path, today=None, display_name=None, places_path=None, geocoded_path=None, schools_path=None):
    """Parse and validate sites.yaml (and places.yaml, and the geocoding cache).

    Never touches the network: points from `make geocode` are read from `geocoded_path`.
    Raises DataError listing every problem.
    """
    today = today or dt.date.today()
    problems = []
    geocoded = _load_geocoded(geocoded_path, problems) if geocoded_path else {}
    sites_doc = Document(path, problems, display_name)
    if sites_doc.validate(schema.SitesFile, sites_doc.doc, ()) is None:
        raise DataError(problems)

    county = sites_doc.validate(schema.County, sites_doc.doc["county"], ("county",))
    context = {"today": today, "geocoded": geocoded}
    if county is not None:
        context["townships"] = {t.name: t for t in county.townships}
        context["bounds"] = county.bounds
        context["county"] = county

    sites, first_seen = [], {}
    for index, raw in enumerate(sites_doc.doc["sites"]):
        site = sites_doc.validate(schema.Site, raw, ("sites", index), context)
        site_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(site_id, str) and site_id in first_seen:
            first_line = line_of(sites_doc.doc, ("sites", first_seen[site_id], "id"))
            sites_doc.report(("sites", index, "id"),
                             f"编号「{site_id}」与第 {first_line} 行的接种点重复。"
                             "每个接种点的编号必须不同，请给其中一个换个编号")
        elif isinstance(site_id, str):
            first_seen[site_id] = index
        if site is not None:
            sites.append(site)

    places = _load_places(places_path, problems, context) if places_path else []
    schools = _load_schools(schools_path, problems, context) if schools_path else []
    if problems:
        raise DataError(problems)
    return SitesData(county=county, sites=sites, today=today, source=str(path), places=places, schools=schools)


def _load_schools(path, problems, context):
    try:
        doc = Document(path, problems)
    except DataError as error:
        problems.extend(error.problems)
        return []
    if doc.validate(schema.SchoolsFile, doc.doc, ()) is None:
        return []
    schools, seen = [], {}
    for index, raw in enumerate(doc.doc["schools"]):
        school = doc.validate(schema.School, raw, ("schools", index), context, record="学校")
        school_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(school_id, str) and school_id in seen:
            doc.report(("schools", index, "id"), f"学校编号「{school_id}」与第 {seen[school_id]} 行的学校重复，请换一个")
        elif isinstance(school_id, str):
            seen[school_id] = line_of(doc.doc, ("schools", index, "id"))
        if school is not None:
            schools.append(school)
    return schools


def _load_places(path, problems, context):
    try:
        places_doc = Document(path, problems)
    except DataError as error:
        problems.extend(error.problems)
        return []
    if places_doc.validate(schema.PlacesFile, places_doc.doc, ()) is None:
        return []
    places, seen = [], {}
    for index, raw in enumerate(places_doc.doc["townships"]):
        entry = places_doc.validate(schema.PlaceTownship, raw, ("townships", index), context, record="乡镇")
        if entry is None:
            continue
        if entry.township in seen:
            places_doc.report(("townships", index, "township"),
                              f"乡镇「{entry.township}」在第 {seen[entry.township]} 行已经写过，请把两处的村合并到一处")
            continue
        seen[entry.township] = line_of(places_doc.doc, ("townships", index, "township"))
        _report_duplicate_villages(places_doc, index, entry)
        places.append(entry)
    return places


def _load_geocoded(path, problems):
    try:
        doc = Document(path, problems)
    except DataError as error:
        problems.extend(error.problems)
        return {}
    cache = doc.validate(schema.GeocodedFile, doc.doc, (), record="坐标")
    return {entry.key: entry for entry in cache.entries} if cache else {}


def _report_duplicate_villages(places_doc, index, entry):
    names, ids = {}, {}
    for j, village in enumerate(entry.villages):
        loc = ("townships", index, "villages", j)
        if village.name in names:
            places_doc.report(loc, f"村「{village.name}」在第 {names[village.name]} 行已经写过，请删去一个")
        elif village.id in ids:
            places_doc.report(loc, f"村的编号「{village.id}」与第 {ids[village.id]} 行的村重复了（同音的村），"
                                   f"请给这个村写一个不同的 id，如 id: {village.id}2")
        names.setdefault(village.name, line_of(places_doc.doc, loc))
        ids.setdefault(village.id, line_of(places_doc.doc, loc))


def _parse(path, name):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, 0, f"找不到文件 {path}，请检查 SITES_FILE 设置或文件名")])
    except UnicodeDecodeError:
        raise DataError([Problem(name, 1, "文件不是 UTF-8 编码，请用 UTF-8 另存后再试")])
    try:
        doc = parse(text)
    except DuplicateKey as error:
        raise DataError([Problem(name, error.line, f"字段「{error.key}」在同一处写了两次，请删去重复的一行")])
    except MarkedYAMLError as error:
        # "while scanning a quoted scalar / simple key": the scan started where the mistake is.
        scanning = error.context_mark and "scanning" in str(error.context or "")
        mark = error.context_mark if scanning else (error.problem_mark or error.context_mark)
        raise DataError([Problem(name, mark.line + 1 if mark else 1, _yaml_message(error))])
    except YAMLError as error:
        raise DataError([Problem(name, 1, f"YAML 格式错误：{error}")])
    if not isinstance(doc, LineMap):
        raise DataError([Problem(name, 1, "文件应以 county: 和 sites: 两部分组成，请对照示例文件检查")])
    return doc


def _yaml_message(error):
    problem = str(error.problem or "")
    if "quoted scalar" in str(error.context or ""):
        return "这一行的引号没有配对：开头有引号，结尾也要有同样的引号"
    if "duplicate key" in problem:
        return "同一个字段写了两次，请删去重复的一行"
    if "\\t" in problem or "tab" in problem:
        return "这一行用了 Tab 键缩进，YAML 只能用空格缩进，请把 Tab 换成空格"
    if "mapping values are not allowed" in problem:
        return ("这一行的冒号位置不对：冒号后要有一个空格；值里有冒号时，请给整个值加上引号。"
                "如果这一行看起来没问题，请检查前面几行的引号是否配对")
    if "could not find expected ':'" in problem:
        return "这一行缺少“字段: 值”中的冒号，或上一行的引号没有配对"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "这一行的缩进和上下文对不齐，同一层的字段应左对齐，子项用两个空格缩进"
    return f"YAML 格式错误（{problem}），请检查这一行的缩进、冒号和引号"


def _where(doc, loc, record="接种点"):
    """'接种点「pingxiang-whc」的 hours.weekly：' so the clerk sees which record."""
    path = ".".join(p for p in loc if isinstance(p, str) and p != "[key]")
    if len(loc) >= 2 and loc[0] in ("sites", "townships", "schools") and isinstance(loc[1], int):
        raw = doc[loc[0]][loc[1]]
        label = (raw.get("id") or raw.get("name") or raw.get("township")) if isinstance(raw, dict) else None
        who = f"{record}「{label}」" if label else f"第 {loc[1] + 1} 个{record}"
        path = ".".join(p for p in loc[2:] if isinstance(p, str) and p != "[key]")
        return f"{who}{'的 ' + path if path else ''}："
    return f"{path}：" if path else ""
