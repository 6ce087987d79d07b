"""The stored due-item table, derived from the rules (caseworker.agenda.gather).

Registered with caseworker.store.derived when this package is imported: a change to a
client, a child or a screening recomputes that client's items before the transaction
commits; a changed protocol or RULES_VERSION recomputes everyone on the next open. The
recomputation compares with what is stored and writes only the difference, so an
unchanged item writes nothing (and leaves nothing on the trail).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import asdict
from typing import Any, TypeVar
from typing import Protocol as TypingProtocol

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

import caseworker.content.protocol as protocol_file
from caseworker.agenda.actions import aware
from caseworker.agenda.gather import RULES_VERSION, dues_for
from caseworker.assessment import ASSESSMENT_TABLES, AssessmentRecords, assessment_records
from caseworker.diary import COUNTED_DOWN, Due, DueKind, soonest_first
from caseworker.referrals import REFERRAL_TABLES, ReferralRecords, referral_records
from caseworker.store.derived import Derivation, register
from caseworker.store.models import (
    ChildRecord,
    Client,
    DueAction,
    DueItem,
    Meeting,
    MeetingAction,
    Screening,
)
from caseworker.supervision.dues import TABLES as SUPERVISION_TABLES
from caseworker.supervision.dues import SupervisionRecords, supervision_records
from caseworker.visits import VISIT_TABLES, VisitRecords, visit_records

NAME = "due_items"
# The tables the rules read (gather.dues_for's arguments).
FEEDS = frozenset(
    {"client", "child", "screening", "meeting", "meeting_action", "due_action"}
    | ASSESSMENT_TABLES
    | VISIT_TABLES
    | REFERRAL_TABLES
    | SUPERVISION_TABLES
)
assert FEEDS <= SQLModel.metadata.tables.keys(), "a feed names no table"
_CHUNK = 500  # clients per query: bounded IN lists and memory on a big caseload


class _OfClient(TypingProtocol):
    client_id: uuid.UUID


R = TypeVar("R", bound=_OfClient)


def fingerprint() -> str:
    """The rules' version and every protocol setting they may read, as one digest."""
    body = {"rules": RULES_VERSION, "protocol": asdict(protocol_file.load_protocol())}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _by_client(rows: Iterable[R]) -> defaultdict[uuid.UUID, list[R]]:
    out: defaultdict[uuid.UUID, list[R]] = defaultdict(list)
    for row in rows:
        out[row.client_id].append(row)
    return out


def _of_clients(
    session: Session, table: type[Meeting] | type[MeetingAction] | type[DueAction], ids: list
) -> defaultdict[uuid.UUID, list[Any]]:
    return _by_client(session.scalars(select(table).where(col(table.client_id).in_(ids))))


def refresh(session: Session, client_ids: Collection[uuid.UUID]) -> None:
    """Recompute these clients' stored items from their records and the protocol."""
    protocol = protocol_file.load_protocol()
    ids = sorted(set(client_ids), key=str)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        clients = {
            c.id: c for c in session.scalars(select(Client).where(col(Client.id).in_(chunk)))
        }
        children = _by_client(
            session.scalars(select(ChildRecord).where(col(ChildRecord.client_id).in_(chunk)))
        )
        screenings = _by_client(
            session.scalars(
                select(Screening).where(
                    col(Screening.client_id).in_(chunk), col(Screening.status) == "complete"
                )
            )
        )
        meetings = _of_clients(session, Meeting, chunk)
        meeting_actions = _of_clients(session, MeetingAction, chunk)
        due_actions = _of_clients(session, DueAction, chunk)
        assessments = assessment_records(session, chunk)
        visits = visit_records(session, chunk)
        referrals = referral_records(session, chunk)
        supervision = supervision_records(session, chunk)
        stored = _by_client(
            session.scalars(select(DueItem).where(col(DueItem.client_id).in_(chunk)))
        )
        for client_id in chunk:
            client = clients.get(client_id)
            wanted = (
                []
                if client is None
                else dues_for(
                    client,
                    children[client_id],
                    screenings[client_id],
                    protocol,
                    meetings=meetings[client_id],
                    meeting_actions=meeting_actions[client_id],
                    due_actions=due_actions[client_id],
                    assessment=assessments.get(client_id, AssessmentRecords()),
                    visits=visits.get(client_id, VisitRecords()),
                    referrals=referrals.get(client_id, ReferralRecords()),
                    supervision=supervision.get(client_id, SupervisionRecords()),
                )
            )
            _apply(session, client_id, wanted, stored[client_id])


