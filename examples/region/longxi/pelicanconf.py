"""陇西县 in the region example (examples/region/region.yaml): a county's own settings.

Built alone, it is a complete county site (`pelican -s examples/region/longxi/pelicanconf.py`);
in the region, region/shard.py takes its data, content and settings and builds them with the
region's code.
"""

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]  # the code and theme: this project's
# This project's settings first (Pelican has loaded this file as "pelicanconf", so that name is taken).
_spec = importlib.util.spec_from_file_location("project_pelicanconf", PROJECT / "pelicanconf.py")
_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_project)
globals().update({name: value for name, value in vars(_project).items() if name.isupper()})

SITENAME = "陇西县疫苗接种点查询"
PATH = str(HERE / "content")  # its own pages (about, help)
# The FAQ, the glossary and the school letter: the sample's, as a province might write them once for
# all its counties (a county that writes its own puts them under content/ and drops these two).
FAQ_DIR = str(PROJECT / "content" / "faq")
SCHOOLS_DIR = str(PROJECT / "content" / "schools")
SITES_FILE = str(HERE / "sites.yaml")
PLACES_FILE = str(HERE / "places.yaml")
SCHOOLS_FILE = str(HERE / "schools.yaml")
PROGRESS_DIR = str(HERE / "progress")
GEOCODE_CACHE = str(HERE / "geocoded.yaml")
CACHE_PATH = str(HERE / "cache")
CORRECTION_CONTACT = {"name": "县疾控中心免疫规划科（示例）", "phone": "0932-0000200"}
