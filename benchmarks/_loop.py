"""The clerk's loop, timed: one process that builds again after each change, as `make devserver`
and `make edit` do (framework/devserver.py), run by run.py.

    python benchmarks/_loop.py SETTINGS OUTPUT SITES_FILE CHANGES TIMINGS.json [KEY=JSON ...]

One Pelican instance builds OUTPUT once as it is, then CHANGES times after one site's address
changed in SITES_FILE (the same edit as run.py's fresh-process rebuild), freeing what each build
leaves between builds as the devserver does. The watcher's wait is not part of it: each figure is
site.run() alone, which is what the clerk waits for after saving. Writes {"first": seconds,
"after_site_change": [seconds of each rebuild]} to TIMINGS.json.
"""

import json
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings


def change_one_site(sites_file, number):
    text = sites_file.read_text(encoding="utf-8")
    at = text.index("    address: ") + len("    address: ")
    sites_file.write_text(text[:at] + f"（第{number}次修改）" + text[at:], encoding="utf-8")


def main(settings_file, output, sites_file, changes, report, *extra):
    from framework.devserver import between_builds  # importable once Pelican's plugins are on the path

    overrides = {"OUTPUT_PATH": output}
    for item in extra:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)
    site = Pelican(read_settings(settings_file, override=overrides))
    walls = []
    for number in range(int(changes) + 1):
        if number:
            change_one_site(Path(sites_file), number)
        started = time.perf_counter()
        site.run()
        walls.append(time.perf_counter() - started)
        between_builds()
    Path(report).write_text(json.dumps({"first": walls[0], "after_site_change": walls[1:]}), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
