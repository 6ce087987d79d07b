"""The figures the due-item table answers: re-screens and pre-CAFs overdue, the
multi-agency assessment at 4 and 6 weeks, CSC confirmations and referrals to make,
referral chases, reviews overdue or due within the week, visit notes not signed off and
missed check-ins.

The table is what the agenda keeps derived from every capability's rules, so nothing
here decides when anything is due: it reads the items as the diary does ("overdue" is
`caseworker.diary.is_overdue`: due today is not overdue, due yesterday is).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.diary import UPCOMING_DAYS, DueKind, is_overdue
from caseworker.store.models import DueItem

# The reviews a supervisor asks about: the family's (multi-agency, family plan, child
# protection) and the treatment's (session contract, TOP).
REVIEW_KINDS = frozenset(
    {
        DueKind.MULTI_AGENCY_REVIEW,
        DueKind.FAMILY_PLAN_REVIEW,
        DueKind.CP_REVIEW,
        DueKind.CORE_GROUP,
        DueKind.CONTRACT_REVIEW,
        DueKind.TOP_REVIEW,
    }
)


def _aware(at: datetime | None) -> datetime | None:
    # SQLite hands moments back naive (they are stored as UTC).
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


def due_item_figures(
    session: Session, scope: Any, today: date, now: datetime
) -> Iterator[tuple[str, uuid.UUID]]:
    """(figure key, client) for each due item of the clients in `scope` that a figure
    counts: one query, whatever the number of clients."""
    rows = session.execute(
        select(
            col(DueItem.client_id),
            col(DueItem.kind),
            col(DueItem.due_on),
            col(DueItem.overdue_on),
            col(DueItem.warn_on),
            col(DueItem.moved_from),
            col(DueItem.booked_at),
        ).where(col(DueItem.client_id).in_(scope), col(DueItem.kind).in_(list(_BY_KIND)))
    ).all()
    for row in rows:
        overdue = is_overdue(row.overdue_on or row.due_on, today)
        for key, applies in _BY_KIND[DueKind(row.kind)]:
            if applies(row, today, now, overdue):
                yield key, row.client_id


_Test = Callable[[Any, date, datetime, bool], bool]


def _always(row: Any, today: date, now: datetime, overdue: bool) -> bool:
    return True


def _if_overdue(row: Any, today: date, now: datetime, overdue: bool) -> bool:
    return overdue


def _within_a_week(row: Any, today: date, now: datetime, overdue: bool) -> bool:
    # Not yet overdue (due today, within a grace period, or in the coming week).
    return not overdue and row.due_on <= today + timedelta(days=UPCOMING_DAYS)


def _past_warning(row: Any, today: date, now: datetime, overdue: bool) -> bool:
    # The assessment's age, not the diary's: a due date moved by the worker does not
    # make an assessment any younger, so the rule's own dates count.
    return row.warn_on is not None and row.warn_on < today


def _past_due(row: Any, today: date, now: datetime, overdue: bool) -> bool:
    return is_overdue(row.moved_from or row.due_on, today)


def _missed(row: Any, today: date, now: datetime, overdue: bool) -> bool:
    # As caseworker.visits.check_in_missed: the expected return has passed.
    expected = _aware(row.booked_at)
    return expected is not None and expected < now


_BY_KIND: dict[DueKind, tuple[tuple[str, _Test], ...]] = {
    DueKind.RESCREEN: (("rescreen_overdue", _if_overdue),),
    DueKind.PRECAF: (("precaf_due", _always), ("precaf_overdue", _if_overdue)),
    DueKind.ASSESSMENT: (
        ("assessment_past_4_weeks", _past_warning),
        ("assessment_past_6_weeks", _past_due),
    ),
    DueKind.CSC_CONFIRMATION: (("verbal_referral_unconfirmed", _always),),
    DueKind.CSC_REFERRAL: (("csc_referral_not_made", _always), ("open_concerns", _always)),
    DueKind.REFERRAL_CHASE: (("referral_chase_overdue", _if_overdue),),
    DueKind.VISIT_SIGN_OFF: (("visit_not_signed_off", _always),),
    DueKind.CHECK_IN: (("missed_check_in", _missed),),
    **{
        kind: (("review_overdue", _if_overdue), ("review_due_7_days", _within_a_week))
        for kind in REVIEW_KINDS
    },
}
