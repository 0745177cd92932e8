"""QR codes as inline SVG (a school letter's, a notice-board poster's): drawn in batches by worker
processes, and kept between builds.

qrbatch.py draws segno's codes many at a time with numpy, in about 0.6 ms a code instead of
segno's 2.7. A province's posters and letters still need 22,000 codes, 14 seconds of one core, so
the codes not in the cache are drawn by worker processes that start when the pages are planned
(generate_context) and are collected when they are written (generate_output): in between,
Pelican writes the other pages while the workers draw. A code depends only on its text, so a
rebuild draws only new ones.
"""

import segno

from .cache import Store, digest
from .pool import ForkedMap

OPTIONS = {"scale": 4, "border": 4, "dark": "#000", "light": "#fff"}
# Below this many missing codes, drawing them here is quicker than starting workers.
FEW = 200
# Codes drawn together: enough for numpy to pay off, few enough to spread over the workers.
BATCH = 500
# The key of the entry that names the last set of codes kept whole (QrCodes.every).
_LAST = digest("the codes of the last build, every one of them kept")


def svgs(pairs):
    """[inline SVG] for [(url, title)], as segno's svg_inline(omitsize=True, **OPTIONS) draws them."""
    from . import qrbatch  # here: numpy takes 0.1 s to load, which a build with every code kept need not spend
    return [qrbatch.svg_inline(symbol, title, **OPTIONS)
            for symbol, (_, title) in zip(qrbatch.symbols([url for url, _ in pairs], error="m"), pairs)]


class QrCodes:
    """Start drawing the codes for [(url, title)]; get() returns their SVGs in the same order.
    `purpose` names the codes' own place in the cache (a school letter's, a poster's): each
    removes only its own unused codes."""

    def __init__(self, settings, pairs, purpose):
        self.store = Store(settings, f"qr-{purpose}")
        self.pairs = pairs
        self.drawn_by = digest(sorted(OPTIONS.items()), segno.__version__)
        self._keys = None
        # A build whose codes are those of the last one, which kept them all (a preview after a
        # phone number changed), looks none of them up: digesting a province's 11,000 codes and
        # listing the cache took 0.2 s.
        self.every = digest(self.drawn_by, *(part for pair in pairs for part in pair))
        self.all_kept = self.store.get(_LAST, ".txt") == self.every.encode()
        if self.all_kept:
            self.missing = []
        else:
            # Only whether each code is kept is looked up now; kept ones are read when they are
            # needed (a preview build that keeps its pages never reads them).
            kept = self.store.keys(".svg")
            self.missing = [i for i, key in enumerate(self.keys()) if key not in kept]
        wanted = [pairs[i] for i in self.missing]
        self.drawing = ForkedMap(svgs, [wanted[start:start + BATCH] for start in range(0, len(wanted), BATCH)],
                                 parallel=len(wanted) > FEW)

    def keys(self):
        """Each code's key in the cache, in the order of the pairs."""
        if self._keys is None:
            self._keys = [self._key_of(pair) for pair in self.pairs]
        return self._keys

    def _key(self, i):
        """The key of the code at position i (a preview reads a few codes: not all keys are made)."""
        return self._keys[i] if self._keys is not None else self._key_of(self.pairs[i])

    def _key_of(self, pair):
        url, title = pair
        return digest(self.drawn_by, url, title)

    def get(self, positions=None):
        """The SVGs of the codes at positions (all when None), in that order. Codes drawn now are
        all kept; kept ones are read only for the positions asked for."""
        made = dict(zip(self.missing, (text for batch in self.drawing.results() for text in batch)))
        for i, text in made.items():
            self.store.put(self.keys()[i], ".svg", text.encode("utf-8"))
        if not self.all_kept:
            self.store.put(_LAST, ".txt", self.every.encode())  # every code of these pairs is kept now
            self.all_kept = True
        self.store.prune(lambda: {*self.keys(), _LAST})
        positions = range(len(self.pairs)) if positions is None else positions
        return [made[i] if i in made else self._kept(i) for i in positions]

    def _kept(self, i):
        data = self.store.get(self._key(i), ".svg")
        return data.decode("utf-8") if data is not None else svgs([self.pairs[i]])[0]  # removed meanwhile
