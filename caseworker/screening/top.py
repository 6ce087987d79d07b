"""Recording TOP (Treatment Outcomes Profile) at start, review and exit, and setting each
review beside the start values. The occasions, the grid's fields and their ranges come
from data/instruments/top.json via caseworker.content.top; records are stored as
screenings (instrument "top") so they share the client's screening history and trail.

A TopRecord is keyed by the file's field ids and checks every value against the file's
ranges on creation, raising ValueError naming the field. compare() gives the per-field
change from the start record to a review (or exit) record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.content.top import TopDefinition, TopField, load_definition
from caseworker.core import vocab
from caseworker.core.validation import FieldError, ValidationFailed, whole_number
from caseworker.people import get_client
from caseworker.store.models import Screening

# The definition, for the screens (which import capabilities, not content modules).
top_definition = load_definition


def top_occasions() -> vocab.Choices:
    """(id, label) of each occasion TOP is recorded at, in the order top.json gives."""
    return load_definition().occasions


class TopRecord(Mapping[str, Any]):
    """One TOP (the past 28 days), keyed by top.json's field ids.

    TopRecord(injecting_days=3, ...) checks every field against the file: a missing
    required field, an unknown one or a value out of range raises ValueError naming it;
    an optional field left out is None, and substances left out of a per-substance field
    count as 0 days. Values read as items or attributes (record.injecting_days).
    """

    __slots__ = ("_values",)
    _values: dict[str, Any]

    def __init__(self, **values: Any) -> None:
        self._values = _checked(load_definition(), values)

    @classmethod
    def stored(cls, answers: Mapping[str, Any]) -> TopRecord:
        """A saved record, as to_dict() stored it, read without checking it again: one
        saved before a service edited top.json must still open. A field or substance it
        lacks reads as None (not recorded); one the file no longer has is left out."""
        definition = load_definition()
        values: dict[str, Any] = {}
        for spec in definition.fields:
            value = answers.get(spec.id)
            if spec.kind == "days_per_substance":
                given = value if isinstance(value, Mapping) else {}
                value = {s: given.get(s) for s, _ in definition.substances}
            values[spec.id] = value
        record = cls.__new__(cls)
        record._values = values
        return record

    def __getitem__(self, field_id: str) -> Any:
        return self._values[field_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never recurse through _values before it is set
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"TOP has no field {name!r}") from None

    def __repr__(self) -> str:
        return f"TopRecord({self._values!r})"

    def to_dict(self) -> dict[str, Any]:
        """The stored form (Screening.answers): field id -> value, a dict per substance."""
        return {k: dict(v) if isinstance(v, Mapping) else v for k, v in self._values.items()}


@dataclass(frozen=True)
class FieldChange:
    field: str  # e.g. "injecting_days" or "substance_days.opiates"
    label: str
    start: int | bool | None
    review: int | bool | None
    change: int | None  # review - start for numbers; None for yes/no or a value not recorded
    direction: str | None  # "better", "worse", "same"; None when a value was not recorded


def compare(start: TopRecord, review: TopRecord) -> dict[str, FieldChange]:
    """Per-field change from the start record to a review (or exit) record, in form order."""
    definition = load_definition()
    changes: dict[str, FieldChange] = {}
    for spec in definition.fields:
        if spec.kind == "days_per_substance":
            before, after = start.get(spec.id) or {}, review.get(spec.id) or {}
            for substance, label in definition.substances:
                key = f"{spec.id}.{substance}"
                changes[key] = _change(
                    spec, key, f"{label}: days used", before.get(substance), after.get(substance)
                )
        else:
            changes[spec.id] = _change(
                spec, spec.id, spec.label, start.get(spec.id), review.get(spec.id)
            )
    return changes


def _change(spec: TopField, key: str, label: str, before: Any, after: Any) -> FieldChange:
    if before is None or after is None:
        return FieldChange(key, label, before, after, None, None)
    delta = int(after) - int(before)
    if delta == 0:
        direction = "same"
    elif (delta < 0) == (spec.better == "lower"):
        direction = "better"
    else:
        direction = "worse"
    change = None if spec.kind == "yes_no" else delta
    return FieldChange(key, label, before, after, change, direction)


def _checked(definition: TopDefinition, values: Mapping[str, Any]) -> dict[str, Any]:
    known = [f.id for f in definition.fields]
    for name in values:
        if name not in known:
            raise ValueError(f"TOP field {name!r} is not in top.json; known: {', '.join(known)}")
    checked: dict[str, Any] = {}
    for spec in definition.fields:
        if spec.id not in values:
            if not spec.optional:
                raise ValueError(f"TOP field {spec.id!r} is required")
            checked[spec.id] = None
        elif spec.kind == "days_per_substance":
            checked[spec.id] = _substance_days(definition, spec, values[spec.id])
        else:
            _check(spec, spec.id, values[spec.id])
            checked[spec.id] = values[spec.id]
    return checked


def _check(spec: TopField, name: str, value: Any) -> None:
    if spec.kind == "yes_no":
        if not isinstance(value, bool):
            raise ValueError(f"TOP field {name!r} must be yes (True) or no (False), got {value!r}")
        return
    if value is None and spec.optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not spec.min <= value <= spec.max:
        raise ValueError(
            f"TOP field {name!r} must be a whole number from {spec.min} to {spec.max}, "
            f"got {value!r}"
        )


def _substance_days(definition: TopDefinition, spec: TopField, value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValueError(f"TOP field {spec.id!r} must map substance to days used, got {value!r}")
    known = [s for s, _ in definition.substances]
    for substance in value:
        if substance not in known:
            raise ValueError(
                f"TOP field '{spec.id}.{substance}': unknown substance; known: {', '.join(known)}"
            )
    days = {s: value.get(s, 0) for s in known}
    for substance, count in days.items():
        _check(spec, f"{spec.id}.{substance}", count)
    return days


# ---------------------------------------------------------------- recording


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
        value = whole_number(text)
        if value is None or not lo <= value <= hi:
            errors.append(FieldError(name, label, f"must be a whole number from {lo} to {hi}"))
            return None
        return value

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
    occasions = top_occasions()
    if not isinstance(occasion, str) or occasion not in vocab.values(occasions):
        labels = ", ".join(label for _, label in occasions)
        raise ValidationFailed([FieldError("occasion", "Occasion", f"choose one of {labels}")])
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
        .where(col(Screening.client_id) == client_id, col(Screening.instrument) == "top")
        .order_by(col(Screening.completed_on), col(Screening.created_at))
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
    return start, compare(TopRecord.stored(start.answers), TopRecord.stored(this.answers))


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
