"""No two pages may be written to one file: checked when every output is known, before any is written.

Pelican would stop half-way with a traceback when, say, a page's Slug is `sites` (the list of all
sites) or an FAQ page's Slug is `glossary` (the glossary page). Our generators plan their pages
and files in generate_context (FeatureGenerator.add_page and add_file); Pelican's own pages and
static files are known by then too. A clash stops the build with the editor's file and line.
"""

import posixpath
import re
from pathlib import Path

from datafile.problems import DataError, Problem

from .generator import FeatureGenerator


def planned(generator):
    """[(output path, what it is, (file, line) or ())] of one generator, ours or Pelican's."""
    if isinstance(generator, FeatureGenerator):
        return generator.outputs()
    found = []
    for name in ("pages", "hidden_pages", "draft_pages", "articles", "drafts"):
        for content in getattr(generator, name, []):
            if content.save_as:
                source = Path(content.source_path)
                found.append((content.save_as, f"页面 {source.name}", (source.name, _slug_line(source))))
    for static in getattr(generator, "staticfiles", []):
        found.append((static.save_as, f"文件 {Path(static.source_path).name}", ()))
    return found


def _slug_line(path):
    """The line of a page's Slug (or Title, which Pelican makes the slug from), else 1."""
    try:
        rows = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for key in ("slug", "title"):
        for number, row in enumerate(rows, start=1):
            if re.match(rf"^{key}\s*:", row, re.IGNORECASE):
                return number
    return 1


def check(generators):
    """Raise DataError for every output path that two things would be written to."""
    claimed, problems = {}, []
    for generator in generators:
        for path, origin, where in planned(generator):
            key = posixpath.normpath(path.replace("\\", "/"))
            if key not in claimed:
                claimed[key] = (origin, where)
                continue
            first_origin, first_where = claimed[key]
            file, line = where or first_where or ("pelicanconf.py", 0)
            problems.append(Problem(file, line, f"{first_origin}和{origin}要写到同一个文件 {key}，后写的会盖掉先写的。"
                                                "请给其中一个换个名字（Slug 或编号）"))
    if problems:
        raise DataError(problems)
