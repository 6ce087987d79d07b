"""Writing a document where the user chose, in the format they chose: atomically (the
whole file or none of it, caseworker.core.files), and with a plain error for every way
it can fail — never a traceback, and never half a document holding client names."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from caseworker.core.errors import FieldError, StorageError, ValidationFailed
from caseworker.core.files import atomic_write_bytes
from caseworker.core.validation import FormReader
from caseworker.documents.markdown import to_markdown
from caseworker.documents.model import Document
from caseworker.documents.word import to_docx


class DocumentFormat(StrEnum):
    MARKDOWN = "md"
    DOCX = "docx"


FORMAT_WORDS = {DocumentFormat.MARKDOWN: "Markdown (.md)", DocumentFormat.DOCX: "Word (.docx)"}
# For a form's select: (id, words), Word first (what a case file usually takes).
FORMAT_CHOICES = tuple((f.value, FORMAT_WORDS[f]) for f in (DocumentFormat.DOCX,
                                                            DocumentFormat.MARKDOWN))  # fmt: skip


def document_format(fmt: str | DocumentFormat) -> DocumentFormat:
    """ "md" or "docx" (a leading dot and capitals are forgiven); anything else names the
    field ``format``."""
    try:
        return DocumentFormat(str(fmt).strip().lower().lstrip("."))
    except ValueError:
        given = f"{fmt!r} is not one" if str(fmt).strip() else "none given"
        raise ValidationFailed(
            [FieldError("format", "Format", f"use md (Markdown) or docx (Word); {given}")]
        ) from None


def render(doc: Document, fmt: str | DocumentFormat) -> bytes:
    if document_format(fmt) is DocumentFormat.DOCX:
        return to_docx(doc)
    return to_markdown(doc).encode("utf-8")


def check_target(path: Path | str) -> Path:
    """The file to write, checked before any work is done: its folder must exist and the
    path must not be a folder itself."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError(f"{path} is a folder: give a file name in it. Nothing was written.")
    if not path.parent.is_dir():
        raise StorageError(
            f"The folder {path.parent} does not exist: choose another. Nothing was written."
        )
    return path


def write_document(
    doc: Document,
    path: Path | str,
    fmt: str | DocumentFormat,
    *,
    before_in_place: Callable[[], None] | None = None,
) -> Path:
    """Write ``doc`` to ``path`` as "md" or "docx"; returns the path written. A missing
    folder, a read-only one or a full disk is a StorageError (DiskFull, FolderNotWritable)
    saying so, and leaves no file, not even part of one. ``before_in_place`` runs when
    the document is complete on disk but not yet under its name (a capability records
    the export in the trail there): if it raises, no file is left."""
    return write_rendered(render(doc, fmt), path, before_in_place=before_in_place)


def write_rendered(
    data: bytes, path: Path | str, *, before_in_place: Callable[[], None] | None = None
) -> Path:
    """Write a document already rendered (a letter's .docx from its template, a PDF) as
    write_document does: atomically, with the same plain errors, nothing left on failure."""
    target = check_target(path)
    try:
        atomic_write_bytes(target, data, before_in_place=before_in_place)
    except StorageError as exc:
        raise type(exc)(f"{exc} Nothing was written.") from None
    return target


def validate_document_target(raw: dict) -> dict:
    """A "save as" form's answers, {"path": text, "format": "md" | "docx"}, checked as
    the form checks them: {"path": Path, "format": DocumentFormat}, or ValidationFailed
    naming the field. A file name without the format's extension is given it; "~" is
    the user's home."""
    f = FormReader(raw)
    chosen = f.choice("format", "Format", FORMAT_CHOICES, None)
    typed = f.text("path", "Save as", required=True, max_len=4096)
    if chosen is None or not typed or f.has_error("path"):
        return f.result()  # raises: each of these has put its error on the form
    fmt = DocumentFormat(chosen)
    path = Path(typed).expanduser()
    suffix = path.suffix.lower()
    if suffix != f".{fmt.value}":
        # The other format's name (as the form offered it before the format was changed)
        # is changed; any other name is given this format's extension.
        other = suffix in {f".{c.value}" for c in DocumentFormat}
        path = path.with_suffix(f".{fmt.value}") if other else path.with_name(
            f"{path.name}.{fmt.value}")  # fmt: skip
    if Path(typed).expanduser().is_dir():
        f.fail("path", "Save as", "is a folder: add a file name to it")
    elif not path.parent.is_dir():
        f.fail("path", "Save as", f"the folder {path.parent} does not exist")
    f.result()
    return {"path": path, "format": fmt}
