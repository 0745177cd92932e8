"""CountyData: the validated model of all the county's data files, and what is derived from it alone."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from . import visits
from .kinds import KIND_BY_KEY
from .nearest import SiteIndex


@dataclass
class CountyData:
    """Everything the feature plugins need from sites.yaml, places.yaml and schools.yaml."""

    county: object                               # schema.sites.County
    sites: list                                  # schema.sites.Site, in file order
    today: dt.date                               # the date the pages are built for
    source: str                                  # the path of sites.yaml
    places: list = field(default_factory=list)   # schema.places.PlaceTownship, one per township listed
    schools: list = field(default_factory=list)  # schema.schools.School
    products: dict = field(default_factory=dict) # vaccine name -> schema.schedules.Product (its schedule)
    by_township: dict = field(init=False)        # township name -> [Site]
    villages: dict = field(init=False)           # township name -> [schema.places.Village]
    centres: dict = field(init=False)            # township name -> (lat, lon) in WGS-84

    def __post_init__(self):
        grouped = defaultdict(list)
        for site in self.sites:
            grouped[site.township].append(site)
        self.by_township = {t.name: grouped.get(t.name, []) for t in self.county.townships}
        self.villages = {t.name: [] for t in self.county.townships}
        self.centres = {}
        for entry in self.places:
            self.villages[entry.township] = list(entry.villages)
            self.centres[entry.township] = entry.centre.wgs84

    def village_location(self, township, village):
        """A village's WGS-84 point; the township's centre when the gazetteer has none."""
        return village.location.wgs84 if village.location else self.centres[township]

    @cached_property
    def open_sites(self):
        """The fixed sites a resident can go to now: open, and not a mobile team (which is met at
        its visits, not at its base)."""
        return [site for site in self.sites if site.status.state == "open" and not site.is_mobile_team]

    @cached_property
    def open_site_index(self):
        """The nearest-site index of the open sites: open_site_index.nearest(lat, lon, k) -> [Hit]."""
        return SiteIndex(self.open_sites)

    @cached_property
    def visit_stops(self):
        """Every mobile team's dated visits (county.visits.VisitStop), in date order."""
        return visits.resolve(self.sites, self.villages, self.centres)

    @cached_property
    def visits_by_village(self):
        """{(township, village id): [VisitStop]}, in date order."""
        found = {}
        for stop in self.visit_stops:
            if stop.village is not None:
                found.setdefault((stop.township, stop.village.id), []).append(stop)
        return found

    @cached_property
    def vaccine_names(self):
        """Every vaccine any site offers, sorted: the finder's filter and its data share this order."""
        return sorted({vaccine.name for site in self.sites for vaccine in site.vaccines})

    def schedules_at(self, site):
        """The schedules of the vaccines a site gives, in its order (those without one are left out)."""
        return [self.products[v.name] for v in site.vaccines if v.name in self.products]

    def school_point(self, school):
        """The site a school's letter sends parents to: its township's open site of the kind that
        serves schools first (county.kinds: school_rank), or None."""
        local = [site for site in self.by_township.get(school.township, [])
                 if site.status.state == "open" and not site.is_mobile_team]
        return min(local, key=lambda site: KIND_BY_KEY[site.kind].school_rank, default=None)

    def __getstate__(self):
        # The index is rebuilt on demand: it is cheap, and pickling it would double the cached model.
        state = dict(self.__dict__)
        state.pop("open_site_index", None)
        return state
