"""`make export` and `make import` at a scale: how long the clerks wait, and how big the workbook is.

    python benchmarks/workbook.py county|province

On the generator's data (benchmarks/generate.py): export, import of the untouched workbook (no
change: sites.yaml must stay byte-identical), and import after one phone number changed (the
round-trip parse, the whole model validated, the file written). Wall-clock seconds on this
machine, one run each; figures, not tests.
"""

import datetime as dt
import shutil
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))
from generate import generate  # noqa: E402
from framework import settings as framework_settings  # noqa: E402
from workbook import export, importer, records  # noqa: E402


def timed(step):
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def main(scale):
    from openpyxl import load_workbook
    folder = Path(tempfile.mkdtemp(prefix=f"workbook-{scale}-"))
    try:
        generate(scale, folder)
        settings = framework_settings.read(ROOT / "pelicanconf.py")
        settings.update(SITES_FILE=str(folder / "sites.yaml"), PLACES_FILE=str(folder / "places.yaml"),
                        SCHOOLS_FILE=str(folder / "schools.yaml"), GEOCODE_CACHE=str(folder / "geocoded.yaml"),
                        SITES_TODAY=dt.date(2026, 11, 28))
        sites = folder / "sites.yaml"
        book = folder / "接种点.xlsx"
        before = sites.read_bytes()
        count = len(records.read(before.decode("utf-8"))["sites"])
        _, export_time = timed(lambda: export.write(records.read(sites.read_text(encoding="utf-8")), book))
        quiet = StringIO()
        code, same_time = timed(lambda: importer.run(settings, book, out=quiet, err=quiet))
        assert code == 0 and sites.read_bytes() == before, quiet.getvalue()
        workbook = load_workbook(book)
        sheet = workbook["接种点"]
        phone = [str(c.value).rstrip(" *") for c in sheet[1]].index("电话") + 1
        sheet.cell(row=count // 2 + 1, column=phone).value = "0932-7654321"
        workbook.save(book)
        code, changed_time = timed(lambda: importer.run(settings, book, out=quiet, err=quiet))
        assert code == 0 and b"0932-7654321" in sites.read_bytes(), quiet.getvalue()
        print(f"{scale}: {count} sites, sites.yaml {len(before) / 1e6:.2f} MB, 接种点.xlsx {book.stat().st_size / 1e6:.2f} MB")
        print(f"  make export                      {export_time:6.1f} s")
        print(f"  make import, nothing changed     {same_time:6.1f} s  (sites.yaml byte-identical)")
        print(f"  make import, one phone changed   {changed_time:6.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "county")
