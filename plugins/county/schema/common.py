"""What more than one data file uses: ids, points with their datum, phone numbers, townships."""

import difflib
from functools import cached_property
from typing import Literal, Optional

from pydantic import BeforeValidator, ValidationInfo, model_validator
from typing_extensions import Annotated

from datafile.fields import Strict, Text, slug
from datafile.messages import shown
from datafile.phone import normalise, phone_problem

from ..datum import from_wgs84, to_wgs84
from ..kinds import DATUMS

Slug = slug("编号", "pingxiang-whc")
Datum = Literal[tuple(DATUMS)]

def phone_number(value):
    problem = phone_problem(value)
    if problem:
        raise ValueError(problem)
    return normalise(value)


Phone = Annotated[str, BeforeValidator(phone_number)]


class Location(Strict):
    lat: float
    lon: float
    datum: Datum = "wgs84"
    # Where the point came from, e.g. 高德坐标拾取器; filled in for points from `make geocode`.
    source: Optional[Text] = None

    @model_validator(mode="after")
    def _plausible(self, info: ValidationInfo):
        bounds = (info.context or {}).get("bounds")
        swapped = f"纬度和经度好像写反了：lat 是纬度，lon 是经度，请对调这两个数（现在 lat: {shown(self.lat)}, lon: {shown(self.lon)}）"
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            if -90 <= self.lon <= 90 and -180 <= self.lat <= 180:
                raise ValueError(swapped)
            raise ValueError(f"坐标 {shown(self.lat)}, {shown(self.lon)} 不是有效的经纬度，纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间")
        if bounds is None:
            return self
        # Half a kilometre of slack: datum offsets and sites just over the line.
        if bounds.contains(*self.wgs84, margin=0.005):
            return self
        if -90 <= self.lon <= 90 and bounds.contains(*to_wgs84(self.lon, self.lat, self.datum), margin=0.005):
            raise ValueError(swapped)
        raise ValueError(
            f"坐标 {self.lat}, {self.lon}（{DATUMS[self.datum]}）不在本县范围内"
            f"（纬度 {bounds.south}–{bounds.north}，经度 {bounds.west}–{bounds.east}）。"
            "请在地图取点工具上重新取点，并确认 datum 与取点工具一致（高德/腾讯为 gcj02，百度为 bd09）"
        )

    @cached_property
    def wgs84(self):
        return to_wgs84(self.lat, self.lon, self.datum)

    def in_datum(self, datum):
        """This point in `datum`, e.g. GCJ-02 to draw it on Gaode tiles."""
        return from_wgs84(*self.wgs84, datum)


def known_township(cls, value, info: ValidationInfo):
    """A field validator: the township must be one of county.townships (from the context)."""
    townships = (info.context or {}).get("townships")
    if townships is not None and value not in townships:
        guess = difflib.get_close_matches(value, list(townships), n=1, cutoff=0.5)
        hint = f"是不是「{guess[0]}」？" if guess else f"本县的乡镇有：{'、'.join(list(townships)[:30])}。"
        raise ValueError(
            f"乡镇「{shown(value)}」不在本县的乡镇列表（county.townships）里。{hint}"
            "如果确是新设的乡镇，请先把它加进 county.townships"
        )
    return value


def district_of_township(cls, value, info: ValidationInfo):
    """A field validator: a school district must be the one its township is registered with."""
    townships = (info.context or {}).get("townships") or {}
    township = townships.get(info.data.get("township"))
    if value is not None and township is not None and value != township.school_district:
        expected = township.school_district or "（该乡镇没有登记学区）"
        raise ValueError(
            f"学区「{shown(value)}」与乡镇「{township.name}」登记的学区不一致，应为：{expected}"
        )
    return value
