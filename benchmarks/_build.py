"""One timed Pelican build, run by run.py in a process of its own (so its peak memory is its own).

    python benchmarks/_build.py SETTINGS OUTPUT TIMINGS.json [KEY=JSON ...]

Wraps each generator's __init__, generate_context and generate_output, and each plugin's last
steps (framework/finishing.py: `started.<plugin>`, and `finished.<plugin>`, which includes the
wait for work that ran side by side with the steps before it), in a timer; writes the times, the wall time and two memory peaks to TIMINGS.json:
`peak_rss_mb`, the largest single process (this one or a child, such as Pagefind), and
`peak_tree_mb`, the most the build and all its processes held at once (PSS summed, sampled each
second; PSS splits pages that forked workers share, so nothing is counted twice).
"""

import json
import os
import resource
import sys
import threading
import time
from collections import defaultdict

from pelican import Pelican
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


def timed_step(receiver):
    """receiver, timed as `started.<plugin>`; the function it returns, as `finished.<plugin>`."""
    plugin = receiver.__module__.split(".")[0]

    def start(pelican):
        begun = time.perf_counter()
        complete = receiver(pelican)
        times[f"started.{plugin}"] += time.perf_counter() - begun
        if complete is None:
            return None

        def finish():
            begun = time.perf_counter()
            complete()
            times[f"finished.{plugin}"] += time.perf_counter() - begun
        return finish
    start.__module__ = receiver.__module__  # keeps its place in the order of PLUGINS
    return start


def tree_pss_kb(root):
    """PSS of root and every process below it, in KB (Linux /proc)."""
    children = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    children[int(stat.read().rsplit(")", 1)[1].split()[1])].append(int(entry))
            except OSError:
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


def sample_tree(peak, stop):
    while not stop.wait(1.0):
        peak[0] = max(peak[0], tree_pss_kb(os.getpid()))


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

    from framework.finishing import site_written  # importable once Pelican has loaded the plugins
    receivers_for = site_written.receivers_for

    def timed_receivers(sender):
        for receiver in receivers_for(sender):
            yield timed_step(receiver)
    site_written.receivers_for = timed_receivers
    tree_peak, stop = [0], threading.Event()
    sampler = threading.Thread(target=sample_tree, args=(tree_peak, stop), daemon=True)
    sampler.start()
    pelican.run()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    with open(report, "w") as out:
        json.dump({"wall": wall, "peak_rss_mb": peak_kb / 1024, "peak_tree_mb": tree_peak[0] / 1024, "times": times},
                  out, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
