"""OutreachGenerator: a poster page per township (its sheet, then one per village), and the texts
for village, township and site pages (the `outreach` context entry)."""

import datetime as dt
from collections.abc import Mapping

from county.cache import load as load_county
from county.visits import coming
from datafile.qr import QrCodes
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator
from framework.settings import DRY_RUN

from . import texts

# How far ahead a poster and a text list the visits: a poster stays up for about two weeks.
POSTER_DAYS = 14
# What a township's A4 sheet has room for, in type readable from two metres.
TOWNSHIP_SITES, TOWNSHIP_VISITS = 4, 4


class TextsOnDemand(Mapping):
    """{key: text}, each text written the first time a page asks for it: a rebuild that keeps
    the village, township and site pages (framework/pagekeys.py) writes none of them.

    makers: {key: (function, arguments)}. A page's key is digested from the function and its
    arguments (`fingerprint_of`), so deciding whether a page changed writes no text."""

    def __init__(self, makers):
        self.makers, self.made = makers, {}

    def __getitem__(self, key):
        if key not in self.made:
            function, arguments = self.makers[key]
            self.made[key] = function(*arguments)
        return self.made[key]

    def __iter__(self):
        return iter(self.makers)

    def __len__(self):
        return len(self.makers)

    def fingerprint_of(self, key):
        function, arguments = self.makers[key]
        return (function.__qualname__, arguments)

    def __fingerprint__(self):
        return {key: self.fingerprint_of(key) for key in self.makers}


class OutreachGenerator(FeatureGenerator):
    provides = ("outreach",)
    needs = ("townships", "site_urls", "nearest")  # posters list each village's nearest sites
    made_from = (*COUNTY_FILES, "REGION_NEIGHBOURS")
    data_loader = staticmethod(load_county)


    def public_url(self, path):
        base = self.settings.get("SITEURL") or ""
        return f"{base}/{path}" if base else f"/{path}"

    def generate_context(self):
        super().generate_context()
        data, settings = self.data, self.settings
        bring = settings["SCHOOL_BRING"]
        townships, rows = self.need("townships"), self.need("nearest")["villages"]
        soon = coming(data.visit_stops, data.today, days=POSTER_DAYS)
        last = data.today + dt.timedelta(days=POSTER_DAYS)
        by_township, by_site = {}, {}
        for stop in soon:
            by_township.setdefault(stop.township, []).append(stop)
            by_site.setdefault(stop.site.id, []).append(stop)

        village_texts, township_texts, posters, codes = {}, {}, {}, []  # texts: {key: (function, arguments)}
        for name, entry in townships.items():
            township = entry["township"]
            link = self.public_url(entry["url"])
            township_texts[name] = (texts.township_text, (name, entry["sites"], by_township.get(name, []), bring, link))
            village_texts[name] = {}
            sheets = [{"kind": "township", "title": f"{name}疫苗接种", "url": link,
                       "sites": [site for site in entry["sites"] if not site.is_mobile_team][:TOWNSHIP_SITES],
                       "visits": by_township.get(name, [])[:TOWNSHIP_VISITS]}]
            for row in rows[name]:
                village = row["village"]
                village_link = f"{link}#{row['anchor']}"
                visits = [stop for stop in row["visits"] if stop.date < last]
                village_texts[name][village.id] = (texts.village_text,
                                                   (name, village, visits, row["hits"], bring, village_link))
                sheets.append({"kind": "village", "title": f"{village.name}接种通知", "anchor": row["anchor"],
                               "url": village_link, "village": village, "visits": visits, "hits": row["hits"],
                               "estimated": row["estimated"]})
            for sheet in sheets:
                codes.append((sheet["url"], f"{sheet['title']}的网址"))
            url = self.url("POSTER", id=township.id)
            posters[name] = {"url": url, "sheets": sheets}
            self.add_page(self.save_as("POSTER", id=township.id), "posters", url, f"乡镇「{name}」的公开栏海报",
                          page_name="posters", township=township, sheets=sheets, bring=bring,
                          reads=[("today",), ("townships", name, "url")])
        site_texts = {site.id: (texts.site_text, (site, by_site.get(site.id, []), bring,
                                                  self.public_url(self.url("SITE", id=site.id))))
                      for site in data.sites}
        # Drawn in the background while the other generators write their pages; see datafile/qr.py.
        self.qr_codes = None if settings.get(DRY_RUN) else QrCodes(settings, codes, "posters")
        self.sheets = [sheet for poster in posters.values() for sheet in poster["sheets"]]
        self.provide(outreach={"villages": {name: TextsOnDemand(made) for name, made in village_texts.items()},
                               "townships": TextsOnDemand(township_texts), "sites": TextsOnDemand(site_texts),
                               "posters": posters})

    def before_drawing(self, pages):
        """Each poster page's QR codes, read or drawn for the pages drawn in this build only."""
        if self.qr_codes:
            position = {id(sheet): i for i, sheet in enumerate(self.sheets)}
            sheets = [sheet for page in pages for sheet in page.values.get("sheets", ())]
            for sheet, code in zip(sheets, self.qr_codes.get([position[id(sheet)] for sheet in sheets])):
                sheet["qr_svg"] = code
