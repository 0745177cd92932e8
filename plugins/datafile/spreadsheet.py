"""Cells for files people open in Excel or WPS: text that cannot run as a formula.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by Excel and WPS as a
formula (CSV injection, OWASP). Such text gets a leading apostrophe, which both programs show as
plain text. Numbers are written as numbers and left alone.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` for a spreadsheet cell: text that starts like a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
