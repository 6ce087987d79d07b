"""Names compared as a worker means them: without case or accents, so that "siobhan"
finds Siobhán, and Zoe Moore added twice as "Zoë" and "Zoe" is seen as one person."""

from __future__ import annotations

import unicodedata

# Letters that are not a base letter with a mark (NFKD leaves them whole), as a worker
# without them on the keyboard types them.
_PLAIN = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae",
                        "œ": "oe", "þ": "th", "ð": "d"})  # fmt: skip


def folded(text: str) -> str:
    """``text`` without case and accents: the form names are searched and compared in
    (any script without marks, 李 say, is left as it is)."""
    apart = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in apart if not unicodedata.combining(c)).translate(_PLAIN)
