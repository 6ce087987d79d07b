"""What supervision makes due: each action agreed in a signed-off session, by its own date,
in the diary of the client it is about (the agenda gathers it with every other rule).

An action of a session still in progress is not agreed yet (the supervisor may change it
until signing off), so it is not due: the same rule as a home visit's note.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.dates import format_uk
from caseworker.diary import Due, DueKind
from caseworker.store.models import SupervisionAction, SupervisionCase, SupervisionSession

# The tables this rule reads. A session has no client: signing one off marks its clients
# stale itself (sessions.sign_off, store.derived.touch).
TABLES = frozenset({"supervision_action", "supervision_case"})


@dataclass(frozen=True)
class AgreedAction:
    action: SupervisionAction
    held_on: object  # the session's date (a date)


@dataclass(frozen=True)
class SupervisionRecords:
    """One client's actions agreed in signed-off supervision sessions."""

    actions: Sequence[AgreedAction] = ()


def supervision_records(
    session: Session, client_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, SupervisionRecords]:
    ids = list(client_ids)
    found: defaultdict[uuid.UUID, list[AgreedAction]] = defaultdict(list)
    rows = session.execute(
        select(SupervisionAction, col(SupervisionSession.held_on))
        .join(SupervisionSession, col(SupervisionSession.id) == col(SupervisionAction.session_id))
        .join(SupervisionCase, col(SupervisionCase.id) == col(SupervisionAction.case_id))
        .where(
            col(SupervisionAction.client_id).in_(ids),
            col(SupervisionSession.signed_off_at).is_not(None),
            # A case begun but never marked discussed decided nothing: its actions are not
            # agreed, whatever was typed.
            col(SupervisionCase.discussed).is_(True),
        )
    )
    for action, held_on in rows:
        found[action.client_id].append(AgreedAction(action, held_on))
    return {c: SupervisionRecords(tuple(found[c])) for c in ids}


def supervision_dues(records: SupervisionRecords) -> list[Due]:
    return [
        Due(
            DueKind.SUPERVISION_ACTION,
            a.action.client_id,
            a.action.due_on,
            f"action agreed in supervision on {format_uk(a.held_on)}",  # type: ignore[arg-type]
            a.action.id,
            note=f"{a.action.owner}: {a.action.what}",
        )
        for a in records.actions
    ]
