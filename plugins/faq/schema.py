"""What a FAQ page's metadata must hold, and the glossary of terms to explain."""

import datetime as dt
import re
from typing import Literal, Optional

from pydantic import Field, field_validator

from datafile.fields import Strict, Text, is_web_address, not_after_today, slug

TOPICS = {
    "safety": "疫苗安全吗",
    "who": "谁能打、谁要等等",
    "before-after": "打之前、打之后",
    "how": "怎么打、去哪打、要带什么",
}
# A page's address part, such as cold-or-fever.
PageSlug = slug("Slug", "cold-or-fever")
KEYS = ("title", "slug", "myth", "answer", "topic", "sources", "reviewed", "reviewer", "related")


class Source(Strict):
    org: Text
    title: Text
    url: str

    @field_validator("url")
    @classmethod
    def _web_address(cls, value):
        if not is_web_address(value):
            raise ValueError("来源没有网址。请写成“机构｜标题｜https://……”，网址要能打开原文")
        return value


class FaqMeta(Strict):
    title: Text
    slug: PageSlug
    myth: Optional[Text] = None
    answer: Text
    topic: Literal[tuple(TOPICS)]
    sources: list[Source] = Field(min_length=1)
    reviewed: dt.date
    reviewer: Text
    related: list[str] = []

    @field_validator("answer")
    @classmethod
    def _one_sentence(cls, value):
        if len([s for s in re.split(r"[。！？!?]", value) if s.strip()]) > 1:
            raise ValueError("Answer 只写一句话的回答；理由和做法请写在正文里")
        return value

    _not_future = field_validator("reviewed")(not_after_today("审核"))


class Term(Strict):
    term: Text
    plain: Text


class Glossary(Strict):
    terms: list[Term] = []
