"""A document as Markdown (CommonMark with GitHub's tables), the user's text escaped.

Every character that Markdown could read as formatting is escaped wherever it stands
(``*`` ``_`` ``` ` ``` ``#`` ``|`` ``[`` ``]`` ``<`` ``>`` ``~`` ``&`` and the backslash), and
those that only matter at the start of a line (``-`` ``+`` ``=``, "1." or "1)") there:
a note reading "*not* # 1 | see <file>" prints as typed, never as emphasis, a heading, a
broken table or HTML. A line's leading spaces are dropped (four would make it code).
"""

from __future__ import annotations

import re

from caseworker.documents.model import Document, Fields, Heading, Paragraph, Table

_ANYWHERE = re.compile(r"([\\`*_#|\[\]<>~&])")
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
# A hard break that stays inside a list item (its next line indented under the item).
_ITEM_BREAK = "\\\n  "


def escape_line(line: str) -> str:
    """One line of the user's text, safe to put in Markdown."""
    line = _ANYWHERE.sub(r"\\\1", line.strip())
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def _lines(text: str) -> list[str]:
    return [escape_line(line) for line in text.replace("\r\n", "\n").split("\n")]


def escape_text(text: str, *, joiner: str = "\\\n") -> str:
    """Several lines kept as lines (a hard break between them), blank lines dropped so
    that the text stays one block wherever it is put."""
    return joiner.join(line for line in _lines(text) if line)


def _paragraphs(text: str, strong: bool) -> list[str]:
    # A blank line in the user's text separates paragraphs, as it did where it was typed.
    out = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        body = escape_text(chunk)
        if body:
            out.append(f"**{body}**" if strong else body)
    return out


def _cell(text: str) -> str:
    # A table row is one line: the user's lines become HTML breaks, which GitHub's tables
    # and most renderers show as lines (the text's own < and > are escaped).
    return escape_text(text, joiner="<br>") or " "


def _table(block: Table) -> str:
    rows = [block.header, tuple("---" for _ in block.header), *block.rows]
    lines = []
    for i, row in enumerate(rows):
        cells = row if i == 1 else tuple(_cell(c) for c in row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fields(block: Fields) -> str:
    return "\n".join(
        f"- **{escape_text(label)}:** {escape_text(value, joiner=_ITEM_BREAK)}"
        for label, value in block.rows
    )


def to_markdown(doc: Document) -> str:
    parts = [f"# {escape_text(doc.title, joiner=' ')}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * (block.level + 1)} {escape_text(block.text, joiner=' ')}")
        elif isinstance(block, Paragraph):
            parts += _paragraphs(block.text, block.strong)
        elif isinstance(block, Fields):
            parts.append(_fields(block))
        else:
            parts.append(_table(block))
    return "\n\n".join(parts) + "\n"
