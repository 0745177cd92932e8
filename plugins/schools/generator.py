"""SchoolsGenerator: a letter page per school (QR code, print layout, share card) and the index."""

import logging
from collections import defaultdict
from html import escape

from county.cache import load as load_county
from county.nearest import nearest_to_points
from datafile.cache import Store, digest
from datafile import markup
from datafile.dates import date_zh
from framework.context import COUNTY_FILES
from framework.generator import FeatureGenerator
from framework.settings import DRY_RUN

from . import letter
from datafile.qr import QrCodes

logger = logging.getLogger(__name__)


class LetterOnDemand:
    """A school's letter: its template's HTML with the school's values escaped into, made the
    first time its page is drawn (`entry.letter|safe` calls __html__): a province's rebuild plans
    5,000 letters and draws a few. A page's key digests the template and the values
    (__fingerprint__, datafile/fingerprint.py), so deciding whether it changed writes no letter.

    【最近的接种点】 stands on a line of its own and becomes a list; the rest are plain text."""

    def __init__(self, template, values):
        """template: (its HTML, a digest of it); values: {placeholder: text}."""
        (self.template_html, self.template_digest), self.values = template, values
        self._html = None

    def __html__(self):
        if self._html is None:
            hits = self.values["最近的接种点"]
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in hits.splitlines())
            html = self.template_html.replace("<p>【最近的接种点】</p>", f"<ul>{items}</ul>")
            self._html = letter.fill(html, {k: escape(v) for k, v in self.values.items()})
        return self._html

    __str__ = __html__

    def __fingerprint__(self):
        return self.template_digest, self.values


class SchoolsGenerator(FeatureGenerator):
    provides = ("schools",)
    needs = ("townships",)  # a letter links to its township's page
    made_from = (*COUNTY_FILES, "SCHOOLS_DIR")  # the letter is content/schools/letter.md
    data_loader = staticmethod(load_county)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = list(self.data.schools)
        self.markdown = markup.new_markdown()
        self._rendered = {}
        # Nothing has been written yet, so a bad letter template still leaves the output untouched.
        self.templates = {}
        if self.schools:
            with self.stop_on_bad_input():
                self.templates, warnings = letter.templates(self.settings["SCHOOLS_DIR"], [s.id for s in self.schools])
            for warning in warnings:
                logger.warning("%s", warning)

    def public_url(self, path):
        base = self.settings.get("SITEURL") or ""
        return f"{base}/{path}" if base else f"/{path}"

    def generate_context(self):
        super().generate_context()
        if not self.schools:
            return
        if self.settings["PUBLISH"] and not self.settings.get("SITEURL"):
            logger.warning("SITEURL 没有设置：学校页的二维码和分享卡片需要网站的正式地址。"
                           "请在发布时设置 PUBLISH_SITEURL，如 https://ym.example.gov.cn")
        data, settings = self.data, self.settings
        entries, by_district, by_township = [], defaultdict(list), defaultdict(list)
        hits_of = self._nearest_sites()
        for school in sorted(self.schools, key=lambda s: (s.school_district, s.level, s.name)):
            point = data.school_point(school)
            hits = hits_of[school.id]
            values = {
                "学校": school.name,
                "学区": school.school_district,
                "学区接种点": point.name if point else "（本乡镇暂无接种点）",
                "接种点地址": point.address if point else "",
                "开放时间": point.hours.describe() if point else "",
                "接种点电话": "、".join(point.phone) if point and point.phone else "（请看接种点页面）",
                "要带的东西": settings["SCHOOL_BRING"],
                "最近的接种点": "\n".join(
                    f"- {hit.site.name}：{hit.text}" + (f"，电话 {hit.site.phone[0]}" if hit.site.phone else "")
                    for hit in hits) or "- （暂时没有正常开放的接种点）",
                "日期": date_zh(data.today, year=True, weekday=False),
            }
            url = self.url("SCHOOL", id=school.id)
            entry = {
                "school": school, "url": url, "public_url": self.public_url(url),
                "letter": LetterOnDemand(self._template_html(self.templates[school.id]), values),
                "hits": hits, "point": point,
                "summary": f"{school.name}致家长的一封信：离学校最近的接种点、开放时间和电话。",
            }
            entries.append(entry)
            # The index and the township pages link to the letters: links only, so that their keys
            # do not digest 5,000 letters' nearest sites and texts (framework/pagekeys.py).
            link = {"url": url, "school": school}
            by_district[school.school_district].append(link)
            by_township[school.township].append(link)
        # Drawn in the background while the other generators write their pages; see qr.py.
        if not settings.get(DRY_RUN):  # make check plans the pages but draws nothing
            self.qr_codes = QrCodes(settings, [(e["public_url"], f"{e['school'].name}告家长书的网址") for e in entries],
                                    "letters")
        self.provide(schools={
            "entries": entries, "by_district": dict(by_district), "by_township": dict(by_township),
            "index_url": settings["SCHOOLS_INDEX_URL"],
            "share_image": self.public_url(settings["SHARE_IMAGE"]),
        })
        self.add_page(settings["SCHOOLS_INDEX_SAVE_AS"], "schools_index", settings["SCHOOLS_INDEX_URL"], "告家长书目录页",
                      page_name="schools", reads=[("schools", "by_district")])
        for entry in entries:
            self.add_page(self.save_as("SCHOOL", id=entry["school"].id), "school", entry["url"],
                          f"学校「{entry['school'].id}」的告家长书", page_name="school", entry=entry,
                          reads=[("schools", "index_url"), ("schools", "share_image"),
                                 ("townships", entry["school"].township, "url")])

    def _nearest_sites(self):
        """{school id: its nearest open sites as Hits}, kept between builds (county/nearest.py)."""
        by_township = defaultdict(list)  # township by township, so that a province's run on every core
        for school in self.schools:
            by_township[school.township].append(school)
        found = nearest_to_points(self.data, {name: [school.location.wgs84 for school in schools]
                                              for name, schools in by_township.items()},
                                  self.settings["SCHOOL_NEAREST_COUNT"], Store(self.settings, "school-nearest"))
        return {school.id: hits for name, schools in by_township.items() for school, hits in zip(schools, found[name])}

    def _template_html(self, template):
        """(HTML, its digest) of a letter template, rendered once: each school's values are
        escaped into it (LetterOnDemand). Rendering the Markdown once per school took a minute for
        a province's 5,000 schools."""
        if template not in self._rendered:
            html = markup.render(self.markdown, template.read_text(encoding="utf-8"))
            self._rendered[template] = (html, digest(html))
        return self._rendered[template]

    def before_drawing(self, pages):
        """Each letter's QR code, read or drawn for the letters drawn in this build only."""
        if self.schools:
            position = {id(entry): i for i, entry in enumerate(self.context["schools"]["entries"])}
            entries = [page.values["entry"] for page in pages if "entry" in page.values]
            for entry, code in zip(entries, self.qr_codes.get([position[id(entry)] for entry in entries])):
                entry["qr_svg"] = code
