"""A process that builds again and again, as `make devserver` and `make edit` do (test_rebuild.py).

    python tests/_loop_builder.py SETTINGS_FILE OUTPUT KEY=JSON ...

One Pelican instance; each line read from standard input starts a build, and between builds what
the last one made is freed (framework.devserver.between_builds). After each build it prints a line
"LOOP {json}": whether the build ended, and how many records and parses it keeps in memory for
the next build (county/load.py, datafile/document.py).
"""

import json
import sys

from pelican import Pelican
from pelican.settings import read_settings

from county import load
from datafile import document
from framework.devserver import between_builds


def main(settings_file, output, *extra):
    overrides = {"OUTPUT_PATH": output}
    for item in extra:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)
    site = Pelican(read_settings(settings_file, override=overrides))
    for _ in sys.stdin:
        try:
            site.run()
            ended = True
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            print(f"build failed: {error!r}", file=sys.stderr)
            ended = False
        finally:
            between_builds()
        kept = next(iter(load._in_memory.values()), {"records": {}})
        print("LOOP", json.dumps({"ended": ended, "records": len(kept["records"]), "parses": len(document._last_parses)}),
              flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
