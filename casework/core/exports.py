"""Cells that leave Casework in a spreadsheet or CSV. A value starting with = + - @ tab or
carriage return would be run as a formula by Excel or LibreOffice (CSV injection), so it gets a
leading apostrophe."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
