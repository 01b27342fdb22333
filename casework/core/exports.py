"""Files that leave Casework. Every cell is escaped so a spreadsheet never runs it as a formula:
a cell starting with = + - @ tab or carriage return gets a leading apostrophe."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cell(value) -> str:
    """The cell as text, escaped (CSV)."""
    return escape_cell("" if value is None else str(value))


# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; without one, names
# such as Zoë and the pound sign come out garbled.
UTF8_BOM = "\ufeff"


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(UTF8_BOM)
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
