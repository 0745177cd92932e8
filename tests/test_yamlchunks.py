"""After an edit, a data file is read again by parsing only the list items that changed
(datafile/yamlchunks.py), and the result is exactly the tree a whole parse makes: every value,
every key's and item's line. A mistake is reported as a whole parse reports it."""

import datetime as dt
import pickle

import pytest

from conftest import ROOT, TODAY
from county.load import load_county
from datafile import yamlchunks
from datafile.cache import Store
from datafile.problems import DataError
from datafile.yamlfile import LineList, LineMap, parse


def assert_same_tree(got, want, where="文件"):
    assert type(got) is type(want), where
    if isinstance(want, (LineMap, LineList)):
        assert got.line == want.line, where
    if isinstance(want, LineMap):
        assert list(got) == list(want) and got.key_lines == want.key_lines, where
        for key in want:
            assert_same_tree(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, LineList):
        assert got.item_lines == want.item_lines and len(got) == len(want), where
        for index, (mine, theirs) in enumerate(zip(got, want)):
            assert_same_tree(mine, theirs, f"{where}[{index}]")
    else:
        assert got == want, where


def reparse(before_text, after_text):
    """The Parsed of after_text, made from a kept (pickled, as between builds) parse of before_text."""
    kept = pickle.loads(pickle.dumps(yamlchunks.parse(before_text)))
    assert kept.lists, "the sample's lists are kept item by item"
    return yamlchunks.parse(after_text, kept)


SITES = (ROOT / "sites.yaml").read_text(encoding="utf-8")
LINES = SITES.split("\n")
FIRST_ITEM = next(number for number, line in enumerate(LINES) if line.startswith("  - id: "))
NEXT_ITEM = next(number for number, line in enumerate(LINES) if number > FIRST_ITEM and line.startswith("  - id: "))
A_PHONE = next(number for number, line in enumerate(LINES) if line.startswith("    phone: "))


def edited(change):
    lines = list(LINES)
    change(lines)
    return "\n".join(lines)


EDITS = {
    "nothing": lambda lines: None,
    "a phone": lambda lines: lines.__setitem__(A_PHONE, "    phone: 0932-7777777"),
    "a line added (everything below moves down)": lambda lines: lines.insert(A_PHONE + 1, "    remark: 新加的一行"),
    "a line removed": lambda lines: lines.pop(A_PHONE),
    "an item removed": lambda lines: lines.__delitem__(slice(FIRST_ITEM, NEXT_ITEM)),
    "an item repeated": lambda lines: lines.__setitem__(slice(FIRST_ITEM, FIRST_ITEM),
                                                        LINES[FIRST_ITEM:NEXT_ITEM]),
    "a comment between items": lambda lines: lines.insert(NEXT_ITEM, "  # 下一个接种点"),
    "a comment at the top": lambda lines: lines.insert(0, "# 说明"),
    "a key after the list": lambda lines: lines.append("extra: 1"),
    "an item written as '-' then its fields": lambda lines: lines.__setitem__(
        FIRST_ITEM, "  -\n    " + LINES[FIRST_ITEM][4:]),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edited_file_read_piece_by_piece_is_the_whole_parse(edit):
    text = edited(EDITS[edit])
    assert_same_tree(reparse(SITES, text).tree(), parse(text))


@pytest.mark.parametrize("name", ["places.yaml", "schools.yaml"])
def test_the_other_files_are_read_piece_by_piece_too(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    item = next(number for number, line in enumerate(lines) if line.startswith("  - "))
    changed = "\n".join(lines[:item + 1] + ["    # 一行注释"] + lines[item + 1:])
    assert_same_tree(reparse(text, changed).tree(), parse(changed))


def test_a_mistake_in_an_edited_item_is_raised_as_a_whole_parse_raises_it():
    duplicate = edited(lambda lines: lines.insert(A_PHONE + 1, LINES[A_PHONE]))
    with pytest.raises(Exception) as whole:
        parse(duplicate)
    with pytest.raises(Exception) as pieces:
        reparse(SITES, duplicate)
    assert type(pieces.value) is type(whole.value) and str(pieces.value) == str(whole.value)


def test_a_file_the_split_cannot_follow_is_always_parsed_whole():
    # A quoted value that goes on at the start of a line: the split would end the list there.
    odd = SITES.replace("    phone: ", '    note: "一段\n说明"\n    phone: ', 1)
    assert_same_tree(yamlchunks.parse(odd).tree(), parse(odd))
    assert yamlchunks.parse(odd).lists is None


def test_a_rebuild_after_one_site_changed_parses_that_site_only(tmp_path, monkeypatch):
    """Through the loader, with the store a build keeps: one item parsed, the same model."""
    for name in ("sites.yaml", "places.yaml", "schools.yaml"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "cache")}

    def load():
        return load_county(tmp_path / "sites.yaml", today=dt.date.fromisoformat(TODAY),
                           places_path=tmp_path / "places.yaml", schools_path=tmp_path / "schools.yaml",
                           stores=(Store(settings, "parsed"), None))

    load()
    (tmp_path / "sites.yaml").write_text(edited(EDITS["a phone"]), encoding="utf-8")
    parsed = []
    real = yamlchunks._parse_item
    monkeypatch.setattr(yamlchunks, "_parse_item", lambda *args: parsed.append(args) or real(*args))
    again = load()
    assert len(parsed) == 1 and "0932-7777777" in parsed[0][0]
    assert any("0932-7777777" in str(site.phone) for site in again.sites)
    monkeypatch.undo()
    assert pickle.dumps(again) == pickle.dumps(load_county(
        tmp_path / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=tmp_path / "places.yaml",
        schools_path=tmp_path / "schools.yaml"))

    (tmp_path / "sites.yaml").write_text(edited(EDITS["a phone"]).replace("0932-7777777", "0932-77x"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load()
    assert any("电话" in str(problem) and f":{A_PHONE + 1}:" in str(problem) for problem in raised.value.problems)
