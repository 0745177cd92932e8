"""Slow, independent work on every core: forked worker processes, fed in small chunks.

Three parts of a build use it: the nearest sites of every village, the schools' QR codes and the
compressed copies of every file. Each hands over a function and a list of items. The function,
and whatever it closes over (a site index of thousands of sites), reaches the workers by fork,
never pickled; only the items and the results cross between processes.

ForkedCall runs one function beside the caller: files made from the model alone (the open data,
the finder's data) are made on the core that the contexts, made one after another, leave idle.
"""

import itertools
import multiprocessing
import os
import pickle
import tempfile
import weakref
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


class ForkedCall:
    """function(), started at once in a forked child (which sees everything through fork);
    result() waits for its value, or raises what it raised. Its value crosses back pickled, through
    a file (not a pipe, whose writer would wait for the reader). Without fork, result() calls it.
    A call never asked for its result is reaped when the ForkedCall is collected (a devserver
    build that stopped half-way)."""

    def __init__(self, function):
        self.function, self.child = function, None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        handle, self.path = tempfile.mkstemp(prefix="forked-call-")
        child = os.fork()
        if child == 0:
            status = 1
            try:
                try:
                    outcome = (True, function())
                except BaseException as error:  # raised again in the parent, by result()
                    outcome = (False, error)
                with os.fdopen(handle, "wb") as out:
                    pickle.dump(outcome, out, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers or buffered output of the parent's
        os.close(handle)
        self.child = child
        self._reap = weakref.finalize(self, _reap, child, self.path)

    def result(self):
        if self.child is None:
            return self.function()
        self._reap.detach()
        _, status = os.waitpid(self.child, 0)
        self.child = None
        try:
            with open(self.path, "rb") as made:
                ok, value = pickle.load(made) if status == 0 else (False, None)
        finally:
            os.unlink(self.path)
        if ok:
            return value
        if value is None:
            raise RuntimeError(f"a forked worker ended with status {status}")
        raise value


def _reap(child, path):
    os.waitpid(child, 0)
    os.unlink(path)
