"""What a FAQ page's metadata must hold, and the glossary of terms to explain.

Each field's title and description are also the web editor's label and hint (plugins/editor
makes its form from these models' JSON schema): a field added here reaches the editor as it is.
`pattern` and `pattern_message` in a field's JSON schema let the editor catch the mistake
before it saves; the validators here stay the rule."""

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
# One sentence: at most one run of words between the sentence marks.
ONE_SENTENCE = r"^[。！？!?\s]*[^。！？!?]*[。！？!?\s]*$"
ONE_SENTENCE_MESSAGE = "Answer 只写一句话的回答；理由和做法请写在正文里"


class Source(Strict):
    org: Text = Field(title="机构", description="如 国家卫生健康委员会、中国疾控中心、世界卫生组织、省卫健委",
                      json_schema_extra={"pattern": r"^[^｜|]*$", "pattern_message": "机构名称里不能有竖线“｜”"})
    title: Text = Field(title="标题", description="原文的标题")
    url: str = Field(title="网址", description="能打开原文的网址，以 https:// 或 http:// 开头",
                     json_schema_extra={"pattern": r"^https?://[^\s｜|]+$",
                                        "pattern_message": "要写以 https:// 或 http:// 开头的网址，中间不能有空格"})

    @field_validator("url")
    @classmethod
    def _web_address(cls, value):
        if not is_web_address(value):
            raise ValueError("来源没有网址。请写成“机构｜标题｜https://……”，网址要能打开原文")
        return value


class FaqMeta(Strict):
    title: Text = Field(title="问题", description="群众实际会怎么问，就怎么写，以问号结尾")
    slug: PageSlug = Field(title="网址名（Slug）", description="网址里用的英文名，如 cold-or-fever：小写字母、数字、连字符，"
                                                           "各页不能重复，定下后不要改")
    myth: Optional[Text] = Field(None, title="纠正的错误说法", description="这一页纠正的错误说法（可不写）")
    answer: Text = Field(title="一句话回答", description="只写一句话；理由和做法写在正文里",
                         json_schema_extra={"pattern": ONE_SENTENCE, "pattern_message": ONE_SENTENCE_MESSAGE})
    topic: Literal[tuple(TOPICS)] = Field(title="话题", json_schema_extra={"enum_labels": TOPICS})
    sources: list[Source] = Field(min_length=1, title="依据（来源）",
                                  description="至少一条。只引用国家卫健委、中国疾控中心、世界卫生组织、省卫健委等权威来源")
    reviewed: dt.date = Field(title="审核日期", description="医生审核这一页的日期，不能晚于今天")
    reviewer: Text = Field(title="审核人", description="审核人或科室")
    # Other pages' Slugs ("references": the editor offers the pages of this same kind to choose from).
    related: list[str] = Field([], title="相关问题", description="不选时自动选同一话题的 2–3 个问题",
                               json_schema_extra={"references": "slug"})

    @field_validator("answer")
    @classmethod
    def _one_sentence(cls, value):
        if not re.match(ONE_SENTENCE, value):
            raise ValueError(ONE_SENTENCE_MESSAGE)
        return value

    _not_future = field_validator("reviewed")(not_after_today("审核"))


class Term(Strict):
    term: Text = Field(title="词", description="群众可能看不懂的词，如 灭活疫苗")
    plain: Text = Field(title="大白话解释", description="用一句大白话解释，如 把病毒杀死后做成的疫苗")


class Glossary(Strict):
    terms: list[Term] = Field([], title="名词解释", description="每个词第一次出现时，紧接着用括号写上解释")
