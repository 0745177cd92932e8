"""`make check`: validate every file the editors own, without building the site.

    PYTHONPATH=plugins python -m check [pelicanconf.py] [--strict]

Prints every problem as `file:line: 怎么改`. Exits 1 on any error, and with --strict
(`make check STRICT=1`) on any warning too.
"""

import sys

from pelican.settings import read_settings

from datafile.problems import DataError

CHECKS = ["sites.check", "faq.check", "progress.check"]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    strict = "--strict" in argv
    paths = [a for a in argv if not a.startswith("--")]
    config = read_settings(paths[0] if paths else "pelicanconf.py")
    problems, warnings, summaries = [], [], []
    for name in CHECKS:
        module = __import__(name, fromlist=["check"])
        found, warned, summary = module.check(config)
        problems += found
        warnings += warned
        summaries.append(summary)
    if problems:
        print(DataError(problems), file=sys.stderr)
    if warnings:
        print(f"有 {len(warnings)} 处需要注意（警告）：", file=sys.stderr)
        for warning in sorted(warnings):
            print(f"  {warning}", file=sys.stderr)
    if problems or (strict and warnings):
        if strict and warnings and not problems:
            print("STRICT=1：有警告也算没通过。请按上面的提示修改。", file=sys.stderr)
        return 1
    print("检查通过：" + "；".join(s for s in summaries if s) + "。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
