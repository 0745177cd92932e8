"""One YAML file an editor wrote, parsed with its lines and validated against pydantic models.

Every problem goes into a shared list as `file:line: 哪里错了，怎么改`, so that a loader can read
all its files and report every mistake at once. A file that cannot be parsed at all raises
DataError with its one problem; the loader decides whether to go on with the other files.
"""

import os
import pickle
from importlib.metadata import version
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import yamlchunks, yamlfile
from .cache import digest
from .messages import translate
from .pool import forked_map
from .problems import DataError, Problem
from .yamlfile import DuplicateKey, LineMap, Refused, line_of, parse

# What a kept parse depends on besides the file: the parser.
_PARSER_CODE = digest(version("ruamel.yaml"), Path(yamlfile.__file__).read_bytes(),
                      Path(yamlchunks.__file__).read_bytes())


class Document:
    """A parsed YAML file; `doc` is its LineMap. `known_fields` feed "是不是想写…" suggestions and
    `value_labels` give allowed values their Chinese names in messages."""

    def __init__(self, path, problems, display_name=None, known_fields=(), value_labels=None, setting="", expect="",
                 parsed=None):
        self.name = display_name or Path(path).name
        self.problems = problems
        self.known_fields = known_fields
        self.value_labels = value_labels or {}
        # parsed: the file's LineMap when read_side_by_side() has read it already.
        self.doc = parsed if parsed is not None else _parse(path, self.name, setting, expect)

    def report(self, loc, message, detail=""):
        self.problems.append(Problem(self.name, line_of(self.doc, loc), message, tuple(loc), detail or message))

    def validate(self, model, raw, loc, context=None, record="记录"):
        """The model, or None with every error reported at its line. `record` names what one item
        of a top-level list is (接种点, 学校…), so the clerk sees which one is wrong."""
        try:
            return model.model_validate(raw, context=context)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                full_loc = loc + tuple(detail["loc"])
                names_field = detail["type"] in ("missing", "extra_forbidden")
                where = _where(self.doc, full_loc[:-1] if names_field else full_loc, record)
                said = translate(detail, self.known_fields, self.value_labels)
                self.report(full_loc, where + said, said)
            return None

    def report_duplicates(self, list_key, field, message):
        """Report each item of the top-level list whose `field` repeats an earlier item's, compared
        as the models compare them (surrounding spaces trimmed: "abc " is "abc").

        `message(value, first_line)` says it; returns {value: index of its first item}."""
        first = {}
        for index, raw in enumerate(self.doc.get(list_key) or []):
            value = raw.get(field) if isinstance(raw, dict) else None
            if not isinstance(value, str):
                continue
            value = value.strip()
            if value in first:
                self.report((list_key, index, field), message(value, line_of(self.doc, (list_key, first[value], field))))
            else:
                first[value] = index
        return first


# Each file's last parse in this process, by its key in the store: a process that builds again
# (make devserver, make edit) takes it from here rather than unpickling the store's copy. Like the
# store's copy it is used once (yamlchunks.parse moves its items into the new parse), so it is
# taken out when used and the new parse put in.
_last_parses = {}

# Below this many bytes in all, starting worker processes costs more than reading side by side saves.
SIDE_BY_SIDE_BYTES = 1_000_000


def read_side_by_side(paths, store=None, skip=()):
    """{path: its LineMap} for the files among paths (None: no file) that read cleanly, parsed on
    every core when they are large: a province's files take five seconds one after another. A
    file left out (missing, or with a mistake) is read by Document as usual, which reports it.

    store (datafile.cache.Store): each file's last parse is kept there, so that a rebuild parses
    only the files that changed, and of those only the list items that changed
    (datafile/yamlchunks.py): a clerk's edit to one site parses that site. Paths in skip are
    neither read nor parsed (the caller has what it needs of them), but their parses stay kept."""
    paths = [path for path in paths if path and os.path.isfile(path)]
    kept_as_is = {digest(_PARSER_CODE, os.path.abspath(path)) for path in paths if path in skip}
    paths = [path for path in paths if path not in skip]
    texts = {path: Path(path).read_bytes() for path in paths}
    before, found, keys = {}, {}, {}
    if store is not None:
        for path in paths:
            keys[path] = digest(_PARSER_CODE, os.path.abspath(path))
            before[path] = _last_parses.pop(keys[path], None)
            if before[path] is None:
                kept = store.get(keys[path], ".pickle")
                before[path] = pickle.loads(kept) if kept else None
            text = _text(texts[path])
            if before[path] is not None and text is not None and before[path].text_digest == digest(text):
                found[path] = before[path].tree()
                _last_parses[keys[path]] = before[path]
    todo = [path for path in paths if path not in found]

    def parse_one(path):
        return _parse_or_none(texts[path], before.get(path))

    if len(todo) >= 2 and sum(len(texts[path]) for path in todo) >= SIDE_BY_SIDE_BYTES:
        parsed = forked_map(parse_one, todo)
    elif store is not None:
        parsed = [parse_one(path) for path in todo]
    else:
        parsed = []  # small files: Document reads them
    for path, result in zip(todo, parsed):
        if result is not None:
            found[path] = result.tree()
            if store is not None:
                store.put_soon(keys[path], ".pickle", lambda result=result: pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
                _last_parses[keys[path]] = result
    if store is not None:
        store.prune(set(keys.values()) | kept_as_is, max_age_days=0)  # one parse per file is all a build needs
    return found


def _text(data):
    """The file's text as Path.read_text() gives it (any line ending read as "\\n")."""
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return None


def _parse_or_none(data, before=None):
    """The file's yamlchunks.Parsed, or None when it has a mistake (Document reads it again, and
    words the mistake) or its top level is not a mapping."""
    text = _text(data)
    if text is None:
        return None
    try:
        result = yamlchunks.parse(text, before)
    except Exception:
        return None
    return result if isinstance(result.tree(), LineMap) else None


def _parse(path, name, setting, expect):
    """The file's LineMap. `setting` names the setting that points at it; `expect` says what the
    top level must hold, for a file that is not a mapping at all."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, 0, f"找不到文件 {path}，请检查{(' ' + setting + ' ') if setting else ''}设置或文件名")])
    except UnicodeDecodeError:
        raise DataError([Problem(name, 1, "文件不是 UTF-8 编码，请用 UTF-8 另存后再试")])
    try:
        doc = parse(text)
    except Refused as error:
        raise DataError([Problem(name, error.line, error.message)])
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
        raise DataError([Problem(name, 1, f"{expect or '文件的格式不对'}，请对照示例文件检查")])
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


def _where(doc, loc, record):
    """'接种点「pingxiang-whc」的 hours.weekly：' so the clerk sees which record."""
    path = ".".join(p for p in loc if isinstance(p, str) and p != "[key]")
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(doc.get(loc[0]), list):
        raw = doc[loc[0]][loc[1]]
        label = next((raw.get(k) for k in ("id", "name", "township", "term") if raw.get(k)), None) \
            if isinstance(raw, dict) else None
        who = f"{record}「{label}」" if label else f"第 {loc[1] + 1} 个{record}"
        path = ".".join(p for p in loc[2:] if isinstance(p, str) and p != "[key]")
        return f"{who}{'的 ' + path if path else ''}："
    return f"{path}：" if path else ""
