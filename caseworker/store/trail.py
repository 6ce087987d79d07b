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
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import Connection, Result, event, func, inspect, text, type_coerce
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType
from sqlmodel import col, select

from caseworker.store.models import Record, TrailEvent, client_of, utcnow

GENESIS = "0" * 64
# The action of the event that says the anchor (caseworker.store.anchor) is kept from now on.
ANCHOR_ACTION = "anchor"
_CHAIN_LOCK = 0x63617365  # an arbitrary advisory-lock key ("case") for the trail
# Fields that are bookkeeping, not content: left out of "what changed".
# (version is SQLAlchemy's concurrency counter, set during the flush: a stamp too.)
_STAMPS = {
    "created_at", "updated_at", "created_by", "updated_by", "search_text", "sort_key",
    "version",
}  # fmt: skip
# Columns the replay (caseworker.store.replay) does not compare: the stamps, the version
# counter among them.
BOOKKEEPING = frozenset(_STAMPS)


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


# What json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False) does,
# without building a new encoder for every event.
_canonical_json = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _digest(prev_hash: str, body: dict[str, Any]) -> str:
    canonical = _canonical_json(body)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


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
    return _digest(prev_hash, body)


def short_hash(digest: str) -> str:
    """The chain head as people compare it (written down, read out, in an export)."""
    return digest[:12]


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
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
        else:
            # SQLite allows one writer at a time, but the driver begins the transaction only
            # at its first write: the head read before it could be one another connection
            # (a worker thread, another window) moves on before this one writes, and both
            # would take the same seq. A write that changes nothing takes the write lock
            # first (waiting for the other to commit), so the head read is the real one.
            session.execute(text("UPDATE trail_event SET seq = seq WHERE 0"))
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
    head: str = ""  # the newest event's hash, when the whole chain is sound

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


# ---- checking the chain ---------------------------------------------------------------
#
# `caseworker check` reads the whole trail, so it reads rows as the driver returns them
# (no ORM objects, no column types) and rebuilds each event's canonical form from them.
# The result is byte-for-byte the body `event_digest` hashes, as the ORM would load it.

CHAIN_COLUMNS = (
    "seq",
    "id",
    "at",
    "worker_id",
    "action",
    "entity",
    "entity_id",
    "client_id",
    "summary",
    "changes",
    "prev_hash",
    "hash",
)

ChainProgress = Callable[[int, int], None]


# The forms SQLAlchemy writes on SQLite. A value in exactly that form is rewritten as the
# ORM would load and print it, without parsing; any other is parsed as the ORM would.
_SQLITE_UUID = re.compile(r"[0-9a-f]{32}")  # UUID.hex
_SQLITE_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}")


def _uuid_text(value: Any) -> str:
    """A UUID column as str(UUID): from SQLite's 32 hex digits, or the UUID (or its
    text) PostgreSQL's driver returns."""
    if isinstance(value, str) and _SQLITE_UUID.fullmatch(value):
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


@lru_cache(maxsize=4096)
def _ref_text(value: Any) -> str:
    # worker_id and client_id repeat from one event to the next: parse each once.
    return _uuid_text(value)


def _at_text(value: Any) -> str:
    """``at`` as the ORM's column type reads it, in ISO form: SQLite's text parsed as
    SQLAlchemy does (fromisoformat), a time without an offset taken as UTC, any other
    turned into UTC."""
    if isinstance(value, str) and _SQLITE_AT.fullmatch(value):
        # "YYYY-MM-DD HH:MM:SS.ffffff" (UTC), as isoformat() writes it: with a T and an
        # offset, and without a zero fraction. (An impossible date here, such as month
        # 13, gives a text no real time has, so it fails the hash as the ORM would fail.)
        clock = value[11:19] if value.endswith(".000000") else value[11:]
        return f"{value[:10]}T{clock}+00:00"
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    at = at.replace(tzinfo=UTC) if at.utcoffset() is None else at.astimezone(UTC)
    return at.isoformat()


def row_digest(prev_hash: str, row: Sequence[Any]) -> str:
    """The hash of one event from its raw column values (in ``CHAIN_COLUMNS`` order);
    equal to ``event_digest`` of the same event loaded by the ORM.

    Raises ValueError or TypeError for a value the ORM could not have loaded either."""
    return _digest(prev_hash, _row_body(row))


def _row_body(row: Sequence[Any]) -> dict[str, Any]:
    seq, id_, at, worker_id, action, entity, entity_id, client_id, summary, changes = row[:10]
    return {
        "seq": seq,
        "id": _uuid_text(id_),
        "at": _at_text(at),
        "worker_id": None if worker_id is None else _ref_text(worker_id),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "client_id": None if client_id is None else _ref_text(client_id),
        "summary": summary,
        # SQLite returns the stored JSON text; PostgreSQL's driver has parsed it already.
        "changes": json.loads(changes) if isinstance(changes, str | bytes) else changes,
    }


def _chain_rows(conn: Connection, batch: int) -> Result[*tuple[Any, ...]]:
    table = TrailEvent.metadata.tables[TrailEvent.__tablename__]
    # Coerced to NullType: no result processing, the driver's own values come back.
    cols = [type_coerce(table.c[name], NullType()).label(name) for name in CHAIN_COLUMNS]
    stmt = sa_select(*cols).order_by(table.c.seq)
    return conn.execution_options(yield_per=batch).execute(stmt)


class EventSink(Protocol):
    """What follows the chain event by event (caseworker.store.replay.Replay)."""

    def event(self, action: str, entity: str, entity_id: str, changes: Any) -> None: ...


def verify_chain(
    source: Session | Connection,
    progress: ChainProgress | None = None,
    *,
    every: int = 5000,
    replay: EventSink | None = None,
) -> ChainReport:
    """Recompute the whole chain, oldest event first; stop at the first that does not fit.

    ``progress(done, total)`` is called every ``every`` events and once at the end;
    ``total`` is the newest event's number (the count, if none is missing). ``replay``
    is given each sound event's action, entity, id and parsed changes, in order."""
    conn = source.connection() if isinstance(source, Session) else source
    seq_col = TrailEvent.metadata.tables[TrailEvent.__tablename__].c.seq
    total = conn.execute(sa_select(func.max(seq_col))).scalar() or 0
    prev = GENESIS
    count = 0
    rows = _chain_rows(conn, batch=2000)
    try:
        for row in rows:
            count += 1
            seq = row[0]
            if seq != count:
                return ChainReport(count, seq, f"event {count} is missing")
            if row[10] != prev:
                return ChainReport(count, seq, f"event {seq} does not follow event {seq - 1}")
            try:
                body = _row_body(row)
                digest = _digest(prev, body)
            except (ValueError, TypeError):  # a value no longer in the form it was written
                digest = ""
            if digest != row[11]:
                return ChainReport(count, seq, f"event {seq} was altered after it was written")
            prev = row[11]
            if replay is not None:
                replay.event(row[4], row[5], row[6], body["changes"])

            if progress is not None and count % every == 0:
                progress(count, total)
    finally:
        rows.close()
    if progress is not None:
        progress(count, max(count, total))
    return ChainReport(count, head=prev if count else "")
