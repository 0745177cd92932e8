"""sites.yaml's `vaccines:` section: each vaccine product's schedule, kept once, with its source.

A site lists a product by the same name under its own `vaccines:`; the next-dose tool (下一针什么时候打)
works out a resident's window from these rules, and the pages state them in words.

    vaccines:
      - name: 新冠病毒灭活疫苗（Vero细胞）
        doses: 2
        intervals:
          - {dose: 2, after: 1, at_least: 3周, at_most: 8周}
        booster: {after_course: 6个月}
        sources:
          - {org: 国家卫生健康委员会, title: 新冠病毒疫苗接种技术指南（第一版）, url: "http://…"}
"""

import json
import re
from typing import Annotated, Literal, Optional

from pydantic import BeforeValidator, Field, model_validator

from datafile.fields import Strict, Text, web_address
from datafile.messages import shown

# A duration as an editor writes it: 21天, 3周, 6个月.
_DURATION = re.compile(r"^\s*(\d{1,3})\s*(天|日|周|星期|个月|月)\s*$")
UNITS = {"天": "day", "日": "day", "周": "week", "星期": "week", "个月": "month", "月": "month"}
UNIT_WORDS = {"day": "天", "week": "周", "month": "个月"}
# For comparing two durations of different units only (the tool adds months by the calendar).
_APPROX_DAYS = {"day": 1, "week": 7, "month": 30}


class Duration(Strict):
    count: int = Field(ge=1)
    unit: Literal["day", "week", "month"]

    @property
    def text(self):
        return f"{self.count}{UNIT_WORDS[self.unit]}"

    @property
    def approx_days(self):
        return self.count * _APPROX_DAYS[self.unit]


def _duration(value):
    if isinstance(value, dict):
        return value
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"时间间隔「{shown(value)}」的写法不对，请写成“21天”“3周”或“6个月”")
    return {"count": int(match.group(1)), "unit": UNITS[match.group(2)]}


DurationText = Annotated[Duration, BeforeValidator(_duration)]


class Interval(Strict):
    """When dose `dose` may be given, counted from the day of dose `after`."""

    dose: int = Field(ge=2)
    after: int = Field(ge=1)
    at_least: Optional[DurationText] = None
    at_most: Optional[DurationText] = None

    @model_validator(mode="after")
    def _sensible(self):
        if self.after >= self.dose:
            raise ValueError(f"第 {self.dose} 针只能从它之前的某一针算起，after 应小于 {self.dose}")
        if self.at_least is None and self.at_most is None:
            raise ValueError("请写 at_least（至少隔多久）或 at_most（最晚隔多久），或两个都写")
        if self.at_least and self.at_most and self.at_least.approx_days >= self.at_most.approx_days:
            raise ValueError(f"at_least（{self.at_least.text}）应短于 at_most（{self.at_most.text}）")
        return self


class Booster(Strict):
    after_course: DurationText   # counted from the last dose of the course


SourceUrl = web_address("来源网址")


class Source(Strict):
    org: Text
    title: Text
    url: SourceUrl  # the page a doubter opens


class Product(Strict):
    name: Text                      # as the sites list it under their own `vaccines:`
    plain: Optional[Text] = None    # what a resident calls it: 灭活疫苗（国药、科兴）
    doses: int = Field(ge=1, le=5)  # the full course, without a booster
    intervals: list[Interval] = []
    booster: Optional[Booster] = None
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_dose_has_a_start(self):
        for interval in self.intervals:
            if interval.dose > self.doses:
                raise ValueError(f"这种疫苗一共 {self.doses} 针，没有第 {interval.dose} 针；请改 doses 或删去这条间隔")
        for dose in range(2, self.doses + 1):
            if not any(i.dose == dose and i.after == dose - 1 and i.at_least for i in self.intervals):
                raise ValueError(
                    f"请写明第 {dose} 针和第 {dose - 1} 针至少隔多久，如 "
                    f"{{dose: {dose}, after: {dose - 1}, at_least: 3周}}")
        return self

    def rules_for(self, dose):
        return [interval for interval in self.intervals if interval.dose == dose]

    def in_words(self):
        """The schedule as a resident reads it without the tool: ["共2针", "第2针：第1针后3周到8周之间打，
        越早越好", "加强针：全程打完满6个月后"]."""
        lines = ["只打1针" if self.doses == 1 else f"共{self.doses}针"]
        for dose in range(2, self.doses + 1):
            parts = []
            for rule in self.rules_for(dose):
                if rule.at_least and rule.at_most:
                    parts.append(f"第{rule.after}针后{rule.at_least.text}到{rule.at_most.text}之间")
                elif rule.at_least:
                    parts.append(f"第{rule.after}针后至少{rule.at_least.text}")
                else:
                    parts.append(f"第{rule.after}针后{rule.at_most.text}以内")
            lines.append(f"第{dose}针：{'，而且'.join(parts)}打，越早越好")
        if self.booster:
            lines.append(f"加强针：全程打完满{self.booster.after_course.text}后")
        return lines

    def browser_data(self):
        """The schedule as theme/components/next-dose/next-dose.js reads it (browser_json)."""
        def duration(value):
            return [value.count, value.unit, value.text] if value else None
        return {
            "name": self.name, "plain": self.plain or "", "doses": self.doses,
            "intervals": [[i.dose, i.after, duration(i.at_least), duration(i.at_most)] for i in self.intervals],
            "booster": duration(self.booster.after_course) if self.booster else None,
        }


def browser_json(products):
    """The JSON text next-dose.js reads from its data-schedules attribute."""
    return json.dumps([product.browser_data() for product in products], ensure_ascii=False, separators=(",", ":"))
