"""The content folder holds only the project's own files: a symbolic link that points outside the
project (to /etc, a home folder, another site) would publish whatever it points at."""

import os
from pathlib import Path

from datafile.problems import Problem


def outside_links(settings):
    """A problem for each symbolic link under PATH whose target lies outside the project."""
    content = Path(settings["PATH"])
    project = os.path.realpath(content.parent)
    problems = []
    for folder, dirs, names in os.walk(content):
        for name in dirs + names:
            path = Path(folder) / name
            if path.is_symlink():
                target = os.path.realpath(path)
                if os.path.commonpath([project, target]) != project:
                    problems.append(Problem(str(path.relative_to(content.parent)), 0,
                                            f"这是一个指向项目以外（{target}）的链接，不能发布。"
                                            "请删去这个链接，把要发布的文件本身放进来"))
    return problems


def check(settings):
    """(problems, warnings, summary) for `make check`."""
    return outside_links(settings), [], ""
