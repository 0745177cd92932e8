"""places.yaml: the gazetteer of townships and their villages (行政村)."""

import re
from typing import Optional

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from typing_extensions import Annotated

from datafile.fields import Strict, Text

from .common import Location, Slug, known_township
from .geocoded import location_from_cache, village_key


def pinyin_slug(name):
    """城关村 -> 'chengguancun': a default id for a village, stable while its name is."""
    from pypinyin import lazy_pinyin
    return re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(name)).lower()) or "v"


def with_default_id(raw):
    """A village as written, with the id made from its name when it has none."""
    if isinstance(raw, dict) and raw.get("id") is None and isinstance(raw.get("name"), str):
        return {**raw, "id": pinyin_slug(raw["name"].strip())}
    return raw


class Village(Strict):
    id: Slug
    name: Text
    code: Optional[Annotated[str, BeforeValidator(str)]] = None  # 12-digit statistical division code
    # Omitted: the village is placed at its township's centre, and pages say so.
    location: Optional[Location] = None

    _default_id = model_validator(mode="before")(with_default_id)


class PlaceTownship(Strict):
    township: Text
    code: Optional[Annotated[str, BeforeValidator(str)]] = None
    centre: Location
    villages: list[Village] = []

    @model_validator(mode="before")
    @classmethod
    def _geocoded_villages(cls, raw, info: ValidationInfo):
        if not isinstance(raw, dict) or not isinstance(raw.get("villages"), list):
            return raw
        township = raw.get("township")
        villages = []
        for village in raw["villages"]:
            if isinstance(village, dict):
                village = with_default_id(village)
                village = location_from_cache(village, village_key(township, village.get("id")),
                                              (township, village.get("name")), info)
            villages.append(village)
        return {**raw, "villages": villages}

    _known_township = field_validator("township")(known_township)


class PlacesFile(Strict):
    source: Optional[Text] = None
    townships: list[dict] = Field(min_length=1)
