"""The pack's renderings, all from the one structure (pack.Pack): the HTML page (a Jinja2
template, subjectaccess/pack.html), a PDF drawn with fpdf2, and the machine-readable JSON and
CSV (the portability format of Art 20). The CSV's cells are escaped against spreadsheet
formulas and the file starts with a UTF-8 byte order mark, like every export of Casework."""

import csv
import io
import json
from pathlib import Path

from fpdf import FPDF

from casework.core.exports import UTF8_BOM, safe_cell
from casework.subjectaccess.pack import Pack

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json; charset=utf-8", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}

# A Unicode font draws every name as written (Zoë, Łukasz, Nguyễn); Debian ships DejaVu
# (fonts-dejavu-core). Without it the PDF falls back to the core font, Latin-1 only.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def pack_json(pack: Pack) -> bytes:
    return json.dumps(
        {"format": "casework-subject-access-pack", "version": 1, **pack.to_dict()},
        ensure_ascii=False,
        indent=2,
    ).encode()


CSV_HEADER = ("Section", "Item", "Date", "Field", "Value")


def csv_rows(pack: Pack):
    for item in pack.details:
        yield ("Your details", item.category, "", item.label, item.value)
    for section in pack.sections:
        for record in section.records:
            if record.withheld:
                yield (section.title, record.title, record.when, "", record.note)
            for item in record.items:
                yield (section.title, record.title, record.when, item.label, item.value)
    for item in pack.about:
        yield ("About this information", "", "", item.label, item.value)
    for entry in pack.schedule:
        yield ("Withheld", entry.item, "", entry.what, f"{entry.exemption}. {entry.reason}")


def pack_csv(pack: Pack) -> bytes:
    out = io.StringIO()
    out.write(UTF8_BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in csv_rows(pack):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


class _Writer:
    def __init__(self, title: str):
        self.pdf = FPDF(format="A4")
        self.widths: dict = {}
        self.unicode = (_DEJAVU / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.pdf.add_font("Body", "", str(_DEJAVU / "DejaVuSans.ttf"))
            self.pdf.add_font("Body", "B", str(_DEJAVU / "DejaVuSans-Bold.ttf"))
            self.family = "Body"
        else:
            self.family = "Helvetica"
        self.pdf.set_title(self.text(title))
        self.pdf.set_lang("en-GB")
        self.pdf.set_creator("Casework")
        self.pdf.set_margins(18, 18, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        self.pdf.add_page()

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        return value.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")

    def _width(self, word: str) -> float:
        key = (self.pdf.font_style, self.pdf.font_size_pt, word)
        width = self.widths.get(key)
        if width is None:
            width = self.widths[key] = self.pdf.get_string_width(word)
        return width

    def _wrap(self, text: str, width: float):
        """Lines of at most `width`, breaking at spaces (a word wider than a line is cut).
        fpdf2's multi_cell measures each line again for every character it adds, which took
        seconds for a pack of 1,000 records; words' widths are measured once here."""
        space = self._width(" ")
        for paragraph in text.split("\n"):
            line, used = [], 0.0
            for word in paragraph.split(" "):
                w = self._width(word)
                while w > width and not line:  # one very long word: cut it
                    cut = max(1, int(len(word) * width / w))
                    yield word[:cut]
                    word = word[cut:]
                    w = self._width(word)
                if line and used + space + w > width:
                    yield " ".join(line)
                    line, used = [], 0.0
                used += (space if line else 0) + w
                line.append(word)
            yield " ".join(line)

    def line(self, value: str, *, size=10.5, bold=False, height=5.5, indent=0):
        self.pdf.set_font(self.family, "B" if bold else "", size)
        width = self.pdf.epw - indent
        for text in self._wrap(self.text(value), width - 1):
            self.pdf.set_x(self.pdf.l_margin + indent)
            self.pdf.cell(width, height, text, new_x="LMARGIN", new_y="NEXT")

    def pair(self, label: str, value: str):
        # One line per value ("Label: value"): each cell costs fpdf2 a fraction of a
        # millisecond, and a pack of 1,000 records has thousands of values.
        self.line(f"{label}: {value}", indent=4)


def pack_pdf(pack: Pack) -> bytes:
    title = f"Your personal information: {pack.name}"
    w = _Writer(title)
    w.line(title, size=18, bold=True, height=8)
    w.line(f"{pack.programme}. An account of the information held about you on {pack.as_of}.")
    if pack.request_reference:
        w.line(f"Your request: {pack.request_reference}")
    w.pdf.ln(3)
    w.pdf.start_section(w.text("Your details"))
    w.line("Your details", size=14, bold=True, height=7)
    for item in pack.details:
        w.pair(f"{item.label} ({item.category})", item.value)
    for section in pack.sections:
        w.pdf.ln(3)
        w.pdf.start_section(w.text(section.title))
        w.line(section.title, size=14, bold=True, height=7)
        if section.description:
            w.line(section.description)
        if not section.records:
            w.line("We hold nothing of this kind about you.")
        for record in section.records:
            w.pdf.ln(1.5)
            w.line(record.title, bold=True, size=11)
            if record.note:
                w.line(record.note, indent=4)
            for item in record.items:
                w.pair(item.label, item.value)
    w.pdf.ln(3)
    w.pdf.start_section(w.text("About this information"))
    w.line("About this information", size=14, bold=True, height=7)
    for item in pack.about:
        w.pair(item.label, item.value)
    w.pdf.ln(3)
    w.pdf.start_section(w.text("What we have withheld, and why"))
    w.line("What we have withheld, and why", size=14, bold=True, height=7)
    if not pack.schedule:
        w.line("Nothing has been withheld.")
    for entry in pack.schedule:
        w.pair(
            f"{entry.section}: {entry.item} ({entry.what.lower()})",
            f"{entry.exemption}. {entry.reason}".strip(),
        )
    return bytes(w.pdf.output())
