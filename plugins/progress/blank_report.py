"""`make progress-template`: the next reporting day's blank report (a CSV), townships filled in.

    PYTHONPATH=plugins python -m progress.blank_report [pelicanconf.py]

The targets are copied from each township's latest report (they rarely change); the doses are
left empty for the office to complete.
"""

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from county.cache import load as load_county
from datafile.problems import DataError
from framework import settings as framework_settings

from .load import BANDS, COLUMNS, read_folder


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        config = framework_settings.read(argv[0] if argv else "pelicanconf.py")
        townships = [t.name for t in load_county(config).county.townships]
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    reports, _, _ = read_folder(config, townships)
    today = config["SITES_TODAY"]
    latest = {}
    for report in reports:
        latest[report.township] = report
    day = max((r.date for r in reports), default=today - dt.timedelta(days=1)) + dt.timedelta(days=1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for name in townships:
        targets = [str(latest[name].get(b, "target")) if name in latest else "" for b in BANDS]
        writer.writerow([day.isoformat(), name] + [cell for t in targets for cell in (t, "", "")] + [""])
    folder = Path(config["PROGRESS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}.csv"
    if path.exists():
        print(f"{path} 已经存在，没有覆盖。", file=sys.stderr)
        return 1
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    print(f"已生成 {path}：请填上各乡镇的第一剂和全程累计人数，然后运行 make check。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
