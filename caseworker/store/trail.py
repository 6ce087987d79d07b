"""The trail: every change, export and backup, hash-chained and written in the same
transaction as the change itself.

A ``before_flush`` hook sees every new, changed and deleted record in a session
and appends one TrailEvent per record, so no code path can change data without
leaving a trace. It also stamps created_by/updated_by/updated_at from the
session's current worker (``session.info["worker_id"]``).

The chain: each event's hash covers the previous event's hash and its own
canonical content. ``verify_chain`` recomputes it; any edited, inserted or
deleted row breaks it from that point on.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.store.models import Record, TrailEvent, client_of, utcnow

GENESIS = "0" * 64
_CHAIN_LOCK = 0x63617365  # an arbitrary advisory-lock key ("case") for the trail
# Fields that are bookkeeping, not content: left out of "what changed".
_STAMPS = {"created_at", "updated_at", "created_by", "updated_by", "search_text", "sort_key"}


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def event_digest(prev_hash: str, ev: TrailEvent) -> str:
    body = {
        "seq": ev.seq,
        "id": str(ev.id),
        "at": ev.at.isoformat(),
        "worker_id": str(ev.worker_id) if ev.worker_id else None,
        "action": ev.action,
        "entity": ev.entity,
        "entity_id": ev.entity_id,
        "client_id": str(ev.client_id) if ev.client_id else None,
        "summary": ev.summary,
        "changes": ev.changes,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def chain_head(session: Session) -> tuple[int, str] | None:
    """The newest event's number and hash (None for an empty trail)."""
    seq = col(TrailEvent.seq)
    row = session.execute(select(seq, col(TrailEvent.hash)).order_by(seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def _chain_head(session: Session) -> tuple[int, str]:
    cached = session.info.get("_trail_head")
    if cached is not None:
        return cached
    with session.no_autoflush:
        if session.get_bind().dialect.name == "postgresql":
            # Several workers on one server: serialise appends to the chain until this
            # transaction ends, or two would take the same seq (one save would fail).
            # SQLite needs nothing: it allows one writer at a time anyway.
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
        return chain_head(session) or (0, GENESIS)


def append_event(
    session: Session,
    action: str,
    entity: str,
    *,
    entity_id: str = "",
    client_id: uuid.UUID | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> TrailEvent:
    """Add one chained event to the session (it commits with the caller's transaction)."""
    seq, prev = _chain_head(session)
    ev = TrailEvent(
        seq=seq + 1,
        at=utcnow(),
        worker_id=session.info.get("worker_id"),
        action=action,
        entity=entity,
        entity_id=entity_id,
        client_id=client_id,
        summary=summary,
        changes=jsonable(changes or {}),
        prev_hash=prev,
        hash="",
    )
    ev.hash = event_digest(prev, ev)
    session.info["_trail_head"] = (ev.seq, ev.hash)
    session.add(ev)
    return ev


def _table_name(obj: Record) -> str:
    return inspect(obj).mapper.local_table.name


def _columns(obj: Record) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs]


@event.listens_for(Session, "before_flush")
def _trail_before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    worker = session.info.get("worker_id")
    now = utcnow()
    for obj in list(session.new):
        if not isinstance(obj, Record):
            continue
        obj.created_by = obj.created_by or worker
        obj.updated_by = obj.updated_by or worker
        values = {k: getattr(obj, k) for k in _columns(obj) if k not in _STAMPS and k != "id"}
        append_event(
            session,
            "create",
            _table_name(obj),
            entity_id=str(obj.id),
            client_id=client_of(obj),
            # Leave out what was not filled in (keeping 0, which is a real answer).
            changes={
                k: v
                for k, v in values.items()
                if not (v is None or v is False or (isinstance(v, str | list | dict) and not v))
            },
        )
    for obj in list(session.dirty):
        if not isinstance(obj, Record) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        changes = {}
        for key in _columns(obj):
            if key in _STAMPS:
                continue
            hist = state.attrs[key].history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old != new:
                    changes[key] = {"from": old, "to": new}
        if not changes:
            continue
        obj.updated_at = now
        obj.updated_by = worker
        append_event(
            session,
            "update",
            _table_name(obj),
            entity_id=str(obj.id),
            client_id=client_of(obj),
            changes=changes,
        )
    for obj in list(session.deleted):
        if isinstance(obj, Record):
            append_event(
                session,
                "delete",
                _table_name(obj),
                entity_id=str(obj.id),
                client_id=client_of(obj),
            )


@event.listens_for(Session, "after_rollback")
def _forget_head(session: Session) -> None:
    session.info.pop("_trail_head", None)


@event.listens_for(Session, "after_commit")
def _forget_head_after_commit(session: Session) -> None:
    # Another connection may append next; re-read the head at the next flush.
    session.info.pop("_trail_head", None)


@dataclass
class ChainReport:
    events: int
    first_bad_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def _iter_events(session: Session) -> Iterator[TrailEvent]:
    stmt = select(TrailEvent).order_by(col(TrailEvent.seq)).execution_options(yield_per=1000)
    for (ev,) in session.execute(stmt):
        yield ev


def verify_chain(session: Session) -> ChainReport:
    prev = GENESIS
    expected_seq = 1
    count = 0
    for ev in _iter_events(session):
        count += 1
        if ev.seq != expected_seq:
            return ChainReport(count, ev.seq, f"event {expected_seq} is missing")
        if ev.prev_hash != prev:
            return ChainReport(count, ev.seq, f"event {ev.seq} does not follow event {ev.seq - 1}")
        if event_digest(prev, ev) != ev.hash:
            return ChainReport(count, ev.seq, f"event {ev.seq} was altered after it was written")
        prev = ev.hash
        expected_seq += 1
    return ChainReport(count)
