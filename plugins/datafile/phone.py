"""Phone numbers in China that a resident's phone can dial, and the `tel:` link for each.

- a landline: an area code (0 and 2 or 3 more digits) and a local number of 7 or 8 digits,
  written "0932-1234567" (the hyphen may be left out), with an extension after a second hyphen
  or 转 ("0932-1234567-801");
- a mobile number: 11 digits starting with 1 ("13812345678", or "138-1234-5678");
- without an area code, only the short service numbers: 110, 120, 12320, 12345, 95xxx, 400 and
  800 numbers.
"""

import re

_LANDLINE = re.compile(r"^(0[1-9]\d{1,2})-?(\d{7,8})(?:(?:-|转)(\d{1,5}))?$")
_MOBILE = re.compile(r"^1\d{2}-?\d{4}-?\d{4}$")
_SERVICE = re.compile(r"^(?:1\d{2}|1\d{4}|9[56]\d{3}|[48]00-?\d{3}-?\d{4})$")
EXPECTED = ("有区号时，区号（0 开头，共 3 或 4 位）后面是 7 或 8 位号码，如 0932-1234567；"
            "手机号是 1 开头的 11 位数字，如 13812345678；不带区号的只能是 120、12320、95xxx 这样的服务号码")


def normalise(value):
    """The number as it will be shown: without spaces or brackets."""
    return re.sub(r"[\s（）()]", "", str(value))


def phone_problem(value):
    """What is wrong with a phone number, in Chinese with the shapes it may take; None if it dials."""
    text = normalise(value)
    if _LANDLINE.match(text) or _MOBILE.match(text) or _SERVICE.match(text):
        return None
    shown = str(value) if len(str(value)) <= 30 else str(value)[:30] + "…"
    return f"电话「{shown}」的格式不对：{EXPECTED}"


def tel_href(phone):
    """'0932-1234567' -> 'tel:09321234567'; an extension is dialled after a pause: 'tel:09321234567,801'."""
    landline = _LANDLINE.match(normalise(phone))
    if landline and landline.group(3):
        return f"tel:{landline.group(1)}{landline.group(2)},{landline.group(3)}"
    return "tel:" + re.sub(r"[^0-9]", "", phone)
