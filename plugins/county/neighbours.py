"""The open sites of neighbouring counties, for the nearest-site tables of villages near a border.

A county built alone has no neighbours. A county built as a shard of a region (region/shard.py)
gets a list of them, REGION_NEIGHBOURS: a JSON file naming, for each county whose area lies
within reach, the file of its open sites (written from its data, region/open_sites.py) and where
its site pages are. A village then lists the nearest open sites on either side of the border.

    {"counties": [{"id": "longxi", "name": "陇西县", "sites": ".../longxi.pickle",
                   "digest": "…", "site_url": "../longxi/sites/{id}/"}]}

A neighbour's file holds {"name", "site_url", "extent", "sites": [schema.sites.Site]}.
"""

import json
import pickle
from dataclasses import dataclass
from pathlib import Path

@dataclass(frozen=True)
class OtherCountySite:
    """An open site of another county, standing in for its Site wherever a nearest-site table, a
    poster or a WeChat text shows one: its id and name say which county it is in, and `url` is
    its page's address from this county's root (the county's site_urls hold its own sites only)."""

    site: object          # schema.sites.Site
    county_id: str
    county_name: str
    url: str

    @property
    def id(self):
        return f"{self.county_id}/{self.site.id}"

    @property
    def name(self):
        return self.site.name if self.site.name.startswith(self.county_name) else f"{self.site.name}（{self.county_name}）"

    def __getattr__(self, attribute):
        # Everything else (location, hours, phone, status…) is the site's own. Special names are
        # not passed on: pickle and copy look them up on instances that have no site yet.
        if attribute.startswith("__") or "site" not in self.__dict__:
            raise AttributeError(attribute)
        return getattr(self.__dict__["site"], attribute)


def open_sites(path):
    """[OtherCountySite], the open sites of every neighbour the file at `path` lists ('' or a
    missing file: none). A neighbour whose sites file is missing is left out."""
    if not path or not Path(path).is_file():
        return []
    found = []
    for county in json.loads(Path(path).read_text(encoding="utf-8"))["counties"]:
        try:
            kept = pickle.loads(Path(county["sites"]).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            continue
        found += [OtherCountySite(site, county["id"], county["name"], county["site_url"].format(id=site.id))
                  for site in kept["sites"]]
    return found

