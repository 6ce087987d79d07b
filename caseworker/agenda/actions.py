"""What a worker does about a due item - complete it (saying what was done), book it for a
date and time, or move it to another day (saying why) - and how those records change what
the rules say is due.

Each is a DueAction record against the item's key (its kind, the record its rule read,
the child), so it is on the trail like any other change and survives the derived table
being recomputed. Applying them (`apply_due_actions`) is pure:

- a completed item is done; if its kind comes round again (RECURRING) its rule starts
  afresh from the day it was done, as a new item whose source is the completion;
- of the open items of a recurring kind, only the one counted from the latest start is
  kept (a parental screen after a re-screen recorded done starts the rule again);
- the latest move sets the item's day (and it is overdue after its new day, not before),
  the latest booking its moment.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from caseworker.content import Protocol
from caseworker.core.dates import format_uk, naive_utc
from caseworker.core.errors import NotAllowed, NotFound
from caseworker.core.validation import PARAGRAPH, FormReader
from caseworker.diary import RECURRING, UK, Due, DueKind, due_after, overdue_after
from caseworker.store.models import Client, DueAction

COMPLETE, BOOK, MOVE = "complete", "book", "move"
# The rule a recurring item starts afresh with once done (the first child-protection
# review's successor is the 6-monthly one).
_AGAIN = {DueKind.CP_REVIEW: "cp_review_next"}


def aware(at: datetime | None) -> datetime | None:
    """A moment as an aware one (the store gives them back aware, in UTC; a row made in
    this session before it was flushed holds what was assigned)."""
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


# ---- recording -------------------------------------------------------------------------


def _action(
    session: Session, due: Due, action: str, on: date, note: str, booked_at: datetime | None = None
) -> DueAction:
    if session.get(Client, due.client_id) is None:
        raise NotFound("That client is no longer on the caseload.")
    row = DueAction(
        client_id=due.client_id,
        kind=due.kind.value,
        source_id=due.source_id,
        child_id=due.child_id,
        action=action,
        on=on,
        note=note,
        booked_at=booked_at,
    )
    session.add(row)
    return row


# Items that only a record answers: marked done by hand, the item went from the diary and
# from supervision's figures with nothing on the record, and the referral's own 48-hour
# written confirmation never came due.
ANSWERED_BY_A_RECORD = {
    DueKind.CSC_REFERRAL: (
        "A referral to children's social care is done by recording it (the client's "
        "referrals, Ctrl+B): the referral answers this item, and a verbal one starts its "
        "48 hours to confirm in writing."
    ),
}


def complete_due(session: Session, due: Due, raw: dict[str, Any], today: date) -> DueAction:
    """Done: on which day (not after today) and what was done (required). NotAllowed for
    an item only a record answers (ANSWERED_BY_A_RECORD)."""
    if due.kind in ANSWERED_BY_A_RECORD:
        raise NotAllowed(ANSWERED_BY_A_RECORD[due.kind])
    r = FormReader(raw)
    r.date("on", "Done on", required=True, kind="event", today=today,
           future="is in the future: record it once it is done")  # fmt: skip
    r.text("note", "What was done", required=True, max_len=PARAGRAPH)
    clean = r.result()
    return _action(session, due, COMPLETE, clean["on"], clean["note"])


def book_due(session: Session, due: Due, raw: dict[str, Any], today: date) -> DueAction:
    """Booked for a day (today or later) and a UK time of day; an optional note."""
    r = FormReader(raw)
    on = r.date("on", "Date", required=True, kind="planned", today=today)
    if on is not None and on < today:
        r.fail("on", "Date", "is in the past: book it for today or later")
    at = r.clock("at", "Time", required=True)
    r.text("note", "Note", max_len=PARAGRAPH)
    clean = r.result()
    assert on is not None and at is not None
    # The worker means a time on the UK clock that day; it is kept as the UTC moment.
    moment = datetime.combine(on, at, tzinfo=UK).astimezone(UTC)
    return _action(session, due, BOOK, on, clean["note"], moment)


def move_due(session: Session, due: Due, raw: dict[str, Any], today: date) -> DueAction:
    """Moved to another day (today or later), with the reason (required)."""
    r = FormReader(raw)
    on = r.date("on", "Move to", required=True, kind="planned", today=today)
    if on is not None and on < today:
        r.fail("on", "Move to", "is in the past: move it to today or later")
    if on is not None and on == due.due_on:
        r.fail("on", "Move to", f"it is already due on {format_uk(on)}")
    r.text("note", "Why", required=True, max_len=PARAGRAPH)
    clean = r.result()
    return _action(session, due, MOVE, clean["on"], clean["note"])


# ---- applying --------------------------------------------------------------------------


def _successor(due: Due, done: DueAction, protocol: Protocol) -> Due | None:
    rule_id = _AGAIN.get(due.kind, due.rule)
    if due.kind not in RECURRING or rule_id is None:
        return None
    rule = protocol.rule(rule_id)
    next_on = due_after(rule, done.on, protocol=protocol)
    late = overdue_after(rule, done.on, protocol=protocol)
    assert isinstance(next_on, date) and isinstance(late, date)
    return Due(
        due.kind,
        due.client_id,
        next_on,
        f"{rule} after the last one, recorded done on {format_uk(done.on)}",
        done.id,
        due.child_id,
        rule=rule_id,
        overdue_on=late,
    )


def apply_due_actions(
    dues: Iterable[Due], actions: Sequence[DueAction], protocol: Protocol
) -> tuple[list[Due], list[Due]]:
    """The rules' items with the worker's actions applied: (open, done)."""
    by_key: defaultdict[tuple[str, uuid.UUID, uuid.UUID | None], list[DueAction]]
    by_key = defaultdict(list)
    for a in sorted(actions, key=lambda a: naive_utc(a.created_at)):
        by_key[(a.kind, a.source_id, a.child_id)].append(a)

    open_, done = [], []
    queue = list(dues)
    while queue:
        due = queue.pop()
        acts = by_key.get((due.kind.value, due.source_id, due.child_id), [])
        completed = [a for a in acts if a.action == COMPLETE]
        if completed:
            finished = completed[-1]
            done.append(replace(due, done_on=finished.on, note=finished.note or due.note))
            after = _successor(due, finished, protocol)
            if after is not None:
                queue.append(after)
            continue
        open_.append(due)

    # One open item per recurring kind (and child): the one counted from the latest start,
    # which is the one with the latest date from the same rule.
    latest: dict[tuple[DueKind, uuid.UUID | None], Due] = {}
    kept = []
    for due in open_:
        if due.kind in RECURRING:
            slot = (due.kind, due.child_id)
            if slot not in latest or due.due_on > latest[slot].due_on:
                latest[slot] = due
        else:
            kept.append(due)
    kept += latest.values()

    out = []
    for due in kept:
        acts = by_key.get((due.kind.value, due.source_id, due.child_id), [])
        moves = [a for a in acts if a.action == MOVE]
        books = [a for a in acts if a.action == BOOK]
        if moves:
            m = moves[-1]
            note = f"moved from {format_uk(due.due_on)}: {m.note}"
            due = replace(
                due,
                due_on=m.on,
                overdue_on=m.on,
                moved_from=due.due_on,
                note=f"{due.note} · {note}" if due.note else note,
            )
        if books:
            b = books[-1]
            due = replace(
                due,
                booked_at=aware(b.booked_at),
                note=" · ".join(x for x in (due.note, b.note) if x),
            )
        out.append(due)
    return out, done
