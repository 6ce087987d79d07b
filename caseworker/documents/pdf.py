"""A document as a PDF, with fpdf2 (pure Python: no external binaries) and the bundled
DejaVu Sans font (data/fonts, with its licence), so every character a name or a note may
hold prints, not only Latin-1.

The same blocks as the Markdown and Word renderers, in the same order and with the same
words: headings larger and bold, labelled rows as "Label: value", tables as bordered
cells with the header row bold. The user's text goes in as text, never markup.
"""

from __future__ import annotations

import re
from pathlib import Path

from caseworker.core.paths import content_dir
from caseworker.documents.model import Document, Fields, Heading, Paragraph

FONT = "DejaVuSans"
_SIZES = {0: 18, 1: 14, 2: 12, 3: 11}
_BODY = 10
# Control characters (but newline) and lone surrogates print as nothing useful.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def font_dir() -> Path:
    return content_dir() / "fonts"


def _clean(text: str) -> str:
    return _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def to_pdf(doc: Document) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_title(_clean(doc.title))
    pdf.set_author("")
    pdf.add_font(FONT, "", str(font_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def write(text: str, size: int, bold: bool = False, gap: float = 2) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, _clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    write(doc.title, _SIZES[0], bold=True, gap=4)
    for block in doc.blocks:
        if isinstance(block, Heading):
            write(block.text, _SIZES[block.level], bold=True)
        elif isinstance(block, Paragraph):
            write(block.text, _BODY, bold=block.strong)
        elif isinstance(block, Fields):
            for label, value in block.rows:
                write(f"{label}: {value}", _BODY, gap=0.5)
            pdf.ln(2)
        else:
            pdf.set_font(FONT, "", _BODY)
            with pdf.table(text_align="LEFT", line_height=_BODY * 0.5) as table:
                table.row([_clean(cell) for cell in block.header])
                for row in block.rows:
                    table.row([_clean(cell) or " " for cell in row])
            pdf.ln(2)
    return bytes(pdf.output())
