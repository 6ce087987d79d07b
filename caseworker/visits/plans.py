"""Planning a home visit, and the lone-working record of it: out (with the time the worker
expects to be back), then back, or cancelled.

A worker going alone into a home with a risk to staff must be missed if they do not come
back: starting a visit records "out" with the expected return, and a visit still out past
that moment is a missed return (`missed_returns`), which the app shows as an alert until
the worker checks back in. Every step is a change to the visit record, so it is on the
trail with the worker and the moment. The moment is always passed in (`now`, aware):
nothing here reads the clock, so a test can stand at any time.

Times of day are typed on the UK clock (the protocol's clock, as a booking is) and kept
as aware UTC moments.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core import vocab
from caseworker.core.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from caseworker.core.validation import ADDRESS, NAME, PARAGRAPH, FormReader
from caseworker.diary import UK, format_uk_time, uk_date
from caseworker.people import children_of, get_client
from caseworker.store.models import ChildRecord, Client, Visit, VisitNote, Worker

PLANNED, OUT, BACK, CANCELLED = "planned", "out", "back", "cancelled"
STATUSES: vocab.Choices = (
    (PLANNED, "Planned"),
    (OUT, "Out on the visit"),
    (BACK, "Back"),
    (CANCELLED, "Cancelled"),
)
PLAN_FIELDS = (
    "planned_for", "planned_at", "address", "unannounced", "joint_agency", "joint_contact",
    "purpose", "back_by",
)  # fmt: skip
# Said wherever the alert is shown: there is no server to raise it anywhere else.
OFFLINE_WORDS = (
    "Offline, a missed return can only be shown on this machine: tell a colleague where "
    "you are going and when you expect to be back."
)
# Contact arrangements under which a child spends time in the client's home.
_VISITS_CLIENT = {"formal", "informal"}


def aware_utc(at: datetime | None) -> datetime | None:
    """A stored moment as an aware UTC one (the store gives them back aware; a row made in
    this session before it was flushed holds what was assigned)."""
    if at is None:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _on_uk_clock(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UK).astimezone(UTC)


def get_visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("That visit is no longer on the record.")
    return visit


def _in_the_home(child: ChildRecord) -> bool:
    return not child.unborn and (
        child.lives_with == "client" or child.contact_arrangement in _VISITS_CLIENT
    )


# ---- planning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BeforeLeaving:
    """What the plan form shows first: the client's address and risk to staff."""

    address: str
    risk_to_staff: bool
    risk_words: str  # "" when there is no risk to staff recorded


def before_leaving(session: Session, client_id: uuid.UUID) -> BeforeLeaving:
    client = get_client(session, client_id)
    words = ""
    if client.risk_to_staff:
        note = client.risk_to_staff_note.strip()
        words = "RISK TO STAFF" + (f": {note}" if note else " (no detail recorded)")
    return BeforeLeaving(client.address, client.risk_to_staff, words)


def validate_plan(raw: dict[str, Any], today: date) -> dict[str, Any]:
    r = FormReader(raw)
    on = r.date("planned_for", "Date", required=True, kind="planned", today=today)
    if on is not None and on < today:
        r.fail("planned_for", "Date", "is in the past: plan a visit for today or later")
    at = r.clock("planned_at", "Time")
    r.clean["planned_at"] = f"{at:%H:%M}" if at else ""
    r.text("address", "Address", max_len=ADDRESS)
    r.clean["announced"] = not r.flag("unannounced")
    r.text("joint_agency", "Joint visit with (agency)", max_len=NAME)
    r.text("joint_contact", "Their contact", max_len=NAME)
    if r.clean["joint_contact"] and not r.clean["joint_agency"]:
        r.fail("joint_agency", "Joint visit with (agency)", "name the agency of the contact")
    r.text("purpose", "Purpose", max_len=PARAGRAPH)
    back = r.clock("back_by", "Expected back")
    if back is not None and at is not None and back <= at:
        r.fail("back_by", "Expected back", "must be after the time of the visit")
    r.clean["expected_back"] = _on_uk_clock(on, back) if (on and back) else None
    return r.result()


def plan_visit(session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date) -> Visit:
    """A visit planned (a diary item on its day); the address is the client's unless
    another is given."""
    client = get_client(session, client_id)
    clean = validate_plan(raw, today)
    visit = Visit(
        client_id=client.id,
        planned_for=clean["planned_for"],
        planned_at=clean["planned_at"],
        address=clean["address"] or client.address,
        announced=clean["announced"],
        joint_agency=clean["joint_agency"],
        joint_contact=clean["joint_contact"],
        purpose=clean["purpose"],
        expected_back=clean["expected_back"],
    )
    session.add(visit)
    session.flush()
    return visit


