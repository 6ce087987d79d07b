"""Recording TOP (Treatment Outcomes Profile) at start, review and exit, and setting each
review beside the start values. The grid's fields and ranges come from
data/instruments/top.json via caseworker.content.top; records are stored as screenings
(instrument "top") so they share the client's screening history and audit trail.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.content.top import FieldChange, TopRecord, compare, load_definition
from caseworker.core import vocab
from caseworker.core.validation import FieldError, ValidationFailed
from caseworker.people.clients import get_client
from caseworker.store.models import Screening

TOP_OCCASIONS: vocab.Choices = (("start", "Start"), ("review", "Review"), ("exit", "Exit"))


def substance_field(substance: str) -> str:
    return f"days_{substance}"


def parse_top_form(raw: dict[str, Any]) -> TopRecord:
    """Form text -> TopRecord; every bad value is named (ValidationFailed), none half-read."""
    definition = load_definition()
    errors: list[FieldError] = []
    values: dict[str, Any] = {}

    def number(name: str, label: str, lo: int, hi: int, optional: bool) -> int | None:
        text = str(raw.get(name) or "").strip()
        if not text:
            if optional:
                return None
            errors.append(FieldError(name, label, "is required (a number)"))
            return None
        if not text.isdigit() or not lo <= int(text) <= hi:
            errors.append(FieldError(name, label, f"must be a whole number from {lo} to {hi}"))
            return None
        return int(text)

    for spec in definition.fields:
        if spec.kind == "days_per_substance":
            values[spec.id] = {}
            for sub, label in definition.substances:
                # Required like every other field: a blank is not "0 days" (it would show
                # as progress at review).
                days = number(substance_field(sub), f"{label}: days used", 0, spec.max, False)
                values[spec.id][sub] = days or 0
        elif spec.kind == "yes_no":
            values[spec.id] = bool(raw.get(spec.id))
        else:
            values[spec.id] = number(spec.id, spec.label, spec.min, spec.max, spec.optional)
    if errors:
        raise ValidationFailed(errors)
    try:
        return TopRecord(**values)
    except ValueError as exc:  # the definition's own check, as a last line
        raise ValidationFailed([FieldError("", "TOP", str(exc))]) from None


def record_top(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> Screening:
    get_client(session, client_id)
    occasion = raw.get("occasion") or "review"
    if occasion not in vocab.values(TOP_OCCASIONS):
        raise ValidationFailed([FieldError("occasion", "Occasion", "choose start, review or exit")])
    record = parse_top_form(raw)
    screening = Screening(
        client_id=client_id,
        instrument="top",
        occasion=occasion,
        status="complete",
        answers=record.to_dict(),
        started_on=today,
        completed_on=today,
    )
    # The next TOP review follows from this record by caseworker.screening.dues.
    session.add(screening)
    return screening


def top_records(session: Session, client_id: uuid.UUID) -> list[Screening]:
    stmt = (
        select(Screening)
        .where(Screening.client_id == client_id, Screening.instrument == "top")
        .order_by(Screening.completed_on, Screening.created_at)
    )
    return list(session.scalars(stmt))


def beside_start(
    session: Session, client_id: uuid.UUID, top_id: uuid.UUID
) -> tuple[Screening | None, dict[str, FieldChange]]:
    """This TOP beside the most recent start recorded on or before it ({} if none)."""
    records = top_records(session, client_id)
    this = next((r for r in records if r.id == top_id), None)
    if this is None:
        return None, {}
    starts = [r for r in records[: records.index(this) + 1] if r.occasion == "start"]
    if not starts:
        return None, {}
    start = starts[-1]
    return start, compare(TopRecord(**start.answers), TopRecord(**this.answers))


def next_top_occasion(session: Session, client_id: uuid.UUID) -> str:
    """Start until a start TOP exists, then review."""
    return (
        "review" if any(r.occasion == "start" for r in top_records(session, client_id)) else "start"
    )


def top_summary(session: Session, client_id: uuid.UUID, top: Screening) -> str:
    """One line for the screening list: how many measures are better or worse than start."""
    start, changes = beside_start(session, client_id, top.id)
    if top.occasion == "start" or start is None:
        return "start values recorded" if top.occasion == "start" else "no start TOP to compare"
    better = sum(1 for c in changes.values() if c.direction == "better")
    worse = sum(1 for c in changes.values() if c.direction == "worse")
    return f"vs start {start.completed_on:%d/%m/%Y}: {better} better, {worse} worse"
