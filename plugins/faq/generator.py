"""FaqGenerator: a page per question, the index by topic, and the glossary page."""

import logging

from datafile import markup
from framework.generator import FeatureGenerator

from .load import read_folder, review_age
from .schema import TOPICS

logger = logging.getLogger(__name__)


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


class FaqGenerator(FeatureGenerator):
    provides = ("faq",)
    made_from = ("FAQ_DIR",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with self.stop_on_bad_input():
            self.faqs, self.terms, warnings = read_folder(self.settings)
        for warning in warnings:
            logger.warning("%s", warning)
        self.markdown = markup.new_markdown()

    def generate_context(self):
        super().generate_context()
        today = self.settings["SITES_TODAY"]
        entries = []
        for faq in self.faqs:
            age = review_age(faq, today)
            entries.append({
                "faq": faq, "meta": faq.meta, "url": self.url("FAQ", slug=faq.meta.slug),
                "content": markup.render(self.markdown, faq.body),
                "review_days": age, "review_stale": age > self.settings["FAQ_REVIEW_MAX_DAYS"],
            })
        by_faq = {id(e["faq"]): e for e in entries}
        for entry in entries:
            # Links only ({"url", "meta"}, what faq_link_list shows): two pages that name each other
            # would otherwise hold each other.
            entry["related"] = [{"url": by_faq[id(f)]["url"], "meta": f.meta} for f in related(entry["faq"], self.faqs)]
        topics = [(key, label, [e for e in entries if e["meta"].topic == key]) for key, label in TOPICS.items()]
        after_shot = next(({"url": e["url"], "title": e["meta"].title} for e in entries
                           if e["meta"].slug == self.settings["AFTER_SHOT_SLUG"]), None)
        self.provide(faq={
            "after_shot": after_shot,
            "entries": entries,
            "topics": [t for t in topics if t[2]],
            "index_url": self.settings["FAQ_INDEX_URL"],
            "glossary_url": self.settings["GLOSSARY_URL"],
            "terms": self.terms,
        })
        if not self.faqs and not self.terms:
            return
        settings = self.settings
        self.add_page(settings["FAQ_INDEX_SAVE_AS"], "faq_index", settings["FAQ_INDEX_URL"], "常见问题目录页",
                      page_name="faq_index", reads=[("faq",)])
        self.add_page(settings["GLOSSARY_SAVE_AS"], "glossary", settings["GLOSSARY_URL"], "名词解释页", page_name="glossary",
                      reads=[("faq",)])
        for entry in entries:
            faq = entry["faq"]
            self.add_page(self.save_as("FAQ", slug=faq.meta.slug), "faq_page", entry["url"],
                          f"常见问题 {faq.name}（Slug「{faq.meta.slug}」）", (faq.name, faq.lines["slug"]),
                          page_name="faq_page", entry=entry, reads=[("faq",), ("nearest", "find_url")])