def cancel_visit(session: Session, visit_id: uuid.UUID, reason: str) -> Visit:
    visit = get_visit(session, visit_id)
    if visit.status != PLANNED:
        raise NotAllowed("Only a visit not yet started can be cancelled.")
    noted = session.scalars(select(VisitNote).where(col(VisitNote.visit_id) == visit.id)).first()
    if noted is not None:
        raise NotAllowed("A note is written for this visit: it happened, so it cannot be "
                         "cancelled (correct a signed note with an addendum).")  # fmt: skip
    r = FormReader({"reason": reason})
    r.text("reason", "Why", required=True, max_len=PARAGRAPH)
    visit.cancelled_reason = r.result()["reason"]
    visit.status = CANCELLED
    session.flush()
    return visit


# ---- lone working -----------------------------------------------------------------------


def start_visit(
    session: Session, visit_id: uuid.UUID, now: datetime, back_by: str | None = None
) -> Visit:
    """Out on the visit now, expected back by `back_by` (HH:MM on the UK clock today; left
    out, the plan's expected return). Refused without an expected return in the future:
    without one nobody can be missed."""
    visit = get_visit(session, visit_id)
    if visit.status != PLANNED:
        raise NotAllowed(f"This visit is {dict(STATUSES)[visit.status].lower()}, not planned.")
    expected = aware_utc(visit.expected_back)
    if expected is not None and uk_date(expected) != uk_date(now):
        # Planned for another day, made today: the plan's time of return, today. Left on
        # the plan's day it would never be missed today (nor alarm a phone).
        expected = _on_uk_clock(uk_date(now), expected.astimezone(UK).time())
    if back_by is not None and back_by.strip():
        r = FormReader({"back_by": back_by})
        at = r.clock("back_by", "Expected back", required=True)
        r.result()
        assert at is not None
        expected = _on_uk_clock(uk_date(now), at)
    if expected is None:
        raise ValidationFailed(
            [FieldError("back_by", "Expected back", "give the time you expect to be back")]
        )
    if expected <= now:
        raise ValidationFailed(
            [FieldError("back_by", "Expected back", f"{format_uk_time(expected)} has passed")]
        )
    visit.status = OUT
    visit.out_at = now.astimezone(UTC)
    visit.out_by = session.info.get("worker_id")
    visit.expected_back = expected
    session.flush()
    return visit


def check_in(session: Session, visit_id: uuid.UUID, now: datetime) -> Visit:
    """Back from the visit: the missed-return alert (if it was raised) clears."""
    visit = get_visit(session, visit_id)
    if visit.status != OUT:
        raise NotAllowed("This visit is not out: there is nothing to check in.")
    visit.status = BACK
    visit.back_at = now.astimezone(UTC)
    session.flush()
    return visit


def out_now(session: Session, worker_id: uuid.UUID | None = None) -> list[Visit]:
    """Visits out now (of one worker, if named), the one expected back first."""
    stmt = select(Visit).where(col(Visit.status) == OUT)
    if worker_id is not None:
        stmt = stmt.where(col(Visit.out_by) == worker_id)
    return sorted(session.scalars(stmt), key=lambda v: aware_utc(v.expected_back) or v.created_at)


def check_in_all(session: Session, now: datetime) -> list[Visit]:
    """The one key from anywhere: every visit the worker at the keyboard is out on, back."""
    mine = out_now(session, session.info.get("worker_id"))
    if not mine:
        raise NotAllowed("You are not out on a visit: there is nothing to check in.")
    return [check_in(session, v.id, now) for v in mine]


# ---- the missed return ------------------------------------------------------------------


@dataclass(frozen=True)
class MissedReturn:
    """A visit still out past its expected return: the alert, in words."""

    visit_id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    worker_name: str
    expected_back: datetime
    address: str

    def words(self, now: datetime) -> str:
        late = int((now - self.expected_back).total_seconds() // 60)
        return (
            f"MISSED RETURN: {self.worker_name} is not back from a home visit to "
            f"{self.client_name} ({self.address or 'no address'}): expected back "
            f"{format_uk_time(self.expected_back)}, {late} min ago"
        )


def missed(visits: Sequence[Visit], now: datetime) -> list[Visit]:
    """Pure: the visits out whose expected return has passed at `now`."""
    return [
        v
        for v in visits
        if v.status == OUT and (e := aware_utc(v.expected_back)) is not None and e < now
    ]


def missed_returns(session: Session, now: datetime) -> list[MissedReturn]:
    """Every missed return on this caseload at `now` (the worker's own and, for the
    supervisor, everyone's), the longest overdue first."""
    late = missed(out_now(session), now)
    clients = {
        c.id: c
        for c in session.scalars(
            select(Client).where(col(Client.id).in_([v.client_id for v in late]))
        )
    }
    out = []
    for v in late:
        client = clients.get(v.client_id)
        worker = session.get(Worker, v.out_by) if v.out_by else None
        expected = aware_utc(v.expected_back)
        assert expected is not None
        out.append(
            MissedReturn(
                v.id,
                v.client_id,
                f"{client.given_name} {client.family_name}" if client else "a client",
                worker.name if worker else "a worker",
                expected,
                v.address,
            )
        )
    return out


def visit_children(session: Session, client_id: uuid.UUID) -> list[ChildRecord]:
    """The children a note asks about: those living with the client or visiting."""
    return [c for c in children_of(session, client_id) if _in_the_home(c)]
