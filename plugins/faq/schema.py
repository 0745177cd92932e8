"""What a FAQ page's metadata must hold, and the glossary of terms to explain."""

import datetime as dt
import re
from typing import Literal, Optional

from pydantic import Field, field_validator

from datafile.fields import Strict, Text

TOPICS = {
    "safety": "疫苗安全吗",
    "who": "谁能打、谁要等等",
    "before-after": "打之前、打之后",
    "how": "怎么打、去哪打、要带什么",
}
KEYS = ("title", "slug", "myth", "answer", "topic", "sources", "reviewed", "reviewer", "related")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Source(Strict):
    org: Text
    title: Text
    url: str

    @field_validator("url")
    @classmethod
    def _web_address(cls, value):
        if not re.match(r"^https?://\S+$", value or ""):
            raise ValueError("来源没有网址。请写成“机构｜标题｜https://……”，网址要能打开原文")
        return value


class FaqMeta(Strict):
    title: Text
    slug: Text
    myth: Optional[Text] = None
    answer: Text
    topic: Literal["safety", "who", "before-after", "how"]
    sources: list[Source] = Field(min_length=1)
    reviewed: dt.date
    reviewer: Text
    related: list[str] = []

    @field_validator("slug")
    @classmethod
    def _slug(cls, value):
        if not _SLUG.match(value):
            raise ValueError(f"Slug「{value}」只能用小写英文字母、数字和连字符，如 cold-or-fever；它会出现在网址里")
        return value

    @field_validator("answer")
    @classmethod
    def _one_sentence(cls, value):
        if len([s for s in re.split(r"[。！？!?]", value) if s.strip()]) > 1:
            raise ValueError("Answer 只写一句话的回答；理由和做法请写在正文里")
        return value

    @field_validator("reviewed")
    @classmethod
    def _not_future(cls, value, info):
        today = (info.context or {}).get("today") or dt.date.today()
        if value > today:
            raise ValueError(f"审核日期 {value} 晚于今天（{today}），请填写实际审核的日期")
        return value


class Term(Strict):
    term: Text
    plain: Text


class Glossary(Strict):
    terms: list[Term] = []
