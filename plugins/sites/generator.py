"""SitesGenerator: the home page, a page per township, a page per site, and the list of all sites."""

from pelican.generators import Generator

from . import render
from . import settings as plugin_settings
from .cache import load
from datafile.problems import DataError
from .schema import KIND_LABELS
from .settings import data_paths

_KIND_ORDER = {kind: i for i, kind in enumerate(KIND_LABELS)}
_STATE_ORDER = {"open": 0, "paused": 1, "closed": 2}


def listing_order(site):
    return (_STATE_ORDER[site.status.state], _KIND_ORDER[site.kind], site.name)


class SitesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Load before Pelican cleans or writes anything, so bad data leaves the output alone.
        try:
            plugin_settings.read(self.settings)
            self.data = load(self.settings)
        except DataError as error:
            if self.settings["DEVSERVER"]:
                raise  # autoreload prints it without a traceback and keeps watching
            raise SystemExit(str(error)) from None

    def url(self, kind, **fields):
        return self.settings[f"{kind}_URL"].format(**fields)

    def save_as(self, kind, **fields):
        return self.settings[f"{kind}_SAVE_AS"].format(**fields)

    def generate_context(self):
        data = self.data
        townships = {}
        for township in data.county.townships:
            sites = sorted(data.by_township[township.name], key=listing_order)
            townships[township.name] = {
                "township": township,
                "url": self.url("TOWNSHIP", id=township.id),
                "sites": sites,
            }
        site_urls = {site.id: self.url("SITE", id=site.id) for site in data.sites}
        self.context.update(
            sites_data=data,
            county=data.county,
            today=data.today,
            townships=townships,
            site_urls=site_urls,
            all_sites_url=self.url("ALL_SITES"),
        )

    def data_inputs(self):
        """What this generator's pages are made from (see the incremental plugin)."""
        return data_paths(self.settings)

    def generate_output(self, writer):
        data, today = self.data, self.data.today
        common = {
            "today_line": lambda site: render.today_line(site, today),
            "days_since": lambda date: render.days_since(date, today),
        }

        def write(save_as, template, url, **page):
            writer.write_file(save_as, self.get_template(template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=url,
                              template_name=template, **common, **page)

        write("index.html", "sites_home", "", page_name="home")
        write(self.save_as("ALL_SITES"), "sites_all", self.url("ALL_SITES"), page_name="all_sites")
        for entry in self.context["townships"].values():
            township = entry["township"]
            write(self.save_as("TOWNSHIP", id=township.id), "township", entry["url"],
                  page_name="township", entry=entry)
        for site in data.sites:
            township = data.township(site.township)
            write(self.save_as("SITE", id=site.id), "site", self.url("SITE", id=site.id),
                  page_name="site", site=site,
                  township_entry=self.context["townships"][township.name],
                  week_rows=render.week_rows(site),
                  upcoming=render.upcoming_exceptions(site, today),
                  verified_days=render.days_since(site.verified.date, today),
                  correction_href=render.correction_href(self.settings["CORRECTION_CONTACT"], site))
