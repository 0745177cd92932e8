"""FaqGenerator: a page per question, the index by topic, and the glossary page."""

import datetime as dt
import logging
from pathlib import Path

import markdown
from pelican.generators import Generator

from datafile.problems import DataError, Problem

from . import plain
from .load import load_all, review_age
from .schema import TOPICS

logger = logging.getLogger(__name__)

DEFAULTS = {
    "FAQ_DIR": "faq",                      # under the content folder
    "FAQ_REVIEW_MAX_DAYS": 365,            # older reviews are flagged on the page and in the build
    "FAQ_MAX_SENTENCE_CHARS": 40,
    "FAQ_MAX_PARAGRAPH_SENTENCES": 4,
    "FAQ_URL": "faq/{slug}/",
    "FAQ_SAVE_AS": "faq/{slug}/index.html",
    "FAQ_INDEX_URL": "faq/",
    "FAQ_INDEX_SAVE_AS": "faq/index.html",
    "GLOSSARY_URL": "faq/glossary/",
    "GLOSSARY_SAVE_AS": "faq/glossary/index.html",
}


def read_settings(settings):
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    folder = Path(settings["PATH"]) / settings["FAQ_DIR"]
    return folder, folder / "glossary.yaml"


def today_of(settings):
    today = settings.get("SITES_TODAY")
    if isinstance(today, str):
        return dt.date.fromisoformat(today)
    return today or dt.date.today()


def load(settings):
    """(faqs, terms, warnings). Raises DataError on errors."""
    folder, glossary = read_settings(settings)
    if not folder.exists():
        return [], [], []
    today = today_of(settings)
    faqs, terms = load_all(folder, today, glossary)
    warnings = []
    for faq in faqs:
        warnings += plain.check(faq, terms, settings["FAQ_MAX_SENTENCE_CHARS"], settings["FAQ_MAX_PARAGRAPH_SENTENCES"])
        age = review_age(faq, today)
        if age > settings["FAQ_REVIEW_MAX_DAYS"]:
            warnings.append(Problem(faq.name, faq.lines["reviewed"],
                                    f"内容审核于 {faq.meta.reviewed}，已过去 {age} 天（超过 {settings['FAQ_REVIEW_MAX_DAYS']} 天），"
                                    "请医生重新审核后更新 Reviewed"))
    return faqs, terms, warnings


def related(faq, faqs, count=3):
    """The questions named in Related, then others on the same topic, then any."""
    by_slug = {f.meta.slug: f for f in faqs}
    chosen = [by_slug[s] for s in faq.meta.related if s in by_slug]
    for pool in ([f for f in faqs if f.meta.topic == faq.meta.topic], faqs):
        for other in pool:
            if len(chosen) >= count:
                return chosen
            if other is not faq and other not in chosen:
                chosen.append(other)
    return chosen


class FaqGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            self.faqs, self.terms, warnings = load(self.settings)
        except DataError as error:
            if self.settings.get("DEVSERVER"):
                raise
            raise SystemExit(str(error)) from None
        for warning in warnings:
            logger.warning("%s", warning)
        self.markdown = markdown.Markdown(extensions=["extra", "sane_lists"])

    def render(self, body):
        # Editors write Markdown, not HTML: any tag they type is shown as text.
        self.markdown.reset()
        return self.markdown.convert(body.replace("&", "&amp;").replace("<", "&lt;"))

    def url(self, faq):
        return self.settings["FAQ_URL"].format(slug=faq.meta.slug)

    def generate_context(self):
        today = today_of(self.settings)
        entries = []
        for faq in self.faqs:
            age = review_age(faq, today)
            entries.append({
                "faq": faq, "meta": faq.meta, "url": self.url(faq),
                "content": self.render(faq.body),
                "review_days": age, "review_stale": age > self.settings["FAQ_REVIEW_MAX_DAYS"],
            })
        by_faq = {id(e["faq"]): e for e in entries}
        for entry in entries:
            entry["related"] = [by_faq[id(f)] for f in related(entry["faq"], self.faqs)]
        topics = [(key, label, [e for e in entries if e["meta"].topic == key]) for key, label in TOPICS.items()]
        self.context["faq"] = {
            "entries": entries,
            "topics": [t for t in topics if t[2]],
            "index_url": self.settings["FAQ_INDEX_URL"],
            "glossary_url": self.settings["GLOSSARY_URL"],
            "terms": self.terms,
        }

    def generate_output(self, writer):
        if not self.faqs and not self.terms:
            return
        settings = self.settings

        def write(save_as, template, url, **page):
            writer.write_file(save_as, self.get_template(template), self.context,
                              relative_urls=settings["RELATIVE_URLS"], url=url, current_url=url, **page)

        write(settings["FAQ_INDEX_SAVE_AS"], "faq_index", settings["FAQ_INDEX_URL"], page_name="faq_index")
        write(settings["GLOSSARY_SAVE_AS"], "glossary", settings["GLOSSARY_URL"], page_name="glossary")
        for entry in self.context["faq"]["entries"]:
            write(settings["FAQ_SAVE_AS"].format(slug=entry["meta"].slug), "faq_page", entry["url"],
                  page_name="faq_page", entry=entry)


