"""Building blocks every editor-facing pydantic model shares."""

import datetime as dt
import os
import re
from pathlib import Path
from typing import Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, PrivateAttr, ValidationInfo
from pydantic.json_schema import WithJsonSchema

from .messages import shown
from typing_extensions import Annotated


class Strict(BaseModel):
    """No unknown fields (they are usually typos), surrounding spaces trimmed, read-only.

    A record kept between builds carries the digest of what it was validated from (`_source`,
    set by datafile.fingerprint.mark_source): read-only, a record is whatever its source makes
    it, and a rebuild takes that digest as the record's own instead of digesting its fields."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    _source: Optional[str] = PrivateAttr(default=None)

    def __eq__(self, other):
        """Equal fields make equal records, whatever `_source` holds (pydantic compares private
        attributes too): a record validated again equals the one kept."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        if type(self) is not type(other):
            return False
        mine, theirs = self.__dict__, other.__dict__
        return mine == theirs or all(mine.get(name) == theirs.get(name) for name in type(self).model_fields)

    __hash__ = BaseModel.__hash__  # defining __eq__ would otherwise drop the frozen model's hash


def _not_blank(value):
    if not value:
        raise ValueError("不能为空，请填写内容")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A web address a resident may open: http or https, a host, nothing that breaks out of an attribute.
_WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s<>\"'`\\]*)?$")
# A plain e-mail address: no display name, no ?subject= or other headers.
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def is_web_address(value):
    return isinstance(value, str) and bool(_WEB_ADDRESS.match(value))


def is_email(value):
    return isinstance(value, str) and bool(_EMAIL.match(value))


def web_address(what):
    """A field for an address residents open: http:// or https:// only."""

    def check(value):
        if not is_web_address(value):
            raise ValueError(f"{what}「{shown(value)}」不是网址：要以 https:// 或 http:// 开头，中间不能有空格或引号，"
                             "例如 https://ym.example.gov.cn/yuyue")
        return value

    return Annotated[str, AfterValidator(check)]


def slug(what, example):
    """A text that becomes part of an address: lower-case letters, digits and hyphens."""

    rule = f"只能由小写英文字母、数字和连字符组成（例如 {example}）"

    def check(value):
        if not _SLUG.match(value):
            raise ValueError(f"{what}「{shown(value)}」{rule}，它会出现在网址里，定下后请不要再改")
        return value

    # The JSON schema (which the web editor's form is made from) carries the same rule.
    return Annotated[str, AfterValidator(check),
                     WithJsonSchema({"type": "string", "pattern": _SLUG.pattern, "pattern_message": f"{what} {rule}"})]


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
    """Write {relative path: text, or bytes as they are} under the output folder (for data files
    that are not pages)."""
    for path, text in files.items():
        target = Path(output_path) / path
        os.makedirs(target.parent, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
