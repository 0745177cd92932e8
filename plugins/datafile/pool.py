"""Slow, independent work on every core: forked worker processes, fed in small chunks.

Three parts of a build use it: the nearest sites of every village, the schools' QR codes and the
compressed copies of every file. Each hands over a function and a list of items. The function,
and whatever it closes over (a site index of thousands of sites), reaches the workers by fork,
never pickled; only the items and the results cross between processes.
"""

import itertools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# Work the workers may run, by token; a forked worker sees what was here when it started.
_FUNCTIONS = {}
_TOKENS = itertools.count()
# More chunks than workers, so that a worker that draws a slow chunk does not hold up the rest.
CHUNKS_PER_WORKER = 4


def _run(token, items):
    function = _FUNCTIONS[token]
    return [function(item) for item in items]


class ForkedMap:
    """[function(item) for item in items], started at once on every core; results() waits.

    With parallel=False (the caller knows the work is small: starting workers would cost more than
    it saves), or on a system without fork, the work is done in this process when results() is called.
    """

    def __init__(self, function, items, parallel=True):
        self.function, self.items = function, list(items)
        self.pool, self.jobs = None, []
        if not (parallel and self.items) or "fork" not in multiprocessing.get_all_start_methods():
            return
        self.token = next(_TOKENS)
        _FUNCTIONS[self.token] = function  # before the first submit: that is when the workers fork
        workers = os.cpu_count() or 1
        count = workers * CHUNKS_PER_WORKER
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        for start in range(count):
            positions = list(range(start, len(self.items), count))
            if positions:
                self.jobs.append((positions, self.pool.submit(_run, self.token, [self.items[i] for i in positions])))

    def results(self):
        """The results, in the order of the items."""
        if self.pool is None:
            return [self.function(item) for item in self.items]
        try:
            found = [None] * len(self.items)
            for positions, job in self.jobs:
                for position, result in zip(positions, job.result()):
                    found[position] = result
            return found
        finally:
            self.pool.shutdown()
            self.pool = None
            _FUNCTIONS.pop(self.token, None)


def forked_map(function, items, parallel=True):
    """ForkedMap(function, items, parallel).results(): the same, waiting for it here."""
    return ForkedMap(function, items, parallel).results()
