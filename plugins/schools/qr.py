"""Each school's QR code as inline SVG: drawn in worker processes, and kept between builds.

segno spends most of its time choosing the best of eight masks; qrmask.py makes the same choice
with numpy, so a code takes about 2 ms instead of 5. A province's 5,000 schools are still 10
seconds of one core, so the codes not in the cache are drawn by worker processes that start when
the letters are prepared (generate_context) and are collected when they are written
(generate_output): in between, Pelican writes the other pages while the workers draw, and when
Pelican waits for them they have every core. A code depends only on its text, so a rebuild draws
only new ones.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import segno

from datafile.cache import Store, digest

from . import qrmask

OPTIONS = {"scale": 4, "border": 4, "omitsize": True, "dark": "#000", "light": "#fff"}
# Below this many missing codes, drawing them here is quicker than starting workers.
FEW = 50


def svg(url, title):
    return qrmask.make(url, error="m").svg_inline(title=title, **OPTIONS)


def _svgs(pairs):
    return [svg(url, title) for url, title in pairs]


class QrCodes:
    """Start drawing the codes for [(url, title)]; get() returns their SVGs in the same order."""

    def __init__(self, settings, pairs):
        self.pairs = pairs
        self.store = Store(settings, "qr")
        self.keys = [digest(url, title, sorted(OPTIONS.items()), segno.__version__) for url, title in pairs]
        self.found = [self.store.get(key, ".svg") for key in self.keys]
        missing = [i for i, data in enumerate(self.found) if data is None]
        self.pool, self.jobs = None, []
        if len(missing) > FEW:
            workers = os.cpu_count() or 1
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            for chunk in (missing[i::workers * 4] for i in range(workers * 4)):
                self.jobs.append((chunk, self.pool.submit(_svgs, [pairs[i] for i in chunk])))
        else:
            self.jobs.append((missing, None))

    def get(self):
        made = {}
        for chunk, job in self.jobs:
            texts = job.result() if job else _svgs([self.pairs[i] for i in chunk])
            made.update(zip(chunk, texts))
        if self.pool:
            self.pool.shutdown()
            self.pool = None
        for i, text in made.items():
            self.store.put(self.keys[i], ".svg", text.encode("utf-8"))
        self.store.prune(set(self.keys))
        self.jobs = []
        return [made[i] if i in made else data.decode("utf-8") for i, data in enumerate(self.found)]
