"""The words for what the capabilities return as values: due items, the caseload's
columns, its flags. One place, so that "OVERDUE" and every short name read the same on
every screen, and a service that words something differently changes it here only.

Why an item is due (its reason) is the owning capability's own text and is shown as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from caseworker.diary import DUE_WORDS, Due, DueKind, is_overdue

OVERDUE = "OVERDUE"
UNBORN = "Unborn baby"

# What is due, in full (the client record) and short (the caseload's narrow column).
DUE_TITLES: dict[DueKind, str] = DUE_WORDS  # the diary's own words, as the calendar has them
DUE_SHORT: dict[DueKind, str] = {
    DueKind.RESCREEN: "rescreen",
    DueKind.PRECAF: "pre-CAF",
    DueKind.TOP_REVIEW: "TOP review",
    DueKind.MEDICAL_REVIEW: "med review",
}

# The caseload's flags (caseworker.caseload.FLAGS ids).
FLAG_WORDS: dict[str, str] = {
    "risk_to_staff": "risk to staff",
    "pregnant": "pregnant",
    "interpreter": "interpreter",
    "take_home_medication": "take-home meds",
    "young_carer": "young carer",
}

# The highest help any child receives, short enough for the children column.
HELP_SHORT: dict[str, str] = {
    "cp_plan": "CP plan",
    "looked_after": "looked after",
    "child_in_need": "CIN",
    "early_help": "early help",
}

# What the children column says when no child is listed, by parental status.
NO_CHILDREN_LISTED: dict[str, str] = {
    "all_live_with": "parent, none listed",
    "some_live_with": "parent, none listed",
    "none_live_with": "parent, none listed",
    "not_asked": "NOT ASKED",
    "declined": "declined to say",
    "not_a_parent": "not a parent",
}


def describe(due_on: date, what: str, today: date, *, short_year: bool = False) -> str:
    """Date first, then OVERDUE as a word (never colour alone), then what is due: a
    narrow column truncates the title, never the date or the warning."""
    when = due_on.strftime("%d/%m/%y" if short_year else "%d/%m/%Y")
    return f"{when}{' ' + OVERDUE if is_overdue(due_on, today) else ''} {what}"


def due_line(due: Due, today: date) -> str:
    """One due item in full: "22/02/2027 OVERDUE Re-screen parental status"."""
    return describe(due.due_on, DUE_TITLES[due.kind], today)


def due_short(due: Due | None, today: date) -> str:
    """The caseload's next-due column: "22/02/27 OVERDUE rescreen" ('' if nothing due)."""
    if due is None:
        return ""
    return describe(due.due_on, DUE_SHORT[due.kind], today, short_year=True)


def child_name(child: Any) -> str:
    """A child on the register by name; an unborn child not yet named as such."""
    if child.unborn and not child.given_name:
        return UNBORN
    return f"{child.given_name} {child.family_name}".strip()


def record_flag(flag: str, language: str) -> str:
    """A flag in the record's summary, in capitals: what to know before a visit."""
    word = FLAG_WORDS.get(flag, flag).upper()
    return f"{word} ({language})" if flag == "interpreter" else word


def flag_words(flags: Iterable[str]) -> str:
    return ", ".join(FLAG_WORDS.get(f, f) for f in flags)


def children_text(
    children: int, unborn: int, highest_help: str | None, parental_status: str
) -> str:
    """The caseload's children column, compact for 80 columns: "2 · CP plan",
    "1 +1 unborn · CIN", "1 unborn"; with none listed, what the parental status says."""
    if not children and not unborn:
        return NO_CHILDREN_LISTED.get(parental_status, "")
    text = str(children) if children else ""
    if unborn:
        text += f"{' +' if children else ''}{unborn} unborn"
    if highest_help in HELP_SHORT:
        text += f" · {HELP_SHORT[highest_help]}"
    return text
