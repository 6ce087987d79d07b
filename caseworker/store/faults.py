"""Database faults in plain words: what happened and that nothing was saved.

The driver's own message can carry the statement's values (client data), so it is
never shown; this says what kind of fault it was instead.
"""

from __future__ import annotations


def plain_reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return ("The caseload is busy (another caseworker window or a backup is using it). "
                "Nothing was saved; try again in a moment.")  # fmt: skip
    if "disk" in text and ("full" in text or "i/o" in text):
        return "The disk is full or failing. Nothing was saved."
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "The caseload is read-only here (check the folder's permissions). Nothing was saved."
    if "could not connect" in text or "connection" in text:
        return "The database server cannot be reached. Nothing was saved."
    return f"The database refused the change ({type(exc).__name__}). Nothing was saved."
