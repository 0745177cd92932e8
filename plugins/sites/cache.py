"""The validated model, kept between builds while the data files and the code that reads them are unchanged.

Parsing and validating a province's files takes seconds (ruamel.yaml keeps every line number);
unpickling the model takes a fraction of that. Only a model that passed validation is kept, so
mistakes are always reported afresh.
"""

import datetime as dt
import pickle
from importlib.metadata import version
from pathlib import Path

from datafile.cache import Store, digest

from .load import load_sites
from .settings import data_files

# The code that turns the files into the model: a change to any of it makes a new model.
CODE = sorted([*Path(__file__).parent.glob("*.py"), *(Path(__file__).parent.parent / "datafile").glob("*.py")])


def load(settings):
    """load_sites for these settings, from the cache when nothing it reads has changed."""
    files = data_files(settings)
    paths = [settings["SITES_FILE"], files["places_path"], files["geocoded_path"], files["schools_path"]]
    key = digest(version("pydantic"), version("ruamel.yaml"), files["today"] or dt.date.today(),
                 *(path.read_bytes() for path in CODE),
                 *(part for path in paths for part in ((str(path), Path(path).read_bytes()) if path else ("-",))))
    store = Store(settings, "sites-model")
    cached = store.get(key, ".pickle")
    if cached is not None:
        return pickle.loads(cached)
    data = load_sites(settings["SITES_FILE"], **files)
    store.put(key, ".pickle", pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
    store.prune({key}, max_age_days=0)  # one model is all a build needs; they are large
    return data
