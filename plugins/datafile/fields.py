"""Building blocks every editor-facing pydantic model shares."""

import datetime as dt
import os
import re
from pathlib import Path

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo
from typing_extensions import Annotated


class Strict(BaseModel):
    """No unknown fields (they are usually typos), surrounding spaces trimmed, read-only."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _not_blank(value):
    if not value:
        raise ValueError("不能为空，请填写内容")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(what, example):
    """A text that becomes part of an address: lower-case letters, digits and hyphens."""

    def check(value):
        if not _SLUG.match(value):
            raise ValueError(f"{what}「{value}」只能由小写英文字母、数字和连字符组成（例如 {example}），"
                             "它会出现在网址里，定下后请不要再改")
        return value

    return Annotated[str, AfterValidator(check)]


def today_of(info: ValidationInfo):
    """The build's date, which the loaders pass in the validation context."""
    return (info.context or {}).get("today") or dt.date.today()


def after_today(what, date, today):
    """What is wrong with a date that lies ahead of today (the day something was checked,
    reviewed or reported), or None."""
    if date > today:
        return f"{what}日期 {date} 晚于今天（{today}），请填写实际{what}的日期"
    return None


def not_after_today(what):
    """A field validator: after_today() for a model's date field."""

    def check(cls, value, info: ValidationInfo):
        problem = after_today(what, value, today_of(info))
        if problem:
            raise ValueError(problem)
        return value

    return check


def write_files(output_path, files):
    """Write {relative path: text} under the output folder (for data files that are not pages)."""
    for path, text in files.items():
        target = Path(output_path) / path
        os.makedirs(target.parent, exist_ok=True)
        target.write_text(text, encoding="utf-8")
