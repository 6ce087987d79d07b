"""The supervision session: a supervisor and a worker go through the worker's caseload, case
by case, and the supervisor signs off what was decided.

It must not become a tick-box [002 App. III]: a case is marked discussed only with a
decision recorded and the standing Think Family question answered [004 TS-15]; the actions
agreed have owners and dates, and enter the diary when the session is signed off. Only a
supervisor opens a session and only a supervisor signs one off - the domain refuses anyone
else, whatever the screens show - and the sign-off is the supervisor's own: their
passphrase, entered at the moment of signing (`sign_off_with_passphrase`), says who signs,
not whoever happens to be at the keyboard. Signed, the session is sealed (also in the
database: migration 0017) and keeps that day's figures and the trail's head hash.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from caseworker.core.validation import NOTES, PARAGRAPH, FormReader
from caseworker.meetings import read_actions
from caseworker.people import get_client
from caseworker.store.models import (
    SupervisionAction,
    SupervisionCase,
    SupervisionSession,
    Worker,
)

SUPERVISOR = "supervisor"
# Asked of every case discussed [004 TS-15: Think Family and safeguarding children an
# integral part of monthly supervision].
THINK_FAMILY_QUESTION = (
    "Think Family: what does this client's substance use mean for the children, and is "
    "anything about their safety not yet acted on?"
)


@dataclass(frozen=True)
class CaseRecord:
    """One case of a session as it is shown: the case and its actions."""

    case: SupervisionCase
    actions: tuple[SupervisionAction, ...]


def _person(session: Session, person_id: uuid.UUID | None) -> Worker | None:
    return session.get(Worker, person_id) if person_id else None


def _require_supervisor(person: Worker | None, what: str) -> Worker:
    if person is None:
        raise NotAllowed(f"Only a named supervisor can {what}: unlock as yourself.")
    if person.role != SUPERVISOR:
        raise NotAllowed(
            f"Only a supervisor can {what}: {person.name} is a {person.role} on this caseload."
        )
    return person


def get_session(session: Session, session_id: uuid.UUID) -> SupervisionSession:
    found = session.get(SupervisionSession, session_id)
    if found is None:
        raise NotFound("That supervision session is no longer there.")
    return found


def _open_for_change(session: Session, session_id: uuid.UUID) -> SupervisionSession:
    found = get_session(session, session_id)
    if found.signed_off_at is not None:
        raise NotAllowed(
            f"This supervision session was signed off by {found.signed_as}: it cannot be "
            "changed. Record anything new in the next session."
        )
    return found


def open_session(session: Session, worker_id: uuid.UUID, today: date) -> SupervisionSession:
    """The session in progress for this worker (the supervisor at the keyboard), or a new
    one held today. A supervisor cannot supervise themselves."""
    supervisor = _require_supervisor(
        _person(session, session.info.get("worker_id")), "open a supervision session"
    )
    worker = _person(session, worker_id)
    if worker is None:
        raise NotFound("That worker is not on this caseload.")
    if worker.id == supervisor.id:
        raise NotAllowed("A supervisor cannot supervise themselves: choose a worker.")
    current = session.scalars(
        select(SupervisionSession).where(
            col(SupervisionSession.worker_id) == worker_id,
            col(SupervisionSession.signed_off_at).is_(None),
        )
    ).first()
    if current is not None:
        return current
    opened = SupervisionSession(worker_id=worker_id, supervisor_id=supervisor.id, held_on=today)
    session.add(opened)
    session.flush()
    return opened


def case_of(session: Session, session_id: uuid.UUID, client_id: uuid.UUID) -> CaseRecord | None:
    case = session.scalars(
        select(SupervisionCase).where(
            col(SupervisionCase.session_id) == session_id,
            col(SupervisionCase.client_id) == client_id,
        )
    ).first()
    if case is None:
        return None
    actions = session.scalars(
        select(SupervisionAction)
        .where(col(SupervisionAction.case_id) == case.id)
        .order_by(col(SupervisionAction.due_on))
    )
    return CaseRecord(case, tuple(actions))


def validate_case(raw: dict[str, Any], today: date) -> dict[str, Any]:
    """discussion, decision, think_family, actions ("owner; what; dd/mm/yyyy" a line),
    discussed (bool), reasons. Discussed only with a decision and the question answered."""
    r = FormReader(raw)
    r.text("discussion", "Discussion", max_len=NOTES)
    decision = r.text("decision", "Decision", max_len=NOTES)
    answer = r.text("think_family", "Think Family", max_len=PARAGRAPH)
    r.text("reasons", "Why it came up", max_len=PARAGRAPH)
    discussed = r.flag("discussed")
    if discussed and not decision:
        r.fail("decision", "Decision", "record the decision before marking the case discussed")
    if discussed and not answer:
        r.fail("think_family", "Think Family", "answer the question before marking it discussed")
    if read_actions(r, raw, today) and not decision:
        r.fail("decision", "Decision", "record the decision the actions carry out")
    return r.result()


def record_case(
    session: Session, session_id: uuid.UUID, client_id: uuid.UUID, raw: dict[str, Any],
    today: date,
) -> CaseRecord:  # fmt: skip
    """Save what was discussed and decided about one client (again and again until the
    session is signed off: the actions are replaced by those given)."""
    sup = _open_for_change(session, session_id)
    # The supervisor records the case, not whoever happens to be at the keyboard (the
    # worker, after a lock, on the same screen): what is signed is the supervisor's.
    _require_supervisor(_person(session, session.info.get("worker_id")), "record supervision")
    client = get_client(session, client_id)
    if client.key_worker_id not in (None, sup.worker_id):
        raise NotAllowed("That client is on another worker's caseload.")
    clean = validate_case(raw, today)
    found = case_of(session, session_id, client_id)
    case = found.case if found else SupervisionCase(session_id=session_id, client_id=client_id)
    for name in ("discussion", "decision", "think_family", "reasons", "discussed"):
        setattr(case, name, clean[name])
    session.add(case)
    session.flush()
    for old in found.actions if found else ():
        session.delete(old)
    for owner, what, due in clean["actions"]:
        session.add(
            SupervisionAction(
                session_id=session_id,
                case_id=case.id,
                client_id=client_id,
                what=what,
                owner=owner,
                due_on=due,
            )
        )
    session.flush()
    result = case_of(session, session_id, client_id)
    assert result is not None
    return result


def cases_of(session: Session, session_id: uuid.UUID) -> list[CaseRecord]:
    cases = session.scalars(
        select(SupervisionCase)
        .where(col(SupervisionCase.session_id) == session_id)
        .order_by(col(SupervisionCase.created_at))
    ).all()
    actions: dict[uuid.UUID, list[SupervisionAction]] = {c.id: [] for c in cases}
    for a in session.scalars(
        select(SupervisionAction)
        .where(col(SupervisionAction.session_id) == session_id)
        .order_by(col(SupervisionAction.due_on))
    ):
        actions.setdefault(a.case_id, []).append(a)
    return [CaseRecord(c, tuple(actions[c.id])) for c in cases]


def sign_off(
    session: Session, session_id: uuid.UUID, signer_id: uuid.UUID, now: datetime,
    *, figures: dict[str, Any], trail_head: str = "",
) -> SupervisionSession:  # fmt: skip
    """Sign the session off as `signer_id` (who has proved it is them) and seal it, with
    the caseload's figures that day. Refused for anyone but a supervisor other than the
    worker supervised, and for a session with no case discussed."""
    sup = _open_for_change(session, session_id)
    signer = _require_supervisor(_person(session, signer_id), "sign off a supervision session")
    if signer.id == sup.worker_id:
        raise NotAllowed("A supervisor cannot sign off their own supervision.")
    records = cases_of(session, session_id)
    if not any(r.case.discussed for r in records):
        raise ValidationFailed(
            [FieldError("cases", "Cases", "mark at least one case discussed, with its decision")]
        )
    sup.signed_off_at = now.astimezone(UTC)
    sup.signed_off_by = signer.id
    sup.signed_as = signer.name
    sup.figures = figures
    sup.trail_head = trail_head
    session.flush()
    return sup


def sessions_of(session: Session, worker_id: uuid.UUID) -> list[SupervisionSession]:
    """A worker's supervision sessions, the newest first."""
    return list(
        session.scalars(
            select(SupervisionSession)
            .where(col(SupervisionSession.worker_id) == worker_id)
            .order_by(
                col(SupervisionSession.held_on).desc(), col(SupervisionSession.created_at).desc()
            )
        )
    )


def people_supervised(session: Session) -> list[Worker]:
    """Everyone on this caseload a supervisor may supervise (workers first, by name)."""
    people = session.scalars(select(Worker).order_by(col(Worker.name))).all()
    return sorted(people, key=lambda w: (w.role == SUPERVISOR, w.name.casefold()))


def worker_by_name(session: Session, name: str) -> Worker:
    """The person of this name (case and spacing ignored), or NotFound naming who there is."""
    wanted = " ".join(name.split()).casefold()
    people = session.scalars(select(Worker)).all()
    for person in people:
        if " ".join(person.name.split()).casefold() == wanted:
            return person
    known = ", ".join(sorted(p.name for p in people)) or "nobody"
    raise NotFound(f"No one called {name!r} on this caseload (there is: {known}).")
