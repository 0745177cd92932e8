"""Template filters every page may use, whichever plugin writes it."""

from datafile.dates import date_zh, days_ago_text
from datafile.phone import tel_href


FILTERS = {
    "date_zh": date_zh,
    "days_ago_text": days_ago_text,
    "tel_href": tel_href,
}
