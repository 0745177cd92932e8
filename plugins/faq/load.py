"""Read content/faq/*.md: metadata with a line for every key, validated; and the glossary."""

import difflib
import pickle
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pydantic import ValidationError

from datafile import markup
from datafile.cache import Store, code_digest, contents_digest, digest
from datafile.document import Document
from datafile.messages import shown, translate
from datafile.problems import DataError, Problem

from . import plain, schema

_KEY = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*)$")
_SOURCE_SPLIT = re.compile(r"\s*[｜|]\s*")


@dataclass
class Faq:
    meta: schema.FaqMeta
    body: str            # Markdown
    body_line: int       # the line the body starts on in the file
    path: Path
    lines: dict          # key -> line, for warnings about metadata

    @property
    def name(self):
        return self.path.name


def read_header(text):
    """Split `Key: value` lines (continuations indented) from the body.

    Returns (values, lines, body, body_line): values[key] is a list of (line, text).
    """
    values, lines, key = {}, {}, None
    rows = text.splitlines()
    for number, row in enumerate(rows, start=1):
        if not row.strip():
            return values, lines, "\n".join(rows[number:]), number + 1
        match = _KEY.match(row)
        if match and not row[:1].isspace():
            key = match.group(1).lower()
            lines.setdefault(key, number)
            values.setdefault(key, []).append((number, match.group(2).strip()))
        elif key and row[:1].isspace():
            values[key].append((number, row.strip()))
        else:
            values.setdefault(None, []).append((number, row))
    return values, lines, "", len(rows) + 1


def load_faq(path, today, problems):
    """One FAQ file, or None with its problems added to `problems`."""
    path = Path(path)
    name = path.name
    text = path.read_text(encoding="utf-8")
    values, lines, body, body_line = read_header(text)

    def report(line, message):
        problems.append(Problem(name, line, message))

    before = len(problems)
    for line, row in values.pop(None, []):
        report(line, "这一行不是“字段: 值”的格式。页首的信息每行写一项，如“Title: 打疫苗疼不疼？”，写完后空一行再写正文")
    raw = {}
    for key, entries in values.items():
        if key not in schema.KEYS:
            guess = difflib.get_close_matches(key, schema.KEYS, n=1)
            hint = f"是不是想写「{guess[0].capitalize()}」？" if guess else f"可用的有：{'、'.join(k.capitalize() for k in schema.KEYS)}"
            report(lines[key], f"不认识的字段「{shown(key)}」，{hint}")
            continue
        if key == "sources":
            raw[key] = [_source(text) for _, text in entries if text]
        elif key == "related":
            raw[key] = [s for _, text in entries for s in re.split(r"[,，\s]+", text) if s]
        else:
            raw[key] = " ".join(text for _, text in entries).strip()
    if len(problems) > before:
        return None
    try:
        meta = schema.FaqMeta.model_validate(raw, context={"today": today})
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = detail["loc"]
            key = loc[0] if loc else None
            line = lines.get(key, 1)
            if key == "sources" and len(loc) > 1 and isinstance(loc[1], int):
                line = values["sources"][loc[1]][0]
            label = key.capitalize() if isinstance(key, str) else ""
            message = translate(detail, schema.KEYS, schema.TOPICS)
            if detail["type"] == "missing":
                message = f"缺少「{label}」。每个常见问题页的开头都要写：Title、Slug、Answer、Topic、Sources、Reviewed、Reviewer"
            elif detail["type"] == "date_from_datetime_parsing" or detail["type"].startswith("date"):
                message = f"{label} 的日期格式不对，请写成 2026-11-28 这样"
            report(line, f"{label}：{message}" if label and detail["type"] != "missing" else message)
        return None
    return Faq(meta=meta, body=body, body_line=body_line, path=path, lines=lines)


def _source(text):
    parts = _SOURCE_SPLIT.split(text)
    if len(parts) >= 3:
        return {"org": parts[0], "title": "｜".join(parts[1:-1]), "url": parts[-1]}
    if len(parts) == 2:
        return {"org": parts[0], "title": parts[1], "url": parts[1] if parts[1].startswith("http") else ""}
    return {"org": text, "title": text, "url": ""}