def _apply(
    session: Session, client_id: uuid.UUID, wanted: list[Due], stored: list[DueItem]
) -> None:
    """Make the stored rows say what `wanted` says, touching only what differs."""
    spare: defaultdict[tuple[str, uuid.UUID | None], list[DueItem]] = defaultdict(list)
    for row in stored:
        spare[(row.kind, row.child_id)].append(row)
    for due in wanted:
        rows = spare[(due.kind.value, due.child_id)]
        # The row already saying this, else any row of its kind (updated: one trail event
        # that shows the date moving), else a new row.
        same = [r for r in rows if (r.due_on, r.source_id) == (due.due_on, due.source_id)]
        ours = [r for r in rows if r.source_id == due.source_id]
        candidates = same or ours or rows
        if not candidates:
            session.add(
                DueItem(
                    client_id=client_id,
                    child_id=due.child_id,
                    kind=due.kind.value,
                    due_on=due.due_on,
                    reason=due.reason,
                    source_id=due.source_id,
                    **_extras(due),
                )
            )
            continue
        row = candidates[0]
        rows.remove(row)
        says = {"due_on": due.due_on, "reason": due.reason, "source_id": due.source_id}
        for name, value in (says | _extras(due)).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    for rows in spare.values():
        for row in rows:
            session.delete(row)


def _extras(due: Due) -> dict[str, Any]:
    return {
        "rule": due.rule,
        "overdue_on": due.overdue_on or due.due_on,
        "warn_on": due.warn_on,
        "booked_at": due.booked_at,
        "moved_from": due.moved_from,
        "note": due.note,
    }


register(Derivation(NAME, FEEDS, refresh, fingerprint))


# ---- reading ---------------------------------------------------------------------------


def as_due(row: DueItem) -> Due | None:
    # Every row has a known kind and a source once recomputed (which the first session
    # after this package is imported makes sure of); anything else is not ours to show.
    if row.kind not in DueKind._value2member_map_ or row.source_id is None:
        return None
    return Due(
        DueKind(row.kind),
        row.client_id,
        row.due_on,
        row.reason,
        row.source_id,
        row.child_id,
        rule=row.rule,
        overdue_on=row.overdue_on if row.overdue_on != row.due_on else None,
        warn_on=row.warn_on,
        booked_at=aware(row.booked_at),
        moved_from=row.moved_from,
        note=row.note,
    )


def due_items(session: Session, client_id: uuid.UUID) -> list[Due]:
    """The client's due items, soonest first."""
    stmt = select(DueItem).where(col(DueItem.client_id) == client_id)
    return soonest_first(d for d in map(as_due, session.scalars(stmt)) if d is not None)


def every_due_item(session: Session) -> list[Due]:
    """Every open item of the caseload, soonest first (a closed case has none)."""
    return soonest_first(d for d in map(as_due, session.scalars(select(DueItem))) if d is not None)


def next_due(session: Session, client_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Due]:
    """Each client's soonest item (clients with nothing due are left out); a written
    confirmation of a verbal CSC referral first, whatever else is due: it is counted in
    hours, and its countdown is what the caseload must show."""
    if not client_ids:
        return {}
    stmt = select(DueItem).where(col(DueItem.client_id).in_(list(client_ids)))
    out: dict[uuid.UUID, Due] = {}
    dues = soonest_first(d for d in map(as_due, session.scalars(stmt)) if d is not None)
    for due in sorted(dues, key=lambda d: d.kind not in COUNTED_DOWN):  # stable: soonest
        out.setdefault(due.client_id, due)
    return out
