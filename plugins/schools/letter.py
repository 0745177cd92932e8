"""The letter to parents: a Markdown template the editors own, with 【占位符】 filled in per school."""

import re
from pathlib import Path

from datafile.problems import Problem

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


def check(path):
    """Problems for unknown placeholders in a letter template, with their lines."""
    problems = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in PLACEHOLDERS:
                known = "、".join(f"【{k}】" for k in PLACEHOLDERS)
                problems.append(Problem(Path(path).name, number,
                                        f"不认识的占位符【{match.group(1)}】。可以用的有：{known}"))
    return problems


def fill(text, values):
    """Replace every 【占位符】 (all known: check() ran first)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
