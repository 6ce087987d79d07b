"""Showing what workers typed as text, never as markup.

Textual reads a plain ``str`` given to a Static, a Label, a palette hit or an option as
markup: a name like "Zed[/" crashes the screen (and the crash report would print client
data), "[bold]Aardvark" turns bold and "[@click=app.quit]" becomes a link that quits.
Anything that may hold user text (names, notes, search text, content files a service
edits, error messages that quote a value) goes through this module:

- ``plain(x)``: the text as it is, for any widget (Static, Label, Option, Button...).
- ``styled(...)``: our styling around user text, e.g. ``styled(("Name", "bold"), " ", name)``;
  strings are shown as they are, (text, style) pairs are styled, Content is kept.
- ``cell(x)``: a DataTable cell.
- ``highlighted(matcher, x)``: a command-palette hit, its matched letters highlighted.
- ``escape(x)``: only where a whole widget's text is a markup string of our own.

Notifications are plain text app-wide (CaseworkerApp.notify).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    from textual.fuzzy import Matcher

__all__ = ["cell", "escape", "highlighted", "plain", "shown", "styled"]

# What a terminal must never be sent as it is: C0/C1 control characters (ESC would let
# a stored value move the cursor or recolour the screen) and lone surrogates (which
# cannot be encoded, so the driver would crash). New text is refused at validation
# (caseworker.core.validation); this keeps anything older or imported visible and safe.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀, ␛ ...
    return "\u2421" if code == 0x7F else "\ufffd"


def shown(value: object) -> str:
    """The text as stored, with anything a terminal cannot show safely made visible."""
    return _UNSHOWABLE.sub(_picture, "" if value is None else str(value))


def plain(value: object) -> Content:
    """The text exactly as stored (None shows as nothing), never read as markup."""
    return Content(shown(value))


def styled(*parts: str | Content | tuple[str, str]) -> Content:
    """Pieces joined into one line: str shown as typed, (text, style) styled, Content kept."""
    return Content.assemble(
        *(shown(p) if isinstance(p, str) else (shown(p[0]), p[1]) if isinstance(p, tuple) else p
          for p in parts)
    )  # fmt: skip


def escape(text: str) -> str:
    """Text to put in a markup string, shown exactly as typed.

    Textual's markup has one escape, a backslash before "[" (a backslash anywhere else is
    just a backslash), so every "[" is escaped. A string that ends in a backslash would
    still escape a tag written straight after it: to combine user text with styling use
    styled(), which never parses anything.
    """
    return shown(text).replace("[", "\\[")


def cell(value: object, *, bold: bool = False) -> Text:
    """A DataTable cell shown exactly as stored."""
    return Text(shown(value), style="bold" if bold else "")


def highlighted(matcher: Matcher, candidate: str) -> Content:
    """Matcher.highlight without its markup parsing: the letters that match the query are
    highlighted in the candidate shown as typed."""
    candidate = shown(candidate)  # the same length: the offsets still line up
    content = plain(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
