"""The diary as a worker reads it: what is due today, this week, what is overdue, or all
that is open - their own clients' (key worker), or the team's - with each item's client,
status and reason; and a client's items done.

Read from the derived due-item table (caseworker.agenda.table), one indexed query, at most
PAGE rows: a diary longer than that is a caseload in trouble, and the view says how many
more there are rather than drawing thousands of rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

import caseworker.content.protocol as protocol_file
from caseworker.agenda.calendar_export import DUE_WORDS
from caseworker.agenda.gather import client_dues
from caseworker.agenda.table import as_due
from caseworker.assessment import assessment_records
from caseworker.diary import UK, UPCOMING_DAYS, Due, DueKind, soonest_first
from caseworker.referrals import referral_records
from caseworker.store.models import (
    ChildRecord,
    Client,
    DueAction,
    DueItem,
    Meeting,
    MeetingAction,
    Screening,
    Worker,
)
from caseworker.supervision.dues import supervision_records
from caseworker.visits import visit_records

PAGE = 200


class DiaryView(StrEnum):
    TODAY = "today"  # due today, overdue, or booked for today
    WEEK = "week"  # due from today to a week on (and anything overdue)
    OVERDUE = "overdue"
    ALL = "all"  # every open item


VIEW_WORDS: dict[DiaryView, str] = {
    DiaryView.TODAY: "Today",
    DiaryView.WEEK: "This week",
    DiaryView.OVERDUE: "Overdue",
    DiaryView.ALL: "All open",
}


@dataclass(frozen=True)
class DiaryEntry:
    due: Due
    client_name: str
    title: str  # what is due, in the domain's words


@dataclass(frozen=True)
class DiaryPage:
    entries: list[DiaryEntry]
    total: int  # how many items the view has (more than shown when over PAGE)


def _view_filter(view: DiaryView, today: date):
    week = today + timedelta(days=UPCOMING_DAYS)
    overdue = col(DueItem.overdue_on) < today
    if view is DiaryView.OVERDUE:
        return overdue
    if view is DiaryView.TODAY:
        # Booked for today on the UK clock.
        start = datetime.combine(today, time(0), tzinfo=UK).astimezone(UTC)
        end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=UK).astimezone(UTC)
        booked_today = and_(
            col(DueItem.booked_at) >= start,
            col(DueItem.booked_at) < end,
        )
        return or_(col(DueItem.due_on) <= today, booked_today)
    if view is DiaryView.WEEK:
        # The coming week, and what is warned of earlier (an assessment from 4 weeks).
        return or_(col(DueItem.due_on) <= week, col(DueItem.warn_on) <= today)
    return None


def is_supervisor(session: Session, worker_id: uuid.UUID | None) -> bool:
    worker = session.get(Worker, worker_id) if worker_id else None
    return worker is not None and worker.role == "supervisor"


def diary_page(
    session: Session,
    today: date,
    view: DiaryView,
    *,
    worker_id: uuid.UUID | None = None,
    client_id: uuid.UUID | None = None,
    kind: DueKind | None = None,
) -> DiaryPage:
    """The view's items, soonest first: one worker's clients if `worker_id` is given (a
    supervisor passes None for the team's), one client's, one kind's."""
    name = (col(Client.given_name) + " " + col(Client.family_name)).label("name")
    where = [c for c in (_view_filter(view, today),) if c is not None]
    if worker_id is not None:
        where.append(col(Client.key_worker_id) == worker_id)
    if client_id is not None:
        where.append(col(DueItem.client_id) == client_id)
    if kind is not None:
        where.append(col(DueItem.kind) == kind.value)
    base = select(DueItem, name).join(Client, col(Client.id) == col(DueItem.client_id))
    stmt = base.where(*where).order_by(col(DueItem.due_on), col(DueItem.id)).limit(PAGE)
    rows = [(as_due(item), n) for item, n in session.execute(stmt)]
    count = select(func.count()).select_from(DueItem)
    count = count.join(Client, col(Client.id) == col(DueItem.client_id)).where(*where)
    total = session.scalar(count) or 0
    by_due = {id(d): n for d, n in rows if d is not None}
    dues = soonest_first(d for d, _ in rows if d is not None)
    return DiaryPage([DiaryEntry(d, by_due[id(d)], DUE_WORDS[d.kind]) for d in dues], total)


def client_items(session: Session, client_id: uuid.UUID) -> tuple[list[Due], list[Due]]:
    """One client's items (open, done), worked out from their records now: the record
    shows both, with what was done."""
    client = session.get(Client, client_id)
    if client is None:
        return [], []

    def of(table):
        return list(session.scalars(select(table).where(col(table.client_id) == client_id)))

    screenings = [s for s in of(Screening) if s.status == "complete"]
    return client_dues(
        client, of(ChildRecord), screenings, protocol_file.load_protocol(),
        meetings=of(Meeting), meeting_actions=of(MeetingAction), due_actions=of(DueAction),
        assessment=assessment_records(session, [client_id])[client_id],
        visits=visit_records(session, [client_id])[client_id],
        referrals=referral_records(session, [client_id])[client_id],
        supervision=supervision_records(session, [client_id])[client_id],
    )  # fmt: skip
