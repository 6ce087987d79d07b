"""A document as a Word file (.docx), with python-docx.

Headings are Word's own heading styles (so the file has an outline and a contents list
can be made from it); labelled rows and tables are grid tables, a table's header row
bold and repeated at the top of each page. The user's text goes in as text, line breaks
kept; characters a .docx cannot hold (control characters pasted from elsewhere) are left
out rather than refusing the whole document.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.documents.model import Document, Fields, Heading, Paragraph

if TYPE_CHECKING:
    # python-docx (and lxml under it) load when a .docx is made, not with the app.
    from docx.document import Document as WordDocument
    from docx.table import Table as WordTable
    from docx.table import _Row

# Not allowed in XML 1.0 (python-docx refuses them): C0 controls but tab and newline,
# lone surrogates, and the two non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _repeat_as_header(row: _Row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def _fill_cell(table: WordTable, row: int, column: int, text: str, *, bold: bool) -> None:
    cell = table.cell(row, column)
    run = cell.paragraphs[0].add_run(_clean(text))
    run.bold = bold


def _grid(word: WordDocument, rows: int, columns: int) -> WordTable:
    table = word.add_table(rows=rows, cols=columns)
    table.style = "Table Grid"
    return table


def _fill(word: WordDocument, doc: Document) -> None:
    """Add the document's title and blocks to ``word`` (a whole file or a template's part)."""
    word.add_heading(_clean(doc.title), 0)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(_clean(block.text), block.level)
        elif isinstance(block, Paragraph):
            word.add_paragraph().add_run(_clean(block.text)).bold = block.strong
        elif isinstance(block, Fields):
            table = _grid(word, len(block.rows), 2)
            for i, (label, value) in enumerate(block.rows):
                _fill_cell(table, i, 0, label, bold=True)
                _fill_cell(table, i, 1, value, bold=False)
        else:
            table = _grid(word, 1 + len(block.rows), len(block.header))
            _repeat_as_header(table.rows[0])
            for j, text in enumerate(block.header):
                _fill_cell(table, 0, j, text, bold=True)
            for i, row in enumerate(block.rows, start=1):
                for j, text in enumerate(row):
                    _fill_cell(table, i, j, text, bold=False)


def to_docx(doc: Document) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = _clean(doc.title)
    word.core_properties.author = ""  # the template's own ("python-docx") says nothing true
    _fill(word, doc)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def to_docx_from_template(doc: Document, template: Path, context: dict[str, str]) -> bytes:
    """The document inside a Word template a service can restyle (docxtpl): the template's
    ``{{p body }}`` paragraph becomes the document, its other ``{{ name }}`` fields (the
    letterhead) are filled from ``context``."""
    from docxtpl import DocxTemplate

    template_doc = DocxTemplate(str(template))
    body = template_doc.new_subdoc()
    _fill(body, doc)  # a Subdoc builds like a python-docx Document
    values: dict[str, object] = {k: _clean(v) for k, v in context.items()}
    values["body"] = body
    template_doc.render(values, autoescape=True)
    word = template_doc.docx
    word.core_properties.title = _clean(doc.title)
    word.core_properties.author = ""
    out = BytesIO()
    word.save(out)
    return out.getvalue()
