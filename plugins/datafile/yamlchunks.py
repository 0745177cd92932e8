"""Read a YAML file again after an edit by parsing only the list items that changed.

A province's sites.yaml holds thousands of items under `sites:`; parsing all of it takes a second
and a half, and a clerk's edit changes one of them. `parse(text, before)` splits the text into
its top-level lists' items (an item runs from its "- " line to the next one at the same indent)
and the rest (the skeleton: the file with the items' lines left blank, so every line keeps its
number). An item whose text the last parse read is taken from it, its lines moved by as many
lines as the item moved; the others, and the skeleton, are parsed.

The result is the very tree yamlfile.parse() makes of the whole text. Where that cannot be
shown cheaply, the whole text is parsed instead: a file whose items the split does not find where
the parser finds them (checked on every whole parse), and an edit whose pieces do not parse on
their own (a mistake: the whole parse then reports it as always).
"""

import re

from ruamel.yaml.error import YAMLError

from .cache import digest
from .yamlfile import DuplicateKey, LineList, LineMap, check_shape, parse as parse_whole

# A top-level key with nothing after it on its line (its value is on the lines below).
_KEY_LINE = re.compile(r"""^(?:[^\s#\-'"][^#]*?|"[^"]*"|'[^']*'):[ \t]*(?:#.*)?\r?$""")
_ITEM_LINE = re.compile(r"^( *)-(?:[ \t]|\r?$)")
_QUIET_LINE = re.compile(r"^[ \t]*(?:#.*)?\r?$")  # blank or a comment


class Parsed:
    """One file's parse, kept between builds: the text's digest, the skeleton's parse and its
    text's digest, and, for each top-level list split into items, the items' texts, first lines
    and trees. `lists` is None for a file the split does not fit: it is always parsed whole."""

    def __init__(self, text_digest, skeleton, lists, skeleton_digest=None):
        self.text_digest, self.skeleton, self.lists = text_digest, skeleton, lists
        self.skeleton_digest = skeleton_digest

    def tree(self):
        """The file's LineMap (or whatever the whole parse gives for a file without lists)."""
        if not self.lists:
            return self.skeleton
        tree = LineMap(self.skeleton.line)
        for key, value in self.skeleton.items():  # the file's order of keys
            if key in self.lists:
                first_line, items = self.lists[key]
                value = LineList(first_line)
                for _, _, item_line, item in items:
                    value.item_lines.append(item_line)
                    value.append(item)
            tree[key] = value
            tree.key_lines[key] = self.skeleton.key_lines[key]
        return tree


def parse(text, before=None):
    """A Parsed for text, taking what it can from `before` (the last Parsed of the same file, as
    kept between builds: its items are moved into the new one, not copied, so it is used once).
    Raises what yamlfile.parse() raises for a file with a mistake."""
    text_digest = digest(text)
    if before is not None and before.lists is not None:
        try:
            return _parse_pieces(text, text_digest, before)
        except _NotAlone:
            pass
    tree = parse_whole(text)
    split = _split(text.split("\n")) if isinstance(tree, LineMap) else None
    lists = _lists_of(split, tree)
    if lists is None:
        return Parsed(text_digest, tree, None)
    skeleton = LineMap(tree.line)  # the tree without the lists kept item by item
    skeleton.key_lines.update(tree.key_lines)
    skeleton.update({key: None if key in lists else value for key, value in tree.items()})
    return Parsed(text_digest, skeleton, lists, digest("\n".join(split[0])))


class _NotAlone(Exception):
    """The pieces do not give the whole file's tree: parse it whole."""


