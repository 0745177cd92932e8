"""The letter to parents: a Markdown template the editors own, with 【占位符】 filled in per school."""

import re
from pathlib import Path

from datafile import markup
from datafile.problems import DataError, Problem

PLACEHOLDER = re.compile(r"【([^【】\n]*)】")
PLACEHOLDERS = {
    "学校": "学校名称",
    "学区": "学校所在的学区",
    "学区接种点": "学区的接种点名称",
    "接种点地址": "学区接种点的地址",
    "开放时间": "学区接种点的开放时间（文字）",
    "接种点电话": "学区接种点的电话",
    "要带的东西": "接种时要带的东西（设置 SCHOOL_BRING）",
    "最近的接种点": "离学校最近的几个正常开放的接种点，带距离（一个列表）",
    "日期": "生成这封信的日期",
}


def check(path, renderer):
    """(problems, warnings) of a letter template, with their lines: unknown placeholders are
    problems; Markdown that the page will not show (HTML, attribute lists, unsafe links) warnings."""
    problems = []
    text = Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in PLACEHOLDERS:
                known = "、".join(f"【{k}】" for k in PLACEHOLDERS)
                problems.append(Problem(Path(path).name, number,
                                        f"不认识的占位符【{match.group(1)}】。可以用的有：{known}"))
    warnings = [Problem(Path(path).name, line, message) for line, message in markup.warnings(renderer, text)]
    return problems, warnings


def templates(folder, school_ids):
    """({school id: template path}, warnings) for the letters in `folder` (SCHOOLS_DIR), or
    DataError for a missing letter.md, bad placeholders and overrides named after no school."""
    folder = Path(folder)
    default = folder / "letter.md"
    if not default.exists():
        raise DataError([Problem(f"{folder.name}/letter.md", 0, "找不到告家长书模板 letter.md")])
    ids = set(school_ids)
    chosen = {school_id: default for school_id in school_ids}
    problems, warnings = [], []
    renderer = markup.new_markdown()
    for path in sorted(folder.glob("*.md")):
        found, warned = check(path, renderer)
        problems += found
        warnings += warned
        if path.name == "letter.md":
            continue
        if path.stem in ids:
            chosen[path.stem] = path
        else:
            problems.append(Problem(path.name, 1, f"文件名「{path.stem}」不是任何学校的编号。学校自己的告家长书要用学校编号命名，如 "
                                                  f"{sorted(ids)[0] if ids else 'pingxiang-primary'}.md"))
    if problems:
        raise DataError(problems)
    return chosen, warnings


def fill(text, values):
    """Replace every 【占位符】 (all known: check() ran first)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
