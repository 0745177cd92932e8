"""One timed Pelican build, run by run.py in a process of its own (so its peak memory is its own).

    python benchmarks/_build.py SETTINGS OUTPUT TIMINGS.json [KEY=JSON ...]

Wraps each generator's __init__, generate_context and generate_output, and each `finalized`
receiver, in a timer; writes the times, the wall time and the peak RSS to TIMINGS.json.
"""

import json
import resource
import sys
import time
from collections import defaultdict

from pelican import Pelican, signals
from pelican.settings import read_settings

times = defaultdict(float)


def timed(cls):
    class Timed(cls):
        def __init__(self, *args, **kwargs):
            started = time.perf_counter()
            super().__init__(*args, **kwargs)
            times[f"{cls.__name__}.init"] += time.perf_counter() - started

    for method in ("generate_context", "generate_output"):
        if hasattr(cls, method):
            def wrapper(self, *args, _method=method, **kwargs):
                started = time.perf_counter()
                result = getattr(super(Timed, self), _method)(*args, **kwargs)
                times[f"{cls.__name__}.{_method}"] += time.perf_counter() - started
                return result
            setattr(Timed, method, wrapper)
    Timed.__name__ = cls.__name__
    return Timed


def main(settings_file, output, report, *extra):
    overrides = {}
    for item in extra:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)
    started = time.perf_counter()
    settings = read_settings(settings_file, override={"OUTPUT_PATH": output, **overrides})
    pelican = Pelican(settings)
    original = Pelican._get_generator_classes
    Pelican._get_generator_classes = lambda self: [timed(c) for c in original(self)]

    def send(sender, **kwargs):
        for receiver in signals.finalized.receivers_for(sender):
            begun = time.perf_counter()
            receiver(sender, **kwargs)
            times[f"finalized.{receiver.__module__}"] += time.perf_counter() - begun
    signals.finalized.send = send
    pelican.run()
    wall = time.perf_counter() - started
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    with open(report, "w") as out:
        json.dump({"wall": wall, "peak_rss_mb": peak_kb / 1024, "times": times}, out, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
