"""The client's screening history as the record lists it: one line of values and words per
screening (instrument, occasion, who, and the outcome), so that no screen has to know
how a draft, a TOP review or a parental screen is summed up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from caseworker.core import vocab
from caseworker.screening.answers import follow_up_of
from caseworker.screening.sessions import history
from caseworker.screening.top import top_occasions, top_summary
from caseworker.store.models import Screening


@dataclass(frozen=True)
class ScreeningSummary:
    id: uuid.UUID
    instrument: str  # "audit-c", ..., "parental", "top"
    name: str  # as listed: "AUDIT-C", "Parental", "TOP"
    occasion: str  # the occasion's label
    on: date  # completed, or started for a draft
    worker: str
    draft: bool
    answered: int
    result: str  # the outcome in words (a draft says so)


def _result(session: Session, sc: Screening) -> str:
    if sc.status == "draft":
        return f"DRAFT ({len(sc.answers)} answered)"
    if sc.instrument == "top":
        return top_summary(session, sc.client_id, sc)
    if sc.instrument == "parental":
        status = vocab.label(vocab.PARENTAL_STATUS, sc.answers.get("parental_status"))
        return status + (" · caring for children or expecting" if sc.positive else "")
    verdict = "positive" if sc.positive else "negative"
    follow_up = follow_up_of(session, sc)
    if follow_up is not None:
        # The next step the band named ("complete the full AUDIT") is done or under way:
        # say that instead, so a stale instruction never stands on the record.
        when = follow_up.on.strftime("%d/%m/%Y")
        state = f"done {when}" if follow_up.complete else f"started {when} (draft)"
        return f"{sc.total} ({verdict}) · full {follow_up.instrument} {state}"
    flags = f" · {'; '.join(sc.flags)}" if sc.flags else ""
    return f"{sc.total}, {sc.band} ({verdict}){flags}"


def screening_summaries(session: Session, client_id: uuid.UUID) -> list[ScreeningSummary]:
    """Every screening of the client, newest first (drafts included, and saying so)."""
    rows = []
    for sc, worker in history(session, client_id):
        occasions = top_occasions() if sc.instrument == "top" else vocab.SCREENING_OCCASIONS
        rows.append(
            ScreeningSummary(
                id=sc.id,
                instrument=sc.instrument,
                name="Parental" if sc.instrument == "parental" else sc.instrument.upper(),
                occasion=vocab.label(occasions, sc.occasion),
                on=sc.completed_on or sc.started_on,
                worker=worker,
                draft=sc.status == "draft",
                answered=len(sc.answers),
                result=_result(session, sc),
            )
        )
    return rows
