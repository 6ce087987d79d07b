"""No contact in N days: the clients not seen for longer than the threshold.

The last contact is the latest of: a meeting or treatment session the client attended
(`client_attended`), a home visit whose note is signed off (an unsigned note is not yet
the record, and a cancelled visit did not happen), and a completed screening (it is done
with the client). A client with none of these counts from the day they were added to
the caseload: someone referred last week has not gone a month unseen.

The threshold is the protocol's rule `no_contact` (28 days by default; a service sets
its own in protocol.toml), or a number of days the caller gives. It is read as every
timer is: a client last seen 28 days ago is due contact today, and named from tomorrow
(due today is not overdue).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.content import Protocol, Rule
from caseworker.core.durations import Duration, Unit
from caseworker.core.errors import FieldError, ValidationFailed
from caseworker.diary import UK, due_after, is_overdue
from caseworker.store.models import Meeting, Screening, Visit, VisitNote

_LONGEST_DAYS = 5 * 366  # as the protocol's longest timer: longer is a slip


def no_contact_rule(protocol: Protocol, days: int | None = None) -> Rule:
    """The threshold in force: `days` if given (checked), else the protocol's rule."""
    if days is None:
        return protocol.rule("no_contact")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= _LONGEST_DAYS:
        raise ValidationFailed(
            [
                FieldError(
                    "no_contact_days", "No contact in", "give a whole number of days, 1 or more"
                )
            ]
        )
    return Rule("no_contact", Duration(days, Unit.DAYS))


def last_contacts(session: Session, scope: Any, today: date) -> dict[uuid.UUID, date]:
    """Each client's latest contact on or before `today` (clients with none left out):
    one grouped query per kind of contact."""
    queries = (
        select(col(Meeting.client_id), func.max(Meeting.held_on)).where(
            col(Meeting.client_id).in_(scope),
            col(Meeting.client_attended).is_(True),
            col(Meeting.held_on) <= today,
        ),
        select(col(VisitNote.client_id), func.max(VisitNote.visited_on))
        .join(Visit, col(Visit.id) == col(VisitNote.visit_id))
        .where(
            col(VisitNote.client_id).in_(scope),
            col(VisitNote.signed_off_at).is_not(None),
            col(Visit.status) != "cancelled",
            col(VisitNote.visited_on) <= today,
        ),
        select(col(Screening.client_id), func.max(Screening.completed_on)).where(
            col(Screening.client_id).in_(scope),
            col(Screening.status) == "complete",
            col(Screening.completed_on) <= today,
        ),
    )
    out: dict[uuid.UUID, date] = {}
    for stmt in queries:
        for client_id, on in session.execute(stmt.group_by(stmt.selected_columns[0])):
            if on is not None and (client_id not in out or on > out[client_id]):
                out[client_id] = on
    return out


def _day_added(at: datetime) -> date:
    # Stamps are UTC (SQLite hands them back naive); the day is the UK's.
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UK).date()


def without_contact(
    session: Session,
    scope: Any,
    added: Mapping[uuid.UUID, datetime],
    today: date,
    rule: Rule,
    protocol: Protocol,
) -> list[uuid.UUID]:
    """The clients of `added` (id: when they were added) with no contact within `rule`."""
    last = last_contacts(session, scope, today)
    cache: dict[date, date] = {}  # the same day counted on once, however many clients
    out = []
    for client_id, at in added.items():
        since = last.get(client_id) or _day_added(at)
        if since not in cache:
            cache[since] = due_after(rule, since, protocol=protocol)
        if is_overdue(cache[since], today):
            out.append(client_id)
    return out
