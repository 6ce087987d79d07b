"""What falls due: the kinds of due item, the Due value every rule returns, its status on
a given day, and plain calendar days (the protocol's rules, in any unit, are counted by
diary.timers.due_after).

Each capability states its own rules as pure functions returning `Due` values; the agenda
(caseworker.agenda) gathers them, applies what the worker did about them (completed,
booked, moved) and keeps the stored due-item table derived from them. Nothing here
touches the database, so every capability can import it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class DueKind(StrEnum):
    """What is due. The values are what the due-item table stores: never change one."""

    RESCREEN = "rescreen"
    PRECAF = "precaf"
    TOP_REVIEW = "top"
    MEDICAL_REVIEW = "medical_review"
    # From meetings and reviews (caseworker.meetings).
    MULTI_AGENCY_REVIEW = "multi_agency_review"
    FAMILY_PLAN_REVIEW = "family_plan_review"
    CP_REVIEW = "cp_review"
    CORE_GROUP = "core_group"
    CONTRACT_REVIEW = "contract_review"
    MINUTES = "minutes"
    MEETING_ACTION = "meeting_action"
    # From assessments (caseworker.assessment).
    PLAN_ACTION = "plan_action"  # an action of a CAF's action plan
    ASSESSMENT = "multi_agency_assessment"  # a multi-agency assessment to complete
    CSC_REFERRAL = "csc_referral"  # a referral to children's social care to make
    # From home visits (caseworker.visits).
    VISIT = "visit"  # a planned home visit, on its day
    VISIT_SIGN_OFF = "visit_sign_off"  # a visit's note not yet signed off
    CHECK_IN = "check_in"  # lone working: back from a visit by the expected return
    VISIT_ACTION = "visit_action"  # an action agreed on a home visit
    # From referrals (caseworker.referrals).
    CSC_CONFIRMATION = "csc_confirmation"  # a verbal CSC referral to confirm in writing
    REFERRAL_CHASE = "referral_chase"  # a referral sent and not acknowledged
    # From supervision (caseworker.supervision).
    SUPERVISION_ACTION = "supervision_action"  # an action agreed in supervision


# Kinds that come round again: completing one from the diary starts its rule afresh from
# the day it was done (a re-screen recorded done on 01/12 makes the next one due 91 days
# on). The rest are done once done.
RECURRING: frozenset[DueKind] = frozenset(
    {
        DueKind.RESCREEN,
        DueKind.TOP_REVIEW,
        DueKind.MULTI_AGENCY_REVIEW,
        DueKind.FAMILY_PLAN_REVIEW,
        DueKind.CP_REVIEW,
    }
)

# Shown before anything else a client has due, on the caseload and the record: counted
# down in hours (the written confirmation of a verbal referral to CSC, 48 hours).
COUNTED_DOWN: frozenset[DueKind] = frozenset({DueKind.CSC_CONFIRMATION})

UPCOMING_DAYS = 7  # "upcoming" is due within this many days


class DueStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due today"
    DUE = "due"  # past its due date, within the protocol's grace (family plan: 6 to 8 weeks)
    UPCOMING = "upcoming"  # within UPCOMING_DAYS
    LATER = "later"
    DONE = "done"


# What is due, in the domain's words: the calendar's titles and the record's headings.
# Here, beside the kinds, so the screens have them without importing the agenda's tables.
DUE_WORDS: dict[DueKind, str] = {
    DueKind.RESCREEN: "Re-screen parental status",
    DueKind.PRECAF: "Pre-CAF assessment",
    DueKind.TOP_REVIEW: "TOP review",
    DueKind.MEDICAL_REVIEW: "Medical review: possible dependence",
    DueKind.MULTI_AGENCY_REVIEW: "Multi-agency case review",
    DueKind.FAMILY_PLAN_REVIEW: "Family support plan review",
    DueKind.CP_REVIEW: "Child-protection review conference",
    DueKind.CORE_GROUP: "First core group",
    DueKind.CONTRACT_REVIEW: "Session-contract review",
    DueKind.MINUTES: "Distribute the minutes",
    DueKind.MEETING_ACTION: "Agreed action",
    DueKind.PLAN_ACTION: "Action plan: action",
    DueKind.ASSESSMENT: "Complete the multi-agency assessment",
    DueKind.CSC_REFERRAL: "Referral to children's social care",
    DueKind.VISIT: "Home visit",
    DueKind.VISIT_SIGN_OFF: "Sign off the visit note",
    DueKind.CHECK_IN: "Check in from the home visit",
    DueKind.VISIT_ACTION: "Visit: agreed action",
    DueKind.CSC_CONFIRMATION: "Confirm the CSC referral in writing",
    DueKind.REFERRAL_CHASE: "Chase the referral",
    DueKind.SUPERVISION_ACTION: "Supervision: agreed action",
}


@dataclass(frozen=True)
class Due:
    """One thing due for a client, from one rule and the record that gave rise to it."""

    kind: DueKind
    client_id: uuid.UUID
    due_on: date
    reason: str  # why, in the owning capability's words ("91 days after the parental ...")
    source_id: uuid.UUID  # the record the rule read (a screening, a meeting, ...)
    child_id: uuid.UUID | None = None
    rule: str | None = None  # the protocol's rule id (None: due the day it arose)
    overdue_on: date | None = None  # overdue only after this day (None: after due_on)
    # Upcoming from this day, however far off the due date (the multi-agency assessment:
    # due at 6 weeks, warned from 4); None: the UPCOMING_DAYS before it.
    warn_on: date | None = None
    booked_at: datetime | None = None  # an aware moment the worker booked it for
    moved_from: date | None = None  # the rule's date, when the worker moved it
    done_on: date | None = None  # set only on the done items the agenda reports
    # The worker's own words about it (an agreed action; why it was moved): shown in the
    # app, never in a calendar export, since it may name the family.
    note: str = ""

    @property
    def key(self) -> tuple[DueKind, uuid.UUID, uuid.UUID | None]:
        """What the worker's actions on it (complete, book, move) are recorded against:
        the rule's kind and the record it read, never its date (which they change)."""
        return (self.kind, self.source_id, self.child_id)

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.overdue_on or self.due_on, today)

    def status(self, today: date) -> DueStatus:
        return due_status(
            self.due_on, today, overdue_on=self.overdue_on, done=self.done_on, warn_on=self.warn_on
        )


