"""SitesGenerator: the home page, a page per township, a page per site, and the list of all sites."""

from county.kinds import KIND_KEYS, STATE_KEYS
from county import navigation
from county.cache import load as load_county
from county.visits import coming
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator

from . import filters


def listing_order(site):
    """Open sites first, then by kind (county.kinds order), then by name."""
    return (STATE_KEYS.index(site.status.state), KIND_KEYS.index(site.kind), site.name)


class SitesGenerator(FeatureGenerator):
    provides = ("county", "today", "townships", "site_urls", "all_sites_url")
    made_from = COUNTY_FILES
    data_loader = staticmethod(load_county)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters.update(filters.FILTERS)

    def generate_context(self):
        super().generate_context()
        data = self.data
        townships = {
            township.name: {
                "township": township,
                "url": self.url("TOWNSHIP", id=township.id),
                "sites": sorted(data.by_township[township.name], key=listing_order),
            }
            for township in data.county.townships
        }
        self.provide(
            county=data.county,
            today=data.today,
            townships=townships,
            site_urls={site.id: self.url("SITE", id=site.id) for site in data.sites},
            all_sites_url=self.url("ALL_SITES"),
        )
        self.plan_pages(townships)

    def plan_pages(self, townships):
        data, today = self.data, self.data.today
        count = len(data.sites)
        township_urls = {name: entry["url"] for name, entry in townships.items()}
        week = coming(data.visit_stops, today, days=7)
        most = self.settings["VISITS_ON_HOME"]
        self.add_page("index.html", "sites_home", "", "首页", page_name="home", site_count=count,
                      reads=[("townships",), ("site_urls",), ("maps", "county"), ("maps", "caption"), ("maps", "vendor"),
                             ("maps", "page_url"), ("nearest", "results"), ("nearest", "vaccines"), ("faq", "after_shot")],
                      week_visits=week[:most], more_visits=len(week) > most)
        self.add_page(self.save_as("ALL_SITES"), "sites_all", self.url("ALL_SITES"), "全部接种点页",
                      page_name="all_sites", site_count=count, reads=[("today",), ("townships",), ("site_urls",)])
        visits_of = {site.id: [] for site in data.sites}
        for stop in data.visit_stops:
            visits_of[stop.site.id].append(stop)
        # Each township's page, then its sites' pages (every site has a township: load.py checks):
        # the search index's bundles follow this order (search/index.py), so a site's page and its
        # township's, which its changes rewrite together, are mostly in one bundle, not two.
        for entry in townships.values():
            self.plan_township(entry)
            for site in entry["sites"]:
                self.plan_site(site, entry, township_urls, visits_of[site.id])

    def plan_township(self, entry):
        township = entry["township"]
        name = township.name
        self.add_page(self.save_as("TOWNSHIP", id=township.id), "township", entry["url"],
                      f"乡镇页「{name}」", page_name="township", entry=entry, navigation_note=navigation.NOTE,
                      # A site's address depends only on its id, which the rows of nearest sites
                      # already hold: only this township's own addresses are read.
                      reads=[("today",), *(("site_urls", site.id) for site in entry["sites"]),
                             ("maps", "townships", name), ("maps", "vendor"), ("maps", "caption"),
                             ("nearest", "villages", name), ("nearest", "count"),
                             ("progress", "townships", name), ("progress", "ranked"), ("progress", "url"),
                             ("schools", "by_township", name),
                             ("outreach", "villages", name), ("outreach", "townships", name),
                             ("outreach", "posters", name, "url")])

    def plan_site(self, site, township_entry, township_urls, visits):
        today = self.data.today
        schedules = self.data.schedules_at(site)
        self.add_page(self.save_as("SITE", id=site.id), "site", self.url("SITE", id=site.id),
                      f"接种点页「{site.id}」", page_name="site", site=site,
                      township=township_entry["township"], township_url=township_entry["url"],
                      reads=[("today",), ("site_urls", site.id), ("maps", "sites", site.id), ("maps", "vendor"),
                             ("maps", "caption"), ("outreach", "sites", site.id), ("faq", "after_shot")],
                      schedules=schedules,
                      place=f"{site.name}，电话 {'、'.join(site.phone)}" if site.phone else site.name,
                      upcoming=filters.upcoming_exceptions(site, today),
                      verified_days=filters.days_since(site.verified.date, today),
                      visit_weeks=filters.visits_by_week(coming(visits, today)),
                      township_urls=township_urls)
