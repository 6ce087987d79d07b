"""A document as plain data: a title and blocks in order (headings, paragraphs, labelled
rows, tables with a header row). What it says is built by the capability that owns the
facts (a pre-CAF summary, a letter); how it looks on paper is the renderers' job
(markdown.py, word.py), so one document prints the same in either format.

Every text here is the user's or the records' words, never markup: the renderers escape
whatever their format would otherwise read as formatting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 (a section) to 3 (a part of one)


@dataclass(frozen=True)
class Paragraph:
    text: str  # may hold several lines: each stays a line
    strong: bool = False  # a marking that must not be missed ("DRAFT — not decided")


@dataclass(frozen=True)
class Fields:
    """Labelled values, one per row ("Client: Ada Lee")."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # each as long as the header


Block = Heading | Paragraph | Fields | Table


@dataclass
class Document:
    """Built top to bottom: ``doc.heading(...)``, ``doc.paragraph(...)``, ..."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> Document:
        if not 1 <= level <= 3:
            raise ValueError(f"a heading's level is 1 to 3, not {level}")
        self.blocks.append(Heading(text, level))
        return self

    def paragraph(self, text: str, *, strong: bool = False) -> Document:
        self.blocks.append(Paragraph(text, strong))
        return self

    def fields(self, rows: Iterable[tuple[str, str]]) -> Document:
        """Rows with an empty value are left out: a summary shows what was recorded."""
        kept = tuple((label, value) for label, value in rows if value)
        if kept:
            self.blocks.append(Fields(kept))
        return self

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Document:
        head = tuple(header)
        body = tuple(tuple(row) for row in rows)
        for row in body:
            if len(row) != len(head):
                raise ValueError(f"a row of {len(row)} cells under a header of {len(head)}")
        self.blocks.append(Table(head, body))
        return self

    def text(self) -> str:
        """Every word the document holds, in order (for tests and search)."""
        parts = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                parts.append(block.text)
            elif isinstance(block, Fields):
                parts += [f"{label}: {value}" for label, value in block.rows]
            else:
                parts += [" | ".join(block.header), *(" | ".join(r) for r in block.rows)]
        return "\n".join(parts)
