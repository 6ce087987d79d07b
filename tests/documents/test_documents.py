"""The document renderers: a .docx that reads back as written, Markdown that prints the
user's text as typed, and writes that leave the whole file or none of it."""

from __future__ import annotations

import errno
import io
import os

import docx
import pytest
from caseloads import fail_writes_in

from caseworker.core import files
from caseworker.core.errors import DiskFull, FolderNotWritable, StorageError, ValidationFailed
from caseworker.documents import (
    Document,
    document_format,
    escape_line,
    to_docx,
    to_markdown,
    write_document,
)

HOSTILE = "*not* # 1 | see <file> [x](y) `code` _u_ ~s~ &amp; \\"


def sample() -> Document:
    return (
        Document("Pre-CAF summary: Ada Lee")
        .paragraph("DRAFT — not decided", strong=True)
        .heading("Sam Lee, 7")
        .fields([("Client", "Ada Lee"), ("Left out", ""), ("Occasion", "line one\nline two")])
        .heading("Development of the child", 2)
        .table(
            ["Element", "Rating", "Evidence"],
            [["Health", "No concern", "Seen by GP\nin May"], ["Learning", "Not known", ""]],
        )
        .paragraph("First paragraph.\n\nSecond paragraph.")
    )


def read_back(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_a_docx_reads_back_as_it_was_written():
    word = read_back(to_docx(sample()))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    assert paragraphs == [
        ("Title", "Pre-CAF summary: Ada Lee"),
        ("Normal", "DRAFT — not decided"),
        ("Heading 1", "Sam Lee, 7"),
        ("Heading 2", "Development of the child"),
        ("Normal", "First paragraph.\n\nSecond paragraph."),
    ]
    assert word.paragraphs[1].runs[0].bold is True
    fields, ratings = word.tables
    assert [[c.text for c in r.cells] for r in fields.rows] == [
        ["Client", "Ada Lee"],
        ["Occasion", "line one\nline two"],
    ]
    assert [[c.text for c in r.cells] for r in ratings.rows] == [
        ["Element", "Rating", "Evidence"],
        ["Health", "No concern", "Seen by GP\nin May"],
        ["Learning", "Not known", ""],
    ]
    header = ratings.rows[0]
    assert all(c.paragraphs[0].runs[0].bold for c in header.cells)
    assert header._tr.trPr.xml.count("tblHeader") == 1  # repeated on each page
    assert word.core_properties.title == "Pre-CAF summary: Ada Lee"


def test_a_docx_keeps_hostile_text_as_text_and_drops_what_xml_cannot_hold():
    doc = Document("Notes").paragraph(HOSTILE + "\x00\x07 pasted\x1b").table(["A"], [[HOSTILE]])
    word = read_back(to_docx(doc))
    assert word.paragraphs[1].text == HOSTILE + " pasted"
    assert word.tables[0].cell(1, 0).text == HOSTILE


def test_markdown_escapes_what_would_be_markup():
    md = to_markdown(Document("Ada # *Lee*").paragraph(HOSTILE).table(["a|b"], [["x | y"]]))
    assert md.splitlines()[0] == r"# Ada \# \*Lee\*"
    assert r"\*not\* \# 1 \| see \<file\> \[x\](y) \`code\` \_u\_ \~s\~ \&amp; \\" in md
    assert r"| a\|b |" in md and r"| x \| y |" in md
    # A table row has as many unescaped pipes as its cells need, no more.
    row = md.splitlines()[-1]
    assert row.replace("\\|", "").count("|") == 2


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("- not a list", r"\- not a list"),
        ("+ nor this", r"\+ nor this"),
        ("1. nor a numbered one", r"1\. nor a numbered one"),
        ("12) nor this", r"12\) nor this"),
        ("=====", r"\====="),
        ("---", r"\---"),
        ("> not a quote", r"\> not a quote"),
        ("    not code", "not code"),
        ("# not a heading", r"\# not a heading"),
        ("a - b 1. c", "a - b 1. c"),  # only at the start of a line
    ],
)
def test_markdown_escapes_line_starts(line, escaped):
    assert escape_line(line) == escaped


