"""Screening a client with a validated instrument: drafts, scoring and what follows.

A screening is saved after every answer as a draft, so a screen abandoned half-way
is resumed rather than lost, and it never counts until complete. Completing one
scores it with caseworker.screening.instruments, and offers the full AUDIT after a
positive AUDIT-C or FAST (the answers already given are carried over, never asked twice).
What a completed screening makes due (a medical review for possible dependence, AUDIT
20+ or SADQ 16+) is decided by the rules in caseworker.screening.dues, not here.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.errors import NotAllowed
from caseworker.core.vocab import SCREENING_OCCASIONS, values
from caseworker.people import get_client
from caseworker.screening import instruments
from caseworker.store.models import Screening, Worker
from caseworker.store.records import get_record


def answers_of(screening: Screening) -> dict[int, int]:
    """Stored answers (JSON keys are text) as the engine wants them."""
    return {int(k): int(v) for k, v in screening.answers.items()}


def get_screening(session: Session, screening_id: uuid.UUID) -> Screening:
    """A screening by id (NotFound if it has gone)."""
    return get_record(session, Screening, screening_id, "screening")


def open_draft(session: Session, client_id: uuid.UUID, instrument: str) -> Screening | None:
    stmt = (
        select(Screening)
        .where(
            col(Screening.client_id) == client_id,
            col(Screening.instrument) == instrument,
            col(Screening.status) == "draft",
        )
        .order_by(col(Screening.created_at).desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def start(
    session: Session,
    client_id: uuid.UUID,
    instrument: str,
    today: date,
    *,
    occasion: str = "review",
    answers: dict[int, int] | None = None,
    follows_id: uuid.UUID | None = None,
) -> Screening:
    """Resume the client's draft of this instrument, or start one (with carried answers)."""
    get_client(session, client_id)
    instruments.load(instrument)  # unknown id -> ValueError listing the available ones
    if occasion not in values(SCREENING_OCCASIONS):
        raise NotAllowed(f"unknown occasion {occasion!r}")
    carried = instruments.check_answers(instruments.load(instrument), answers or {})
    draft = open_draft(session, client_id, instrument)
    if draft is not None:
        if carried and draft.follows_id != follows_id:
            # Continuing from a newer screen into an older draft: the answers just given
            # are carried in (never asked twice); the draft's other answers are kept.
            merged = {**answers_of(draft), **carried}
            draft.answers = {str(k): v for k, v in sorted(merged.items())}
            draft.follows_id = follows_id
        return draft
    screening = Screening(
        client_id=client_id,
        instrument=instrument,
        occasion=occasion,
        answers={str(k): v for k, v in carried.items()},
        started_on=today,
        follows_id=follows_id,
    )
    session.add(screening)
    return screening


def record_answer(
    session: Session, screening_id: uuid.UUID, item: int, option: int
) -> instruments.Progress:
    """Save one answer to the draft at once; returns what to ask next."""
    screening = get_screening(session, screening_id)
    if screening.status != "draft":
        raise NotAllowed("This screening is complete; start a new one to screen again.")
    instrument = instruments.load(screening.instrument)
    if isinstance(item, bool) or not isinstance(item, int):  # before it is used as a key
        raise instruments.AnswerError(
            f"{instrument.short_name} answers are keyed by item number (int), got {item!r}"
        )
    answers = answers_of(screening)
    answers[item] = option
    instruments.check_answers(instrument, answers)
    # A new dict, so the JSON column sees the change (and the trail records it).
    screening.answers = {str(k): v for k, v in sorted(answers.items())}
    return instruments.progress(screening.instrument, answers)


def complete(session: Session, screening_id: uuid.UUID, today: date) -> instruments.ScoreResult:
    """Score the draft and apply the triggers. Raises ValueError if items are unanswered."""
    screening = get_screening(session, screening_id)
    if screening.status != "draft":
        raise NotAllowed("This screening is already complete.")
    result = instruments.score(screening.instrument, answers_of(screening))
    screening.status = "complete"
    screening.completed_on = today
    screening.total = result.total
    screening.band = result.band
    screening.positive = result.positive
    screening.flags = list(result.flags)
    return result


def discard_if_empty(session: Session, screening_id: uuid.UUID) -> bool:
    """A screen opened and left without a single answer is not worth keeping as a draft."""
    screening = session.get(Screening, screening_id)
    if screening is None or screening.status != "draft" or screening.answers:
        return False
    session.delete(screening)
    return True


def continue_into_full(session: Session, screening_id: uuid.UUID, today: date) -> Screening | None:
    """After a positive AUDIT-C/FAST: the follow-on instrument, answers carried over."""
    screening = get_screening(session, screening_id)
    if screening.status != "complete" or not screening.positive:
        return None
    follow_on = instruments.load(screening.instrument).follow_on
    if follow_on is None:
        return None
    carried = instruments.carry_over(screening.instrument, follow_on, answers_of(screening))
    return start(session, screening.client_id, follow_on, today,
                 occasion=screening.occasion, answers=carried,
                 follows_id=screening.id)  # fmt: skip


def history(session: Session, client_id: uuid.UUID) -> list[tuple[Screening, str]]:
    """Every screening of the client, newest first, with the name of the worker who did it."""
    stmt = (
        select(Screening, col(Worker.name))
        .outerjoin(Worker, col(Worker.id) == col(Screening.created_by))
        .where(col(Screening.client_id) == client_id)
        .order_by(col(Screening.started_on).desc(), col(Screening.created_at).desc())
    )
    return [(sc, name or "") for sc, name in session.execute(stmt)]