# On the same day, what bears most on the children comes first: written confirmation and
# conferences, then the pre-CAF, a possible dependence, then routine reviews.
_SAME_DAY_ORDER = {
    # A worker who may not be safe comes before everything.
    DueKind.CHECK_IN: -2,
    DueKind.CSC_CONFIRMATION: -1,
    DueKind.CSC_REFERRAL: -1,
    DueKind.CORE_GROUP: 0,
    DueKind.CP_REVIEW: 1,
    DueKind.PRECAF: 2,
    DueKind.MEDICAL_REVIEW: 3,
    DueKind.MULTI_AGENCY_REVIEW: 4,
    DueKind.FAMILY_PLAN_REVIEW: 5,
    DueKind.ASSESSMENT: 4,
    DueKind.MEETING_ACTION: 6,
    DueKind.PLAN_ACTION: 6,
    DueKind.VISIT_ACTION: 6,
    DueKind.SUPERVISION_ACTION: 6,
    DueKind.VISIT: 6,
    DueKind.REFERRAL_CHASE: 6,
    DueKind.VISIT_SIGN_OFF: 7,
    DueKind.MINUTES: 7,
    DueKind.CONTRACT_REVIEW: 8,
    DueKind.RESCREEN: 9,
    DueKind.TOP_REVIEW: 10,
}


def soonest_first(dues: Iterable[Due]) -> list[Due]:
    """Soonest first; on the same day, in the order of what matters most."""
    return sorted(dues, key=lambda d: (d.due_on, _SAME_DAY_ORDER.get(d.kind, len(DueKind))))


def is_overdue(due_on: date, today: date) -> bool:
    """Due today is not overdue; due yesterday is."""
    return due_on < today


def due_status(
    due_on: date,
    today: date,
    *,
    overdue_on: date | None = None,
    done: date | None = None,
    warn_on: date | None = None,
) -> DueStatus:
    if done is not None:
        return DueStatus.DONE
    if is_overdue(overdue_on or due_on, today):
        return DueStatus.OVERDUE
    if due_on == today:
        return DueStatus.DUE_TODAY
    if due_on < today:
        return DueStatus.DUE
    warned = warn_on is not None and warn_on <= today
    if due_on <= today + timedelta(days=UPCOMING_DAYS) or warned:
        return DueStatus.UPCOMING
    return DueStatus.LATER


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def status_words(due: Due, today: date) -> str:
    """The status as a worker reads it: "overdue by 3 days", "due today", "upcoming: in
    4 days", "due 12/01/2027", "done 01/12/2026"."""
    status = due.status(today)
    if status is DueStatus.DONE and due.done_on is not None:
        return f"done {due.done_on:%d/%m/%Y}"
    if status is DueStatus.OVERDUE:
        return f"overdue by {_days((today - (due.overdue_on or due.due_on)).days)}"
    if status is DueStatus.DUE:
        return f"due {_days((today - due.due_on).days)} ago, overdue from {due.overdue_on:%d/%m/%Y}"
    if status is DueStatus.UPCOMING:
        if due.due_on - today > timedelta(days=UPCOMING_DAYS):
            return f"upcoming: due {due.due_on:%d/%m/%Y}, in {_days((due.due_on - today).days)}"
        return f"upcoming: in {_days((due.due_on - today).days)}"
    if status is DueStatus.LATER:
        return f"due {due.due_on:%d/%m/%Y}"
    return "due today"


def days_after(start: date, days: int) -> date:
    """Calendar days on (29 February and month ends count like any other day)."""
    return start + timedelta(days=days)
