"""The words for what the capabilities return as values: due items, the caseload's
columns, its flags. One place, so that "OVERDUE" and every short name read the same on
every screen, and a service that words something differently changes it here only.

Why an item is due (its reason) is the owning capability's own text and is shown as is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from caseworker.core.vocab import PARENTAL_STATUS, label
from caseworker.diary import DUE_WORDS, UK, Due, DueKind, DueStatus, is_overdue

OVERDUE = "OVERDUE"
MISSED = "MISSED"  # a lone-working check-in past its expected return
UNBORN = "Unborn baby"
# Due items counted down in hours on every screen, and what the countdown is for.
COUNTED_DOWN: dict[DueKind, str] = {DueKind.CSC_CONFIRMATION: "confirm in writing"}

# What is due, in full (the client record) and short (the caseload's narrow column).
DUE_TITLES: dict[DueKind, str] = DUE_WORDS  # the diary's own words, as the calendar has them
DUE_SHORT: dict[DueKind, str] = {
    DueKind.RESCREEN: "rescreen",
    DueKind.PRECAF: "pre-CAF",
    DueKind.TOP_REVIEW: "TOP review",
    DueKind.MEDICAL_REVIEW: "med review",
    DueKind.MULTI_AGENCY_REVIEW: "MA review",
    DueKind.FAMILY_PLAN_REVIEW: "plan review",
    DueKind.CP_REVIEW: "CP review",
    DueKind.CORE_GROUP: "core group",
    DueKind.CONTRACT_REVIEW: "contract rev",
    DueKind.MINUTES: "minutes",
    DueKind.MEETING_ACTION: "action",
    DueKind.PLAN_ACTION: "plan action",
    DueKind.ASSESSMENT: "MA assessmt",
    DueKind.CSC_REFERRAL: "CSC referral",
    DueKind.VISIT: "home visit",
    DueKind.VISIT_SIGN_OFF: "sign off note",
    DueKind.CHECK_IN: "CHECK IN",
    DueKind.VISIT_ACTION: "visit action",
    DueKind.CSC_CONFIRMATION: "confirm CSC",
    DueKind.REFERRAL_CHASE: "chase referral",
    DueKind.SUPERVISION_ACTION: "supervision action",
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


def due_line(due: Due, today: date, now: datetime | None = None) -> str:
    """One due item in full: "22/02/2027 OVERDUE Re-screen parental status"; one counted
    in hours, at `now`: "25/11/2026 Confirm the CSC referral in writing: 47 h left"."""
    left = countdown(due, now)
    return describe(due.due_on, DUE_TITLES[due.kind], today) + (f": {left}" if left else "")


def countdown(due: Due, now: datetime | None) -> str | None:
    """A due item counted in hours (a verbal CSC referral's written confirmation), as the
    time left at `now`: "31 h left", "under 1 h left", "OVERDUE by 3 h"; None for the rest."""
    if due.kind not in COUNTED_DOWN or due.booked_at is None or now is None or due.done_on:
        return None
    seconds = (due.booked_at - now).total_seconds()
    if seconds > 0:
        hours = int(seconds // 3600)
        return f"{hours} h left" if hours else "under 1 h left"
    return f"{OVERDUE} by {max(1, math.ceil(-seconds / 3600))} h"


def countdown_words(due: Due, now: datetime | None) -> str | None:
    """The countdown as a sentence: "confirm in writing: 31 h left"."""
    left = countdown(due, now)
    return None if left is None else f"{COUNTED_DOWN[due.kind]}: {left}"


def due_short(due: Due | None, today: date, now: datetime | None = None) -> str:
    """The caseload's next-due column: "22/02/27 OVERDUE rescreen" ('' if nothing due);
    one counted in hours, at `now`: "25/11/26 31 h left confirm CSC"."""
    if due is None:
        return ""
    left = countdown(due, now)
    if left is not None:
        return f"{due.due_on:%d/%m/%y} {left} {DUE_SHORT[due.kind]}"
    return describe(due.due_on, DUE_SHORT[due.kind], today, short_year=True)


def due_when(due: Due, today: date, now: datetime | None = None) -> str:
    """A diary row's first column, date first and never longer than 24 characters:
    "02/11/26 OVERDUE 29 days", "19/11/26 due, late 14/01", "07/01/27 in 37 days",
    "done 01/12/26", "03/12/26 booked 10:00", "25/11/26 31 h left" (counted in hours,
    at `now`: a verbal CSC referral's confirmation); a check-in past its expected return at `now`
    (the moment the screen reads at) "01/12/26 MISSED 16:00"."""
    if due.done_on is not None:
        return f"done {due.done_on:%d/%m/%y}"
    if due.kind is DueKind.CHECK_IN and due.booked_at and now and due.booked_at <= now:
        local = due.booked_at.astimezone(UK)
        return f"{local:%d/%m/%y} {MISSED} {local:%H:%M}"
    when = f"{due.due_on:%d/%m/%y}"
    left = countdown(due, now)
    if left is not None and len(left) <= 15:
        return f"{when} {left}"
    status = due.status(today)
    if status is DueStatus.OVERDUE:
        days = (today - (due.overdue_on or due.due_on)).days
        return f"{when} {OVERDUE} {days} day{'s' if days != 1 else ''}"
    if due.booked_at is not None:
        local = due.booked_at.astimezone(UK)
        return f"{local:%d/%m/%y} booked {local:%H:%M}"
    if status is DueStatus.DUE and due.overdue_on is not None:
        return f"{when} due, late {due.overdue_on:%d/%m}"
    if status is DueStatus.DUE_TODAY:
        return f"{when} due today"
    days = (due.due_on - today).days
    return f"{when} in {days} day{'s' if days != 1 else ''}"


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
    """The caseload's children column, compact for 80 columns: "CP plan · 2",
    "CIN · 1 +1 unborn", "1 unborn"; with none listed, what the parental status says.
    The highest help comes first: a narrow column cuts the counts, never the CP plan."""
    if not children and not unborn:
        return NO_CHILDREN_LISTED.get(parental_status, "")
    text = str(children) if children else ""
    if unborn:
        text += f"{' +' if children else ''}{unborn} unborn"
    if highest_help in HELP_SHORT:
        text = f"{HELP_SHORT[highest_help]} · {text}"
    return text


def parental_status_words(
    status: str, register_status: str | None, register: str = "", *, brief: bool = False
) -> str:
    """The parental status, and whether the child register gives it or disagrees: where
    the register answers the question the status is derived from it, and says so (the
    profile, with the register in words); brief (the record's summary line) only says so
    when they disagree, which is never left unsaid."""
    words = label(PARENTAL_STATUS, status)
    if register_status is None:
        return words
    if register_status == status:
        if brief:
            return words
        return f"{words}, as the child register shows" + (f" ({register})" if register else "")
    theirs = label(PARENTAL_STATUS, register_status)
    return f"{words}: DOES NOT AGREE with the child register ({theirs})"


# The help a child receives, as the children table says it: short enough for its column
# at 80 columns, so "Child-protection plan" is never cut to "Child-prote".
HELP_WORDS: dict[str, str] = {
    "none": "none",
    "early_help": "early help",
    "child_in_need": "child in need",
    "cp_plan": "CP plan",
    "looked_after": "looked after",
}

# Where a child lives, as the children table says it (the form and the profile say it
# in full): short, so the column keeps who they live with in view at 80 columns.
LIVES_SHORT: dict[str, str] = {
    "client": "client",
    "other_parent": "other parent",
    "grandparent": "grandparent",
    "kinship": "kinship care",
    "foster": "foster care",
    "residential": "residential",
    "adopted": "adopted",
    "independent": "independent",
    "unborn": "unborn",
    "other": "other",
}


def client_line(client: Any) -> str:
    """Whose record a form or a questionnaire is about: "Ada Lovelace (ref 3f2a9c)"."""
    from caseworker.people import client_reference

    return f"{client.given_name} {client.family_name} (ref {client_reference(client.id)})"
