"""YAML with a line number for every key and item, read fast.

libyaml (through ruamel.yaml.clib) reads a province's data in seconds where the pure-Python
parser takes minutes. It follows YAML 1.1, though, and rejects a few things YAML 1.2 allows,
such as `[8:00-12:00]` inside brackets; for those files, and to word syntax errors, we fall back
to ruamel's pure-Python round-trip parser. Both give the same LineMap/LineList tree.
Dates stay text, so that a bad one (2026-13-01) becomes a validation error with a line.
"""

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode


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


class DuplicateKey(Exception):
    def __init__(self, line, key):
        super().__init__(f"duplicate key {key!r} on line {line}")
        self.line = line
        self.key = key


def parse(text):
    """The document as LineMap/LineList/scalars. Raises ruamel's YAMLError on bad syntax."""
    try:
        return _from_node(YAML(typ="safe", pure=False).compose(text))
    except YAMLError:
        pass  # YAML 1.2 only, or broken: the pure parser decides, and words the error
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    return _from_commented(yaml.load(text))


class _DatesAsText(RoundTripConstructor):
    pass


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _DatesAsText.construct_yaml_str)

_BOOLS = {"true": True, "false": False}
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _scalar(node):
    tag, value = node.tag, node.value
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
