"""Documents for the case file and for letters: a small model (a title, headings,
paragraphs, labelled rows, tables) and its renderers, Markdown, Word (.docx, plain or
through a service's docxtpl template) and PDF (fpdf2), written atomically where the user chooses.

A capability builds the ``Document`` from its records (the pre-CAF summary:
caseworker.assessment.summary; the referrals' letters); this package knows nothing of
clients or assessments, only of how a document is printed. It stands on core alone.
"""

from __future__ import annotations

from caseworker.documents.markdown import escape_line, escape_text, to_markdown
from caseworker.documents.model import Block, Document, Fields, Heading, Paragraph, Table
from caseworker.documents.pdf import to_pdf
from caseworker.documents.word import to_docx, to_docx_from_template
from caseworker.documents.writing import (
    FORMAT_CHOICES,
    FORMAT_WORDS,
    DocumentFormat,
    check_target,
    document_format,
    render,
    validate_document_target,
    write_document,
    write_rendered,
)

__all__ = [
    "FORMAT_CHOICES",
    "FORMAT_WORDS",
    "Block",
    "Document",
    "DocumentFormat",
    "Fields",
    "Heading",
    "Paragraph",
    "Table",
    "check_target",
    "document_format",
    "escape_line",
    "escape_text",
    "render",
    "to_docx",
    "to_docx_from_template",
    "to_markdown",
    "to_pdf",
    "validate_document_target",
    "write_document",
    "write_rendered",
]
