"""QR codes as inline SVG (a school letter's, a notice-board poster's): drawn in worker
processes, and kept between builds.

segno spends most of its time choosing the best of eight masks; qrmask.py makes the same choice
with numpy, so a code takes about 2 ms instead of 5. A province's 5,000 schools are still 10
seconds of one core, so the codes not in the cache are drawn by worker processes that start when
the letters are prepared (generate_context) and are collected when they are written
(generate_output): in between, Pelican writes the other pages while the workers draw, and when
Pelican waits for them they have every core. A code depends only on its text, so a rebuild draws
only new ones.
"""

import segno

from . import qrmask
from .cache import Store, digest
from .pool import ForkedMap

OPTIONS = {"scale": 4, "border": 4, "omitsize": True, "dark": "#000", "light": "#fff"}
# Below this many missing codes, drawing them here is quicker than starting workers.
FEW = 50


def svg(url, title):
    return qrmask.make(url, error="m").svg_inline(title=title, **OPTIONS)


class QrCodes:
    """Start drawing the codes for [(url, title)]; get() returns their SVGs in the same order."""

    def __init__(self, settings, pairs):
        self.store = Store(settings, "qr")
        self.pairs = pairs
        self.keys = [digest(url, title, sorted(OPTIONS.items()), segno.__version__) for url, title in pairs]
        # Only whether each code is kept is looked up now; kept ones are read when they are needed
        # (a preview build that keeps its pages never reads them).
        self.missing = [i for i, key in enumerate(self.keys) if not self.store.path(key, ".svg").exists()]
        self.drawing = ForkedMap(lambda pair: svg(*pair), [pairs[i] for i in self.missing],
                                 parallel=len(self.missing) > FEW)

    def get(self):
        made = dict(zip(self.missing, self.drawing.results()))
        for i, text in made.items():
            self.store.put(self.keys[i], ".svg", text.encode("utf-8"))
        self.store.prune(set(self.keys))
        return [made[i] if i in made else self._kept(i) for i in range(len(self.keys))]

    def _kept(self, i):
        data = self.store.get(self.keys[i], ".svg")
        return data.decode("utf-8") if data is not None else svg(*self.pairs[i])  # removed meanwhile
