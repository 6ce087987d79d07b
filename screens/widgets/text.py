"""Showing what workers typed without Textual reading it as markup.

A name like "Smith [nee Jones]" or a note containing "[/b]" would otherwise be
swallowed or crash the screen (and the crash report would print client data).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.markup import escape as _textual_escape

__all__ = ["cell", "escape"]

# Every "[", not only those that look like a tag: Textual's own escape leaves "[ b ]"
# alone, and the markup parser then swallows it as a tag.
_EVERY_BRACKET = re.compile(r"(\\*)(\[)").sub


def escape(text: str) -> str:
    """Text to put inside markup, shown exactly as typed."""
    return _textual_escape(text, _escape=_EVERY_BRACKET)


def cell(value: object, *, bold: bool = False) -> Text:
    """A DataTable cell shown exactly as stored."""
    return Text("" if value is None else str(value), style="bold" if bold else "")
