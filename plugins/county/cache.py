"""The validated model, kept between builds while the data files and the code that reads them are unchanged.

Parsing and validating a province's files takes seconds (ruamel.yaml keeps every line number);
unpickling the model takes a fraction of that. Only a model that passed validation is kept, so
mistakes are always reported afresh. Within one build every plugin asks for the model; the
first asks the store, the others get the same object while no file has changed on disk.
"""

import os
import pickle
from importlib.metadata import version
from pathlib import Path

from datafile.cache import Store, digest

from .load import CODE, county_files, load_county

_last = {}  # {stamp of the files: model}, the one most recently loaded


def _stamp(paths):
    """What changes when any input file does: path, size and modification time of each."""
    stamp = []
    for path in paths:
        try:
            info = os.stat(path)
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
        except (FileNotFoundError, TypeError):
            stamp.append((str(path), None, None))
    return tuple(stamp)


def load(settings):
    """The model of the files the settings name, from memory or the cache when nothing changed.

    Raises DataError listing every problem."""
    files = county_files(settings)
    paths = [files["sites_path"], files["places_path"], files["geocoded_path"], files["schools_path"]]
    stamp = (files["today"], _stamp([*paths, *CODE]))
    if stamp in _last:
        return _last[stamp]
    key = digest(version("pydantic"), version("ruamel.yaml"), files["today"],
                 *(path.read_bytes() for path in CODE),
                 *(part for path in paths for part in ((str(path), Path(path).read_bytes()) if path else ("-",))))
    store = Store(settings, "county-model")
    cached = store.get(key, ".pickle")
    if cached is not None:
        data = pickle.loads(cached)
    else:
        # Only the files that changed are parsed again, and only the records that changed validated.
        data = load_county(**files, stores=(Store(settings, "county-parsed"), Store(settings, "county-records")))
        store.put_soon(key, ".pickle", lambda: pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
        store.prune({key}, max_age_days=0)  # one model is all a build needs; they are large
    _last.clear()
    _last[stamp] = data
    return data
