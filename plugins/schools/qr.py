"""Each school's QR code as inline SVG: made on every core, and kept between builds.

segno spends most of its time choosing the best of eight masks (about 4.5 ms a code), which a
province's 5,000 schools turn into 20 seconds; a code depends only on its text, so the cache makes
a rebuild pay only for new or renamed schools.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import segno

from datafile.cache import Store, digest

OPTIONS = {"scale": 4, "border": 4, "omitsize": True, "dark": "#000", "light": "#fff"}


def svg(url, title):
    return segno.make(url, error="m").svg_inline(title=title, **OPTIONS)


def _svgs(pairs):
    return [svg(url, title) for url, title in pairs]


def qr_codes(settings, pairs):
    """[inline SVG] for [(url, title)], in the same order."""
    store = Store(settings, "qr")
    keys = [digest(url, title, sorted(OPTIONS.items()), segno.__version__) for url, title in pairs]
    found = [store.get(key, ".svg") for key in keys]
    missing = [i for i, data in enumerate(found) if data is None]
    if len(missing) > 50:
        workers = os.cpu_count() or 1
        chunks = [missing[i::workers * 4] for i in range(workers * 4)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = pool.map(_svgs, [[pairs[i] for i in chunk] for chunk in chunks])
            made = {i: text for chunk, texts in zip(chunks, results) for i, text in zip(chunk, texts)}
    else:
        made = {i: svg(*pairs[i]) for i in missing}
    for i, text in made.items():
        store.put(keys[i], ".svg", text.encode("utf-8"))
    store.prune(set(keys))
    return [made[i] if i in made else data.decode("utf-8") for i, data in enumerate(found)]
