"""Template filters every page may use, whichever plugin writes it."""

import re

from datafile.dates import date_zh, days_ago_text


def tel_href(phone):
    """'0932-1234567' -> 'tel:09321234567'."""
    return "tel:" + re.sub(r"[^0-9]", "", phone)


FILTERS = {
    "date_zh": date_zh,
    "days_ago_text": days_ago_text,
    "tel_href": tel_href,
}
