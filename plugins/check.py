"""`make check`: validate every file the editors own, without building the site.

    PYTHONPATH=plugins python -m check [pelicanconf.py] [--strict]

Checks the settings, the county's data files (sites.yaml, places.yaml, schools.yaml,
geocoded.yaml), the FAQ pages and glossary, the school letter templates, the other pages
(content/pages/) and the daily reports, and prints every problem as
`file:line: 怎么改`. Exits 1 on any error, and with --strict (`make check STRICT=1`) on any
warning too.
"""

import sys

from county import check as county_check
from datafile.problems import DataError
from faq import check as faq_check
from framework import content as content_check
from framework import dry_run
from framework import pages as pages_check
from framework import settings as framework_settings
from progress import check as progress_check
from schools import check as schools_check

CHECKS = [content_check.check, county_check.check, faq_check.check, schools_check.check, pages_check.check, progress_check.check]


def collect(settings, plan=True):
    """(problems, warnings, summaries) of every check, for completed settings. With `plan`, and
    every file valid, the whole build is planned as it would run and the plan checked too. A
    preview build's report (plugins/buildreport) collects without `plan`: it is the build."""
    problems, warnings, summaries = [], [], []
    for check in CHECKS:
        found, warned, summary = check(settings)
        problems += found
        warnings += warned
        summaries.append(summary)
    if plan and not problems:
        # With every file valid, plan the whole build as it would run, and check the plan.
        found, _, summary = dry_run.check(settings)
        problems += found
        summaries.append(summary)
    return problems, warnings, summaries


def main(argv=None):
    settings, _, options = framework_settings.from_command_line(sys.argv[1:] if argv is None else argv)
    strict = "--strict" in options
    problems, warnings, summaries = collect(settings)
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
