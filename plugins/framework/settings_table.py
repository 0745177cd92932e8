"""The README's table of settings, made from framework/defaults.py.

    PYTHONPATH=plugins python -m framework.settings_table [README.md]     (make settings-table)

rewrites the table between the two marker lines in README.md; tests/test_settings.py fails when
the README and the defaults differ.
"""

import json
import sys
from pathlib import Path

from .defaults import DEFAULT_CONFIG

START = "<!-- settings table: made by `make settings-table` from plugins/framework/defaults.py -->"
END = "<!-- end of settings table -->"


def _shown(value):
    if value is None or isinstance(value, bool):
        return f"`{value}`"
    if isinstance(value, str):
        return f"`\"{value}\"`" if value else "`\"\"`"
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def table():
    rows = ["| setting | plugin | default | meaning |", "| --- | --- | --- | --- |"]
    for setting in DEFAULT_CONFIG:
        rows.append(f"| `{setting.name}` | {setting.group} | {_shown(setting.default).replace('|', '&#124;')} | "
                    f"{setting.doc.replace('|', '&#124;')} |")
    return "\n".join(rows)


def with_table(readme_text):
    """The README text with the table between the markers made anew."""
    before, start, rest = readme_text.partition(START)
    middle, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md has no settings table markers: {START} … {END}")
    return f"{before}{START}\n{table()}\n{END}{after}"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    readme = Path(argv[0] if argv else "README.md")
    readme.write_text(with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{readme}: settings table written ({len(DEFAULT_CONFIG)} settings).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