def test_markdown_keeps_lines_and_paragraphs():
    md = to_markdown(sample())
    assert "**DRAFT — not decided**" in md
    assert "- **Occasion:** line one\\\n  line two" in md  # a hard break inside the item
    assert "Left out" not in md  # an empty value is not printed
    assert "| Health | No concern | Seen by GP<br>in May |" in md
    assert "| Learning | Not known |   |" in md
    assert "First paragraph.\n\nSecond paragraph." in md


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_write_document_writes_the_chosen_format(tmp_path, fmt):
    path = write_document(sample(), tmp_path / f"summary.{fmt}", fmt)
    data = path.read_bytes()
    if fmt == "docx":
        assert read_back(data).paragraphs[0].text == "Pre-CAF summary: Ada Lee"
    else:
        assert data.decode("utf-8") == to_markdown(sample())
    assert os.stat(path).st_mode & 0o777 == 0o600  # it names a client: the user's only


def test_an_unknown_format_names_the_field(tmp_path):
    with pytest.raises(ValidationFailed) as caught:
        write_document(sample(), tmp_path / "x.pdf", "pdf")
    assert caught.value.errors[0].field == "format"
    assert document_format(".DOCX").value == "docx"
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_or_a_folder_given_is_said_plainly(tmp_path):
    with pytest.raises(StorageError, match=r"does not exist.*Nothing was written"):
        write_document(sample(), tmp_path / "nowhere" / "x.md", "md")
    with pytest.raises(StorageError, match="is a folder"):
        write_document(sample(), tmp_path, "md")


@pytest.mark.parametrize(
    ("err", "kind"), [(errno.ENOSPC, DiskFull), (errno.EROFS, FolderNotWritable)]
)
def test_a_full_disk_or_read_only_folder_leaves_no_file(tmp_path, monkeypatch, err, kind):
    target = tmp_path / "summary.docx"
    fail_writes_in(monkeypatch, tmp_path, err)
    with pytest.raises(kind, match="Nothing was written"):
        write_document(sample(), target, "docx")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("nameless", [True, False])
def test_a_write_failing_half_way_leaves_the_old_file_and_nothing_else(
    tmp_path, monkeypatch, nameless
):
    if not nameless:
        monkeypatch.setattr(files, "_open_unnamed", lambda folder: None)
    target = tmp_path / "summary.md"
    target.write_text("the good one", encoding="utf-8")
    real_fdopen = os.fdopen

    class FillsUp:
        """The file being written, on a disk that fills half-way through the document."""

        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: FillsUp(real_fdopen(*a, **k)))
    with pytest.raises(DiskFull, match=r"No space left.*Nothing was written"):
        write_document(sample(), target, "md")
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]
    assert target.read_text(encoding="utf-8") == "the good one"


def test_a_save_as_form_is_checked_field_by_field(tmp_path):
    from caseworker.documents import DocumentFormat, validate_document_target

    clean = validate_document_target({"path": str(tmp_path / "ada"), "format": "docx"})
    assert clean == {"path": tmp_path / "ada.docx", "format": DocumentFormat.DOCX}
    same = validate_document_target({"path": str(tmp_path / "ada.MD"), "format": "md"})
    assert same["path"] == tmp_path / "ada.MD"
    # The name offered for Word, with Markdown chosen after: a Markdown name, not ada.docx.md.
    changed = validate_document_target({"path": str(tmp_path / "ada.docx"), "format": "md"})
    assert changed["path"] == tmp_path / "ada.md"
    dotted = validate_document_target({"path": str(tmp_path / "ada.v2"), "format": "md"})
    assert dotted["path"] == tmp_path / "ada.v2.md"

    def fields(raw):
        with pytest.raises(ValidationFailed) as caught:
            validate_document_target(raw)
        return {e.field: e.message for e in caught.value.errors}

    assert set(fields({})) == {"path", "format"}
    assert fields({"path": str(tmp_path), "format": "md"}) == {
        "path": "is a folder: add a file name to it"
    }
    missing = fields({"path": str(tmp_path / "gone" / "x"), "format": "md"})
    assert missing["path"].startswith("the folder") and "does not exist" in missing["path"]
    assert set(fields({"path": "x\x1b", "format": "pdf"})) == {"path", "format"}
