"""Cells of the spreadsheets people open in Excel or WPS: written safely, read without surprises.

Writing: a cell whose text starts with =, +, -, @, a tab or a carriage return is read by Excel and
WPS as a formula (CSV injection, OWASP). In a CSV such text gets a leading apostrophe, which both
programs show as plain text; in an .xlsx it is stored as text with the quote prefix. Numbers are
written as numbers and left alone.

Reading (openpyxl): what office staff type arrives in many shapes. A number may be stored as text,
a phone number as a float (9325212345.0, its leading 0 lost), a date as text ("2026/11/26"),
digits in full width ("０９３２"), with stray spaces or a merged cell. Each reader below returns
(value, None) or (None, what is wrong in Chinese); nothing is guessed silently.
"""

import datetime as dt
import re
import unicodedata

from .messages import shown

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Spaces Excel users leave around a value: ordinary, no-break, full-width and zero-width.
_STRAY_SPACES = " \t\r\n\u00a0\u3000\u200b\ufeff"
YES = ("是", "有", "可以", "能", "√", "✓", "y", "yes", "true", "1")
NO = ("否", "无", "没有", "不可以", "不能", "×", "✗", "n", "no", "false", "0")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def safe_cell(value):
    """`value` for a cell of a CSV file: text that starts like a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def put_cell(cell, value):
    """Write `value` into an openpyxl cell. Text that starts like a formula is stored as text with
    the quote prefix (what typing a leading ' does in Excel), so it reads back unchanged."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def clean_text(value):
    """A cell's text with stray spaces trimmed; None for a blank cell. Full-width characters in
    the text are kept: a site's name is written with （） and they are part of it."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = _as_date(value).isoformat()
    text = str(value).strip(_STRAY_SPACES)
    return text or None


def narrow(text):
    """Full-width digits, letters and punctuation as ASCII (０９３２－１ -> 0932-1), for cells that
    hold numbers, dates, times and codes, never for names."""
    return unicodedata.normalize("NFKC", text) if text is not None else None


def read_text(value):
    return clean_text(value), None


def read_code(value):
    """A code, a time or an age range: full width made narrow."""
    return narrow(clean_text(value)), None


def read_number(value):
    if value is None or isinstance(value, bool):
        return None, None if value is None else "这里应填写数字"
    if isinstance(value, (int, float)):
        return float(value), None
    text = narrow(clean_text(value))
    if text is None:
        return None, None
    try:
        return float(text.replace(",", "")), None
    except ValueError:
        return None, f"这里应填写数字，例如 35.2101（现在是「{shown(text)}」）"


def read_date(value):
    if value is None:
        return None, None
    if isinstance(value, (dt.datetime, dt.date)):
        return _as_date(value), None
    if isinstance(value, (int, float)):
        return None, (f"日期被存成了数字（{shown(value)}），请把这一格设为“日期”格式，"
                      "或写成 2026-11-28 这样")
    text = narrow(clean_text(value))
    if text is None:
        return None, None
    match = _DATE_TEXT.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups())), None
        except ValueError:
            pass
    return None, f"日期「{shown(text)}」看不懂，请写成 2026-11-28 这样（年-月-日）"


def read_bool(value):
    if value is None or isinstance(value, bool):
        return value, None
    text = narrow(clean_text(value))
    if text is None:
        return None, None
    if text.lower() in YES:
        return True, None
    if text.lower() in NO:
        return False, None
    return None, f"这里请填“是”或“否”（现在是「{shown(text)}」），也可以空着"


def read_phone_number(value):
    """One phone cell's text. A phone stored as a number keeps it only when nothing was lost."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = f"{value:.0f}" if float(value).is_integer() else None
        if digits and len(digits) == 11 and digits.startswith("1"):
            return digits, None  # a mobile number: nothing lost
        return None, (f"电话被存成了数字（{shown(value)}），开头的 0 或中间的“-”已经丢了。"
                      "请把这一格设为“文本”格式，再照原样输入，如 0932-1234567")
    return narrow(clean_text(value)), None


def _as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def merged_ranges(sheet, first_row=2):
    """[(first row, last row, first column, last column)] of merged cells below the header:
    a merged cell keeps only its first value, so the rows it spans would lose theirs."""
    found = []
    for merged in sheet.merged_cells.ranges:
        if merged.max_row >= first_row:
            found.append((max(merged.min_row, first_row), merged.max_row, merged.min_col, merged.max_col))
    return sorted(found)
