"""YAML with a line number for every key and item, read fast.

libyaml (through ruamel.yaml.clib) reads a province's data in seconds where the pure-Python
parser takes minutes. It follows YAML 1.1, though, and rejects a few things YAML 1.2 allows,
such as `[8:00-12:00]` inside brackets; for those files, and to word syntax errors, we fall back
to ruamel's pure-Python round-trip parser. Both give the same LineMap/LineList tree.
Dates stay text, so that a bad one (2026-13-01) becomes a validation error with a line.

Before parsing, a file is refused (with its line) if it could exhaust the machine: anchors and
aliases (& and *, which let 3 KB expand to gigabytes), nesting deeper than any real data file
needs (deep nesting crashes the parser), and numbers longer than any real value.
"""

import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver


class LineMap(dict):
    """A mapping that knows the 1-based line of each of its keys."""

    def __init__(self, line):
        super().__init__()
        self.line = line
        self.key_lines = {}


class LineList(list):
    """A sequence that knows the 1-based line of each of its items."""

    def __init__(self, line):
        super().__init__()
        self.line = line
        self.item_lines = []


# Limits far beyond any real data file: the sample nests 8 deep and its longest number has 12 digits.
MAX_INDENT = 80
MAX_FLOW_DEPTH = 20
MAX_DASHES = 10
MAX_DIGITS = 30


class Refused(Exception):
    """The file is refused before parsing; `message` says why, in Chinese, for `line`."""

    def __init__(self, line, message):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


class DuplicateKey(Exception):
    def __init__(self, line, key):
        super().__init__(f"duplicate key {key!r} on line {line}")
        self.line = line
        self.key = key


def parse(text):
    """The document as LineMap/LineList/scalars. Raises Refused for a file that could exhaust the
    machine, ruamel's YAMLError on bad syntax."""
    check_shape(text)
    fast = YAML(typ="safe", pure=False)
    fast.Resolver = _OneVersionResolver
    try:
        return _from_node(fast.compose(text))
    except YAMLError:
        pass  # YAML 1.2 only, or broken: the pure parser decides, and words the error
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    return _from_commented(yaml.load(text))


_DEEP_INDENT = re.compile(r"^ {%d,}\S" % (MAX_INDENT + 1), re.M)
_DASHES = re.compile(r"^ *(?:- +){%d,}" % (MAX_DASHES + 1), re.M)
_LONG_NUMBER = re.compile(r"\d{%d,}" % (MAX_DIGITS + 1))
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:?-])[&*][^\s,\[\]{}]", re.M)
_QUOTED_OR_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|#[^\n]*')
# Quoted text, a comment or a bracket, whichever comes first.
_BRACKET_OR_SKIPPED = re.compile(_QUOTED_OR_COMMENT.pattern + r"|[\[\]{}]")


def _line_at(text, position):
    return text.count("\n", 0, position) + 1


