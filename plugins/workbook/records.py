"""sites.yaml as ruamel's round-trip tree: read, changed field by field, written back byte for byte.

The same settings that read the file write it, so a file nobody changed comes back identical,
comments, order and quoting included (tests/test_workbook.py checks the sample and a province).
"""

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from datafile import yamlfile


def _yaml():
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096                      # never fold a long line that was one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text):
    """The round-trip tree, to change and write back (a province's file takes half a minute)."""
    return _yaml().load(text)


def read(text):
    """The tree as the build reads it (libyaml: a province's file in a second or two), to read only."""
    return yamlfile.parse(text)


def dump(document):
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def at(node, path):
    """The node at `path` (keys), or None."""
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def put(record, path, value, shorthand=None):
    """Set record[path] = value; None removes it, and a mapping it leaves empty.

    `shorthand`: the key a bare value of the parent stands for (`status: paused` is
    `status: {state: paused}`); such a parent stays bare while it holds that key only."""
    *parents, last = path
    node = record
    for depth, key in enumerate(parents):
        child = node.get(key)
        if child is None:
            if value is None:
                return
            child = node[key] = CommentedMap()
        elif not isinstance(child, dict):
            if last == shorthand and depth == len(parents) - 1:  # the bare value itself changes
                if value is None:
                    del node[key]
                else:
                    node[key] = value
                return
            child = node[key] = CommentedMap([(shorthand, child)] if shorthand else [])
        node = child
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    _prune_empty(record, parents)
    _bare_again(record, parents, shorthand)


def _prune_empty(record, parents):
    for depth in range(len(parents), 0, -1):
        parent, key = at(record, parents[:depth - 1]), parents[depth - 1]
        if isinstance(parent, dict) and isinstance(parent.get(key), dict) and not parent[key]:
            del parent[key]


def _bare_again(record, parents, shorthand):
    """{how: 电话预约} back to `电话预约` when the shorthand key is all that is left."""
    if not shorthand or not parents:
        return
    parent, key = at(record, parents[:-1]), parents[-1]
    node = parent.get(key) if isinstance(parent, dict) else None
    if isinstance(node, dict) and list(node) == [shorthand]:
        parent[key] = node[shorthand]


def new_list():
    return CommentedSeq()


def new_record():
    return CommentedMap()
