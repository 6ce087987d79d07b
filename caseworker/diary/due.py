"""What falls due: the kinds of due item, the Due value every rule returns, and plain
calendar days (the protocol's rules, in any unit, are counted by diary.timers.due_after).

Each capability states its own rules as pure functions returning `Due` values; the agenda
(caseworker.agenda) gathers them and keeps the stored due-item table derived from them.
Nothing here touches the database, so every capability can import it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class DueKind(StrEnum):
    """What is due. The values are what the due-item table stores: never change one."""

    RESCREEN = "rescreen"
    PRECAF = "precaf"
    TOP_REVIEW = "top"
    MEDICAL_REVIEW = "medical_review"


# What is due, in the domain's words: the calendar's titles and the record's headings.
# Here, beside the kinds, so the screens have them without importing the agenda's tables.
DUE_WORDS: dict[DueKind, str] = {
    DueKind.RESCREEN: "Re-screen parental status",
    DueKind.PRECAF: "Pre-CAF assessment",
    DueKind.TOP_REVIEW: "TOP review",
    DueKind.MEDICAL_REVIEW: "Medical review: possible dependence",
}


@dataclass(frozen=True)
class Due:
    """One thing due for a client, from one rule and the record that gave rise to it."""

    kind: DueKind
    client_id: uuid.UUID
    due_on: date
    reason: str  # why, in the owning capability's words ("91 days after the parental ...")
    source_id: uuid.UUID  # the record the rule read (a screening, ...)
    child_id: uuid.UUID | None = None

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.due_on, today)


# On the same day, what bears most on the children comes first: the pre-CAF, then a
# possible dependence, then the routine re-screen and TOP review.
_SAME_DAY_ORDER = {
    DueKind.PRECAF: 0,
    DueKind.MEDICAL_REVIEW: 1,
    DueKind.RESCREEN: 2,
    DueKind.TOP_REVIEW: 3,
}


def soonest_first(dues: Iterable[Due]) -> list[Due]:
    """Soonest first; on the same day, in the order of what matters most."""
    return sorted(dues, key=lambda d: (d.due_on, _SAME_DAY_ORDER.get(d.kind, len(DueKind))))


def is_overdue(due_on: date, today: date) -> bool:
    """Due today is not overdue; due yesterday is."""
    return due_on < today


def days_after(start: date, days: int) -> date:
    """Calendar days on (29 February and month ends count like any other day)."""
    return start + timedelta(days=days)
