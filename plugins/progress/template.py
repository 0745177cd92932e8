"""`make progress-template`: an empty CSV for the next reporting day, townships filled in.

    PYTHONPATH=plugins python -m progress.template [pelicanconf.py]

The targets are copied from each township's latest report (they rarely change); the doses are
left empty for the office to complete.
"""

import csv
import datetime as dt
import io
import sys

from pelican.settings import read_settings

from datafile.problems import DataError
from sites import settings as site_settings
from sites.load import load_sites

from .generator import load_reports, progress_folder
from .load import BANDS, COLUMNS


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    config = read_settings(argv[0] if argv else "pelicanconf.py")
    try:
        site_settings.read(config)
        townships = [t.name for t in load_sites(config["SITES_FILE"], today=config["SITES_TODAY"]).county.townships]
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    (reports, problems, _), today = load_reports(config, townships)
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
    folder = progress_folder(config)
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