def check_shape(text):
    """Raise Refused for anchors or aliases, nesting too deep, or a number too long.

    Whole-text searches, not a loop over lines: a province's files are read in a blink."""
    for pattern, message in (
            (_DEEP_INDENT, "这一行缩进得太深了，真实的数据不会这么深，请检查这一行和它上面几行的缩进"),
            (_DASHES, "这一行的“- ”嵌套得太深了，真实的数据不会这么深，请检查"),
            (_LONG_NUMBER, f"这一行有一个超过 {MAX_DIGITS} 位的数字，没有这么长的坐标、电话或人数，请检查")):
        match = pattern.search(text)
        if match:
            raise Refused(_line_at(text, match.start()), message)
    if ("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text):  # the pattern's search: 0.16 s a province
        line = _anchor_or_alias_line(text)
        if line:
            raise Refused(line, "这一行用了 YAML 的锚点或别名（& 或 * 开头的写法），数据文件里不能用。"
                                "请把要重复的内容直接写出来；如果是文字，请给整个值加上引号")
    _check_flow_depth(text)


def _anchor_or_alias_line(text):
    """The line of the first anchor or alias the parser sees (not a & or * inside quoted text)."""
    for pure in (False, True):
        try:
            for event in YAML(typ="safe", pure=pure).parse(text):
                if getattr(event, "anchor", None):
                    return event.start_mark.line + 1
            return None
        except YAMLError:
            continue  # YAML 1.2 only, or broken: try the pure parser; then the real parse reports it
    return None


def _check_flow_depth(text):
    """Brackets [ ] { } nested deeper than MAX_FLOW_DEPTH, outside quotes and comments. One scan
    that steps over quoted text and comments as it meets them (blanking them first, as this
    did, took 0.16 s of a province's sites.yaml)."""
    if "[" not in text and "{" not in text:
        return
    depth = 0
    for match in _BRACKET_OR_SKIPPED.finditer(text):
        found = match.group()
        if len(found) != 1 or found not in "[]{}":
            continue  # quoted text or a comment
        if found in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise Refused(_line_at(text, match.start()),
                              "这一行的括号 [ ] 或 { } 嵌套得太深了，真实的数据不会这么深，请检查括号是否配对")
        else:
            depth = max(0, depth - 1)


class _OneVersionResolver(VersionedResolver):
    """ruamel works out which YAML version applies for every scalar, through two failing attribute
    lookups: a third of the time a province's files take to read. With libyaml it cannot change
    within a file, so it is worked out once."""

    @property
    def processing_version(self):
        try:
            return self._version_of_file
        except AttributeError:
            self._version_of_file = VersionedResolver.processing_version.fget(self)
            return self._version_of_file


class _DatesAsText(RoundTripConstructor):
    pass


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _DatesAsText.construct_yaml_str)

_BOOLS = {"true": True, "false": False}
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _tag(node):
    """node.tag, without ruamel decoding a plain tag's escapes a character at a time."""
    tag = node.ctag
    if tag is not None and tag.handle is None and tag.suffix is not None and "%" not in tag.suffix:
        return tag.suffix
    return node.tag


def _scalar(node):
    tag, value = _tag(node), node.value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return _BOOLS[value.lower()]
    if tag.endswith(":int"):
        text = value.replace("_", "")
        if text.lower().startswith(("0o", "+0o", "-0o")):
            return int(text.lower().replace("0o", ""), 8)
        if text.lower().startswith(("0x", "+0x", "-0x")):
            return int(text, 16)
        return int(text, 10)
    if tag.endswith(":float"):
        return _SPECIAL_FLOATS[value.lower()] if value.lower() in _SPECIAL_FLOATS else float(value.replace("_", ""))
    return value  # str, timestamps and anything else stay text


def _from_node(node, seen=None):
    if node is None:  # an empty file
        return None
    seen = {} if seen is None else seen
    if id(node) in seen:  # an alias
        return seen[id(node)]
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result = seen[id(node)] = LineMap(line)
        for key_node, value_node in node.value:
            key = _from_node(key_node, seen)
            key = key if isinstance(key, (str, int, float, bool, type(None))) else str(key)
            if key in result:
                raise DuplicateKey(key_node.start_mark.line + 1, key)
            result.key_lines[key] = key_node.start_mark.line + 1
            result[key] = _from_node(value_node, seen)
        return result
    if isinstance(node, SequenceNode):
        result = seen[id(node)] = LineList(line)
        for item in node.value:
            result.item_lines.append(item.start_mark.line + 1)
            result.append(_from_node(item, seen))
        return result
    assert isinstance(node, ScalarNode)
    return _scalar(node)


def _from_commented(data):
    if isinstance(data, CommentedMap):
        result = LineMap(data.lc.line + 1)
        for key, value in data.items():
            result.key_lines[key] = data.lc.key(key)[0] + 1
            result[key] = _from_commented(value)
        return result
    if isinstance(data, CommentedSeq):
        result = LineList(data.lc.line + 1)
        for index, value in enumerate(data):
            result.item_lines.append(data.lc.item(index)[0] + 1)
            result.append(_from_commented(value))
        return result
    if isinstance(data, bool) or data is None:
        return data
    for kind in (int, float, str):
        if isinstance(data, kind):
            return kind(data)
    return data


def line_of(doc, loc):
    """1-based line of the deepest node along `loc` that exists in the document."""
    node, line = doc, 1
    for key in loc:
        if isinstance(node, LineMap) and key in node:
            line = node.key_lines[key]
            node = node[key]
        elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return line
