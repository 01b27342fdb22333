"""The privacy notice as a PDF, drawn with fpdf2 (pure Python, no system libraries; see
docs/decisions/0031-privacy-notice-pdf.md) from the same sections as the web page."""

from fpdf import FPDF
from fpdf.fonts import FontFace

from casework.register.notice import Notice

# The PDF core fonts cover Latin-1 only; the notices use a few typographic characters beyond it.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def _plain(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def notice_pdf(notice: Notice) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_plain(notice.title))
    pdf.set_lang("en-GB")
    pdf.set_creator("Casework")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(width, 9, _plain(notice.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        width,
        6,
        _plain(f"Version {notice.version_number}, published {notice.version_date:%-d %B %Y}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if notice.last_updated:
        pdf.multi_cell(
            width, 6, _plain(f"Last updated: {notice.last_updated}."), new_x="LMARGIN", new_y="NEXT"
        )
    for paragraph in notice.introduction:
        pdf.ln(2)
        pdf.multi_cell(width, 6, _plain(paragraph), new_x="LMARGIN", new_y="NEXT")
    for section in notice.sections:
        pdf.ln(4)
        pdf.start_section(_plain(section.heading))
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(width, 7, _plain(section.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for block in section.blocks:
            if block.kind == "paragraph":
                pdf.multi_cell(width, 5.5, _plain(block.text), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1.5)
            elif block.kind == "bullets":
                for item in block.items:
                    pdf.set_x(pdf.l_margin + 4)
                    pdf.multi_cell(
                        width - 4, 5.5, _plain(f"- {item}"), new_x="LMARGIN", new_y="NEXT"
                    )
                pdf.ln(1.5)
            else:
                pdf.set_font("Helvetica", "", 9)
                with pdf.table(
                    headings_style=FontFace(emphasis="BOLD"),
                    line_height=4.5,
                    first_row_as_headings=True,
                ) as table:
                    for row in [block.head, *block.rows]:
                        cells = table.row()
                        for value in row:
                            cells.cell(_plain(value))
                pdf.set_font("Helvetica", "", 11)
                pdf.ln(2)
    return bytes(pdf.output())