def _split(lines):
    """(skeleton lines, {key line: [(first line number, item text)]}) for the text's lines (line
    numbers from 1), or None when a list's items are not where a simple split can tell."""
    skeleton, lists = list(lines), {}
    number = 0
    while number < len(lines):
        if not _KEY_LINE.match(lines[number]):
            number += 1
            continue
        key_line = number
        number += 1
        while number < len(lines) and _QUIET_LINE.match(lines[number]):
            number += 1
        item = _ITEM_LINE.match(lines[number]) if number < len(lines) else None
        if item is None:
            continue
        indent, starts = len(item.group(1)), []
        while number < len(lines):
            line = lines[number]
            if _QUIET_LINE.match(line):
                number += 1
                continue
            shown = len(line) - len(line.lstrip(" "))
            if shown == indent and _ITEM_LINE.match(line):
                starts.append(number)
            elif shown <= indent:
                if shown > 0 or line.startswith("-"):
                    return None  # not a top-level key after the list: leave it to the parser
                break
            number += 1
        end = number
        # Blank lines and comments after the last item belong to the skeleton, not the item.
        while end > starts[-1] + 1 and _QUIET_LINE.match(lines[end - 1]):
            end -= 1
        bounds = starts + [end]
        lists[key_line + 1] = [(start + 1, "\n".join(lines[start:stop])) for start, stop in zip(bounds, bounds[1:])]
        for blank in range(bounds[0], end):
            skeleton[blank] = ""
    return skeleton, lists


def _lists_of(split, tree):
    """What to keep of a whole parse for the next: each split list's items with their trees, when
    the split (of the text: _split) found exactly the items the parser found; otherwise None."""
    if not split or not split[1]:
        return None
    _, lists = split
    keys_by_line = {line: key for key, line in tree.key_lines.items()}
    kept = {}
    for key_line, items in lists.items():
        key = keys_by_line.get(key_line)
        value = tree.get(key)
        if not isinstance(value, LineList) or len(value) != len(items) or value.line != items[0][0]:
            return None
        starts = [start for start, _ in items] + [float("inf")]
        if any(not starts[i] <= line < starts[i + 1] for i, line in enumerate(value.item_lines)):
            return None
        kept[key] = (value.line, [(start, item_text, item_line, item) for (start, item_text), item_line, item
                                  in zip(items, value.item_lines, value)])
    return kept


def _parse_pieces(text, text_digest, before):
    check_shape(text)  # anchors, depth and long numbers are refused in the whole text, as always
    split = _split(text.split("\n"))
    if not split or not split[1]:
        raise _NotAlone()
    skeleton_lines, lists = split
    skeleton_text = "\n".join(skeleton_lines)
    skeleton_digest = digest(skeleton_text)
    if skeleton_digest == before.skeleton_digest:
        # The same text, so the same tree: taken, as the items are (`before` is used once). An
        # edit that changes no item's number of lines leaves it so (0.2 s of a province's file).
        skeleton = before.skeleton
    else:
        try:
            skeleton = parse_whole(skeleton_text)
        except (YAMLError, DuplicateKey):
            raise _NotAlone() from None
    if not isinstance(skeleton, LineMap):
        raise _NotAlone()
    keys_by_line = {line: key for key, line in skeleton.key_lines.items()}
    kept_items = {}  # item text -> [(first line, item line, tree)] of the last parse
    for _, items in before.lists.values():
        for start, item_text, item_line, item in items:
            kept_items.setdefault(item_text, []).append((start, item_line, item))
    found = {}
    for key_line, items in lists.items():
        key = keys_by_line.get(key_line)
        if key is None or skeleton.get(key) is not None:
            raise _NotAlone()
        parsed = []
        for start, item_text in items:
            if kept_items.get(item_text):
                old_start, item_line, item = kept_items[item_text].pop()
                _move(item, start - old_start)
                parsed.append((start, item_text, item_line + start - old_start, item))
            else:
                parsed.append((start, item_text, *_parse_item(item_text, start)))
        found[key] = (items[0][0], parsed)
    return Parsed(text_digest, skeleton, found, skeleton_digest)


def _parse_item(item_text, start):
    """(the item's line, its tree) for one list item's text that begins on line `start`."""
    try:
        alone = parse_whole(item_text)
    except (YAMLError, DuplicateKey):
        raise _NotAlone() from None
    if not isinstance(alone, LineList) or len(alone) != 1:
        raise _NotAlone()
    _move(alone, start - 1)
    return alone.item_lines[0], alone[0]


def _move(value, lines):
    """Add `lines` to every line number in a parsed tree, in place."""
    if not lines:
        return
    if isinstance(value, LineMap):
        value.line += lines
        for key in value.key_lines:
            value.key_lines[key] += lines
        for child in value.values():
            _move(child, lines)
    elif isinstance(value, LineList):
        value.line += lines
        value.item_lines[:] = [line + lines for line in value.item_lines]
        for child in value:
            _move(child, lines)
