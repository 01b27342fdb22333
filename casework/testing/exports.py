"""Reading a CSV export back as a spreadsheet would."""

import csv
import io

from casework.core.exports import UTF8_BOM


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download. It must start with the byte order mark that makes Excel read
    it as UTF-8."""
    text = response.content.decode("utf-8")
    assert text.startswith(UTF8_BOM), "a CSV for Excel starts with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(text.removeprefix(UTF8_BOM))))
