"""The client's timeline: everything recorded about them, newest first, from the trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.people.access import OPENED, OPENED_SUMMARY
from caseworker.store.models import TrailEvent, Worker

_ENTITY_LABELS = {
    "client": "client record",
    "child": "child",
    "householdmember": "household member",
    "networkcontact": "professional contact",
    "consent": "consent",
    "clientalias": "alias",
    "addresshistory": "address history",
    "dueitem": "due item",
    "meeting": "meeting",
    "meeting_action": "agreed action",
    "due_action": "diary entry",
    "referral": "referral",
    "referral_chase": "referral chase",
    "referral_child": "child of a referral",
}
# What a worker did about a due item (a due_action's "action"), in the history's words.
_DUE_ACTIONS = {"complete": "Recorded as done", "book": "Booked", "move": "Moved"}
_ACTION_LABELS = {"create": "Added", "update": "Changed", "delete": "Removed"}


@dataclass
class TimelineEntry:
    at: datetime
    worker: str
    text: str


def _describe(ev: TrailEvent) -> str:
    if ev.summary:
        return ev.summary
    what = _ENTITY_LABELS.get(ev.entity, ev.entity)
    verb = _ACTION_LABELS.get(ev.action, ev.action.capitalize())
    if ev.action == "update" and ev.changes:
        fields = ", ".join(k.replace("_", " ") for k in sorted(ev.changes))
        return f"{verb} {what}: {fields}"
    if ev.action == "create" and ev.entity == "due_action":
        done = _DUE_ACTIONS.get(str(ev.changes.get("action")), "Noted")
        return f"{done}: {str(ev.changes.get('kind', '')).replace('_', ' ')}"
    if ev.action == "create" and ev.entity == "meeting":
        return f"Meeting recorded: {str(ev.changes.get('kind', '')).replace('_', ' ')}"
    if ev.action == "create":
        name = (
            ev.changes.get("given_name")
            or ev.changes.get("agency")
            or ev.changes.get("recipient")
            or ev.changes.get("name")
            or ev.changes.get("alias")
            or ev.changes.get("title")
        )
        if ev.entity == "child" and not name and ev.changes.get("unborn"):
            name = "unborn baby"
        return f"{verb} {what}" + (f": {name}" if name else "")
    return f"{verb} {what}"


def timeline_for(
    session: Session, client_id: uuid.UUID, *, limit: int = 200
) -> list[TimelineEntry]:
    stmt = (
        select(TrailEvent, col(Worker.name))
        .outerjoin(Worker, col(Worker.id) == col(TrailEvent.worker_id))
        .where(TrailEvent.client_id == client_id)
        .order_by(col(TrailEvent.seq).desc())
        .limit(limit)
    )
    entries: list[TimelineEntry] = []
    run: list[datetime] = []  # the times of the openings folded into entries[-1]
    for ev, name in session.execute(stmt):
        worker = name or "system"
        last = entries[-1] if entries else None
        if ev.action == OPENED and run and last is not None and last.worker == worker:
            # Openings one after another by the same worker say one thing: who looked,
            # how often, since when. Each stays on the trail; the History folds them so
            # that what was changed is not pushed off the list by who looked.
            run.append(ev.at)
            last.text = f"{OPENED_SUMMARY} ({len(run)} times since {run[-1]:%d/%m/%Y %H:%M})"
            continue
        run = [ev.at] if ev.action == OPENED else []
        entries.append(TimelineEntry(ev.at, worker, _describe(ev)))
    return entries
