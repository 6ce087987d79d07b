"""Showing what workers typed without Textual reading it as markup.

A name like "Smith [nee Jones]" or a note containing "[/b]" would otherwise be
swallowed or crash the screen (and the crash report would print client data).
"""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape

__all__ = ["cell", "escape"]


def cell(value: object, *, bold: bool = False) -> Text:
    """A DataTable cell shown exactly as stored."""
    return Text("" if value is None else str(value), style="bold" if bold else "")
