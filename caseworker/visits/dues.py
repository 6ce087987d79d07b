"""What home visits make due, as pure functions of the client's visit records (the agenda
gathers them with every other capability's rules):

- a planned visit, on its day (at its time, when one is set);
- a note not signed off, from the day of the visit: until it is signed it is neither the
  record nor the home visit an assessment counts;
- the check-in of a visit that is out, at its expected return: due at that moment, and a
  missed return once it has passed (`check_in_missed`, with the moment passed in: the
  stored items are derived from the records alone, never from the clock);
- each action agreed on a signed-off visit, by its own date.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.dates import format_uk
from caseworker.diary import UK, Due, DueKind, uk_date
from caseworker.store.models import Visit, VisitAction, VisitNote
from caseworker.visits.plans import BACK, OUT, PLANNED, aware_utc

# The tables these rules read: a change to any recomputes the client's due items.
TABLES = frozenset({"visit", "visit_note", "visit_action"})


@dataclass(frozen=True)
class VisitRecords:
    """One client's visit records, as the rules read them."""

    visits: Sequence[Visit] = ()
    notes: Sequence[VisitNote] = ()
    actions: Sequence[VisitAction] = ()


def visit_records(
    session: Session, client_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, VisitRecords]:
    """Each of these clients' visit records (a client with none: empty)."""
    ids = list(client_ids)
    found: list[defaultdict[uuid.UUID, list]] = []
    for model in (Visit, VisitNote, VisitAction):
        by_client: defaultdict[uuid.UUID, list] = defaultdict(list)
        column = getattr(model, "client_id")  # noqa: B009
        for row in session.scalars(select(model).where(col(column).in_(ids))):
            by_client[getattr(row, "client_id")].append(row)  # noqa: B009
        found.append(by_client)
    return {c: VisitRecords(*(tuple(f[c]) for f in found)) for c in ids}


def _planned(visit: Visit) -> Due:
    kind = "planned" if visit.announced else "unannounced"
    joint = f", joint with {visit.joint_agency}" if visit.joint_agency else ""
    at = None
    if visit.planned_at:
        hours, minutes = (int(p) for p in visit.planned_at.split(":"))
        at = datetime(
            visit.planned_for.year, visit.planned_for.month, visit.planned_for.day,
            hours, minutes, tzinfo=UK,
        )  # fmt: skip
    return Due(
        DueKind.VISIT,
        visit.client_id,
        visit.planned_for,
        f"home visit ({kind}{joint})",
        visit.id,
        booked_at=at,
    )


def _check_in(visit: Visit) -> Due | None:
    expected = aware_utc(visit.expected_back)
    if expected is None:
        return None
    return Due(
        DueKind.CHECK_IN,
        visit.client_id,
        uk_date(expected),
        f"lone working: out on a home visit, expected back by {expected.astimezone(UK):%H:%M}",
        visit.id,
        booked_at=expected,
    )


def visit_dues(records: VisitRecords) -> list[Due]:
    """Everything the client's visits make due now."""
    notes = {n.visit_id: n for n in records.notes}
    out: list[Due] = []
    for visit in records.visits:
        note = notes.get(visit.id)
        if visit.status == PLANNED and note is None:
            out.append(_planned(visit))
        elif visit.status == OUT:
            due = _check_in(visit)
            if due is not None:
                out.append(due)
        if note is not None and note.signed_off_at is None:
            out.append(
                Due(
                    DueKind.VISIT_SIGN_OFF,
                    visit.client_id,
                    note.visited_on,
                    f"the note of the home visit of {format_uk(note.visited_on)} is not signed off",
                    note.id,
                )
            )
        elif note is None and visit.status == BACK:
            on = uk_date(aware_utc(visit.back_at) or aware_utc(visit.out_at) or visit.created_at)
            out.append(
                Due(
                    DueKind.VISIT_SIGN_OFF,
                    visit.client_id,
                    on,
                    f"the home visit of {format_uk(on)} has no note yet",
                    visit.id,
                )
            )
    signed = {n.id: n for n in records.notes if n.signed_off_at is not None}
    for a in records.actions:
        note = signed.get(a.note_id)
        if note is None:
            continue  # a draft's action is not agreed until the note is signed
        out.append(
            Due(
                DueKind.VISIT_ACTION,
                a.client_id,
                a.due_on,
                f"action agreed on the home visit of {format_uk(note.visited_on)}",
                a.id,
                note=f"{a.owner}: {a.what}",
            )
        )
    return out


def check_in_missed(due: Due, now: datetime) -> bool:
    """A check-in due whose expected return has passed at `now`: the missed return."""
    return due.kind is DueKind.CHECK_IN and due.booked_at is not None and due.booked_at < now
