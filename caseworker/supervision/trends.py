"""Month by month and worker by worker: the figures over time and across the team.

Each signed-off session keeps the figures of its day (sessions.sign_off), so a worker's
months are read back from their sessions - the figures as the supervisor saw them when
signing, not recomputed from today's records. The team view computes today's figures
for everyone on this caseload side by side (a team PostgreSQL gives the same across
laptops: each worker's clients are theirs by key worker, wherever they were typed).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.dates import aware_utc
from caseworker.diary import uk_date
from caseworker.store.models import Client, SupervisionSession, Worker
from caseworker.supervision.figures import CaseloadReview
from caseworker.supervision.review import caseload_review

# The figures a trend chart offers first: what most needs to go down (or be seen).
TREND_KEYS: tuple[str, ...] = (
    "parents_total",
    "children_cp_plan",
    "never_screened",
    "rescreen_overdue",
    "precaf_overdue",
    "verbal_referral_unconfirmed",
    "referral_without_feedback",
    "review_overdue",
    "no_contact",
    "open_concerns",
)


@dataclass(frozen=True)
class Month:
    month: str  # "2026-11"
    held_on: date  # the day the last session of that month was signed, its figures' day
    counts: dict[str, int]


def monthly_figures(session: Session, worker_id: uuid.UUID) -> list[Month]:
    """The worker's signed-off sessions, one per month (the last of each), oldest first."""
    rows = session.scalars(
        select(SupervisionSession)
        .where(
            col(SupervisionSession.worker_id) == worker_id,
            col(SupervisionSession.signed_off_at).is_not(None),
        )
        .order_by(col(SupervisionSession.signed_off_at))
    )
    by_month: dict[str, Month] = {}
    for sup in rows:
        counts = {
            key: int(value.get("count", 0))
            for key, value in (sup.figures or {}).items()
            if isinstance(value, dict)
        }
        # The figures are of the day it was signed: that day's month is theirs.
        signed_on = uk_date(aware_utc(sup.signed_off_at) or sup.created_at)
        month = f"{signed_on:%Y-%m}"
        by_month[month] = Month(month, signed_on, counts)  # a later one that month wins
    return list(by_month.values())


def series(months: list[Month], key: str) -> list[int]:
    """One figure's counts, month by month (0 for a month that did not have it)."""
    return [m.counts.get(key, 0) for m in months]


def team_reviews(session: Session, today: date) -> list[CaseloadReview]:
    """Today's review for each person on this caseload who has clients, by name."""
    with_clients = set(
        session.scalars(
            select(col(Client.key_worker_id))
            .where(col(Client.key_worker_id).is_not(None))
            .distinct()
        )
    )
    people = session.scalars(
        select(Worker).where(col(Worker.id).in_(with_clients)).order_by(col(Worker.name))
    )
    return [caseload_review(session, person.id, today) for person in people]
