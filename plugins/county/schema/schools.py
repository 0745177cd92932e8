"""schools.yaml: the schools that send the 小手拉大手 letter home."""

from typing import Literal, Optional

from pydantic import Field, field_validator

from datafile.fields import Strict, Text

from ..kinds import SCHOOL_LEVELS
from .common import Location, Phone, Slug, district_of_township, known_township


class Contact(Strict):
    name: Optional[Text] = None
    phone: Optional[Phone] = None


class School(Strict):
    id: Slug
    name: Text
    township: Text
    school_district: Text
    level: Literal[tuple(SCHOOL_LEVELS)]
    location: Location
    contact: Optional[Contact] = None

    _known_township = field_validator("township")(known_township)
    _district = field_validator("school_district")(district_of_township)

    @property
    def level_label(self):
        return SCHOOL_LEVELS[self.level]


class SchoolsFile(Strict):
    schools: list[dict] = Field(min_length=1)