def load_all(folder, today, glossary_file):
    """(faqs, glossary terms) from `folder`. Raises DataError listing every problem."""
    problems = []
    faqs = [f for f in (load_faq(p, today, problems) for p in sorted(Path(folder).glob("*.md"))) if f]
    slugs = {}
    for faq in faqs:
        if faq.meta.slug in slugs:
            problems.append(Problem(faq.name, faq.lines["slug"],
                                    f"Slug「{faq.meta.slug}」和 {slugs[faq.meta.slug]} 重复了，请换一个"))
        slugs.setdefault(faq.meta.slug, faq.name)
    for faq in faqs:
        for slug in faq.meta.related:
            if slug not in slugs:
                problems.append(Problem(faq.name, faq.lines["related"], f"Related 里的「{slug}」不是任何一页的 Slug"))
    terms = _load_glossary(glossary_file, problems) if Path(glossary_file).exists() else []
    if problems:
        raise DataError(problems)
    return faqs, terms


def _load_glossary(path, problems):
    try:
        doc = Document(path, problems, known_fields=("terms", "term", "plain"), expect="文件应以 terms: 开头，下面每个术语一项")
    except DataError as error:
        problems.extend(error.problems)
        return []
    glossary = doc.validate(schema.Glossary, doc.doc, (), record="术语")
    return glossary.terms if glossary else []


def review_age(faq, today):
    return (today - faq.meta.reviewed).days


FOLLOW_UP_MARK = "【老人随访】"


def follow_up_text(follow_up):
    """What 【老人随访】 says, from the FOLLOW_UP setting: two short sentences."""
    return (f"{follow_up['ages']} 岁及以上的人打完针，{follow_up['who']}会连着 {follow_up['days']} 天"
            f"打电话问您身体怎么样。有不舒服，随时打{follow_up['call_back']}。")


def fill_follow_up(faqs, follow_up):
    """Put the county's follow-up practice where a page writes 【老人随访】; a problem for each
    page that uses it while FOLLOW_UP is not set."""
    problems = []
    for faq in faqs:
        at = faq.body.find(FOLLOW_UP_MARK)
        if at < 0:
            continue
        if not follow_up:
            problems.append(Problem(faq.name, faq.body_line + faq.body[:at].count("\n"),
                                    f"这里用了{FOLLOW_UP_MARK}，但 pelicanconf.py 里没有写 FOLLOW_UP（本县怎样随访打完针的老人）。"
                                    "请让管网站的同事写上，或删去这个占位符"))
            continue
        faq.body = faq.body.replace(FOLLOW_UP_MARK, follow_up_text(follow_up))
    return problems


# The settings read_folder() reads besides FAQ_DIR.
_SETTINGS_READ = ("SITES_TODAY", "FOLLOW_UP", "FAQ_MAX_SENTENCE_CHARS", "FAQ_MAX_PARAGRAPH_SENTENCES", "FAQ_REVIEW_MAX_DAYS")


def read_folder(settings):
    """(faqs, terms, warnings) from FAQ_DIR. Raises DataError on errors.

    Kept in the cache by the folder's files, the settings read, our code and the Markdown
    libraries: a build reads the folder twice (the FAQ's generator, and the preview's report of
    warnings), and converting every answer to find its warnings took 0.3 s each time at
    province scale, with the FAQ unchanged. A folder with mistakes is not kept."""
    folder = Path(settings["FAQ_DIR"])
    if not folder.exists():
        return [], [], []
    store = Store(settings, "faq")
    key = digest(code_digest(), version("markdown"), version("nh3"), version("pydantic"), str(folder.resolve()),
                 contents_digest(folder), *(repr(settings[name]) for name in _SETTINGS_READ))
    kept = store.get(key, ".pickle")
    if kept is not None:
        return pickle.loads(kept)
    found = _read_folder(folder, settings)
    store.put(key, ".pickle", pickle.dumps(found, pickle.HIGHEST_PROTOCOL))
    store.prune({key})
    return found


def _read_folder(folder, settings):
    today = settings["SITES_TODAY"]
    faqs, terms = load_all(folder, today, folder / "glossary.yaml")
    problems = fill_follow_up(faqs, settings["FOLLOW_UP"])
    if problems:
        raise DataError(problems)
    warnings = []
    renderer = markup.new_markdown()
    for faq in faqs:
        warnings += plain.check(faq, terms, settings["FAQ_MAX_SENTENCE_CHARS"], settings["FAQ_MAX_PARAGRAPH_SENTENCES"])
        warnings += [Problem(faq.name, line, message) for line, message in markup.warnings(renderer, faq.body, faq.body_line)]
        age = review_age(faq, today)
        if age > settings["FAQ_REVIEW_MAX_DAYS"]:
            warnings.append(Problem(faq.name, faq.lines["reviewed"],
                                    f"内容审核于 {faq.meta.reviewed}，已过去 {age} 天（超过 {settings['FAQ_REVIEW_MAX_DAYS']} 天），"
                                    "请医生重新审核后更新 Reviewed"))
    return faqs, terms, warnings
