"""Replaying the trail: does it account for every row in the database, as it is now?

The chain (caseworker.store.trail) proves the trail was not edited. It cannot see a change
made around the app: with the key, anyone can UPDATE, DELETE or INSERT a row directly,
and the before_flush hook never runs. So `caseworker check` replays the trail's create,
update and delete events and compares the result with every current row.

What the events carry, and so what can be replayed:

- ``create``: every column of the new row, except the bookkeeping ones (``BOOKKEEPING``)
  and the id, with the ones left empty (None, False, "", [], {}) left out. A left-out
  column therefore replays as "empty": a row is checked from this first full snapshot,
  in every release so far.
- ``update``: each changed column, ``{"from": old, "to": new}``.
- ``delete``: nothing but the id.

Bookkeeping is not replayed: the stamps (who and when, set by the hook), the search and
sort keys (derived from the names) and a version counter (for concurrent saves) are not
in the events. A column the events do not know (dropped since, or added by a migration
with an empty default) is compared only from the first event that sets it.

Fast, and in little memory, for 50,000 clients: it runs inside `verify_chain`'s one pass
over the trail, on the values the chain hash has already parsed, and keeps one number per
record, not the record: the sum of a hash of each (column, value). An update subtracts the
term of its "from" and adds that of its "to"; a delete forgets the record. The rows are
then read as the driver returns them and summed the same way. Only a record whose sums
differ is looked at again (``name_differences``): its events are replayed in full, to say
which column, never the value (client data stays in the database).

The hash is Python's own (SipHash, keyed afresh in every process), truncated to 64 bits:
it is not a signature, but nobody can choose a change whose sum matches without knowing
the key of the process that will check it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Table, Uuid, type_coerce
from sqlalchemy import select as sa_select
from sqlalchemy.types import NullType

from caseworker.store import models  # noqa: F401 - every table registered
from caseworker.store.models import Record, TrailEvent
from caseworker.store.trail import BOOKKEEPING

_MASK = (1 << 64) - 1
_REPLAYED = ("create", "update", "delete")
# How many records a failed check names one by one (the rest are counted).
NAMED = 20

Progress = Callable[[int, int], None]


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    return value


_EMPTY_KINDS = (str, list, dict)


def _empty(value: Any) -> bool:
    # Exactly what the trail's hook leaves out of a create (0 is a real answer, False not).
    return not value and (value is None or value is False or type(value) in _EMPTY_KINDS)


def _term(name: str, value: Any) -> int:
    # The hot path of `check` (once per column of every event and every row): kept flat.
    if not value and (value is None or value is False or type(value) in _EMPTY_KINDS):
        return 0
    kind = type(value)
    if kind is list or kind is dict:
        value = _hashable(value)
    return hash((name, value))


# ---- the rows as the driver returns them, in the events' (JSON) form ---------------------


def _uuid(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32:  # SQLite: UUID.hex
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _bool(value: Any) -> bool | None:
    return True if value else None  # False is "empty", as in the events


def _date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _datetime(value: Any) -> Any:
    if value is None:
        return None
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at if at.utcoffset() is None else at.astimezone(UTC).replace(tzinfo=None)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _is_moment(kind: Any) -> bool:
    # sqlmodel declares a model's datetime as UTCDateTime, a TypeDecorator over DateTime
    # (not a DateTime itself): without looking through it, every moment a record holds
    # (a booking, a signature) would read as changed outside the app.
    return isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime)


def _converter(column: Any) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, Uuid):
        return _uuid
    if isinstance(kind, Boolean):
        return _bool
    if _is_moment(kind):
        return _datetime
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, JSON):
        return _json
    return None  # text and numbers come back as they went in


def _event_value(column: Any, value: Any) -> Any:
    """An event's value in the form the rows are compared in (DateTime needs parsing)."""
    if _is_moment(column.type) and isinstance(value, str):
        return _datetime(value)
    return value


@dataclass(frozen=True)
class _Table:
    table: Table
    columns: tuple[str, ...]  # replayed, in select order after the id
    converters: tuple[Callable[[Any], Any] | None, ...]

    @property
    def name(self) -> str:
        return self.table.name


def replayed_tables() -> dict[str, _Table]:
    """Every table whose rows the trail's hook records (the Record tables)."""
    found: dict[str, _Table] = {}
    stack = list(Record.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        table = getattr(cls, "__table__", None)
        if table is None or table.name in found:
            continue
        cols = [c for c in table.columns if c.name != "id" and c.name not in BOOKKEEPING]
        found[table.name] = _Table(
            table, tuple(c.name for c in cols), tuple(_converter(c) for c in cols)
        )
    return found


def _rows(conn: Connection, spec: _Table) -> Iterator[Any]:
    cols = [spec.table.c.id, *(spec.table.c[name] for name in spec.columns)]
    stmt = sa_select(*(type_coerce(c, NullType()).label(c.name) for c in cols))
    result = conn.execution_options(yield_per=2000).execute(stmt)
    try:
        yield from result
    finally:
        result.close()


# ---- what was found ---------------------------------------------------------------------


@dataclass
class Difference:
    """One record the trail does not account for, in words that hold no client data."""

    table: str
    record_id: str
    what: str  # "added outside the app", "columns differ from the trail: status", ...

    def __str__(self) -> str:
        return f"{self.table} {self.record_id}: {self.what}"


@dataclass
class ReplayReport:
    records: int = 0
    differences: list[Difference] = field(default_factory=list)
    more: int = 0  # differences found but not named one by one

    @property
    def ok(self) -> bool:
        return not self.differences and not self.more


class Replay:
    """Fed every event by ``verify_chain``, oldest first; then ``compare`` with the rows."""

    def __init__(self) -> None:
        self.tables = replayed_tables()
        # table -> record id (as in the events) -> the sum of its (column, value) terms
        self.sums: dict[str, dict[str, int]] = {name: {} for name in self.tables}
        self._known = {name: frozenset(t.columns) for name, t in self.tables.items()}
        self._datetimes = {
            name: {c.name: c for c in t.table.columns if _is_moment(c.type)}
            for name, t in self.tables.items()
        }

    def event(self, action: str, entity: str, entity_id: str, changes: Any) -> None:
        sums = self.sums.get(entity)
        if sums is None or action not in _REPLAYED:
            return  # opened, exported, backed up...: no row changed
        if action == "delete":
            sums.pop(entity_id, None)
            return
        known = self._known[entity]
        timed = self._datetimes[entity]
        term = _term
        if action == "create":
            total = 0
            for name, value in changes.items():
                if name in known:
                    if timed and name in timed:
                        value = _event_value(timed[name], value)
                    total += term(name, value)
            sums[entity_id] = total & _MASK
            return
        total = sums.get(entity_id, 0)
        for name, value in changes.items():
            if name not in known:
                continue
            if isinstance(value, dict):
                old, new = value.get("from"), value.get("to")
                if name in timed:
                    old, new = _event_value(timed[name], old), _event_value(timed[name], new)
                total += _term(name, new) - _term(name, old)
        sums[entity_id] = total & _MASK

    def compare(self, conn: Connection, progress: Progress | None = None) -> ReplayReport:
        """Every current row against the replayed sums (reads each replayed table once)."""
        report = ReplayReport()
        expected = sum(len(s) for s in self.sums.values())
        suspects: list[tuple[str, str, str]] = []  # (table, id, why)
        done = 0
        for name, spec in self.tables.items():
            sums = self.sums[name]
            cols = spec.columns
            convs = spec.converters
            pairs = tuple(zip(cols, convs, strict=True))
            term = _term
            for row in _rows(conn, spec):
                done += 1
                record_id = _uuid(row[0]) or ""
                total = 0
                for (column, conv), value in zip(pairs, row[1:], strict=True):
                    total += term(column, value if conv is None else conv(value))
                replayed = sums.pop(record_id, None)
                if replayed is None:
                    suspects.append((name, record_id, "added outside the app (no event made it)"))
                elif replayed != total & _MASK:
                    suspects.append((name, record_id, ""))
                if progress is not None and done % 5000 == 0:
                    progress(min(done, expected), max(expected, done))
            for record_id in sums:
                suspects.append((name, record_id, "deleted outside the app (no event removed it)"))
            sums.clear()
        if progress is not None:
            progress(max(expected, done), max(expected, done))
        report.records = done
        named, report.more = suspects[:NAMED], max(0, len(suspects) - NAMED)
        changed = [(t, r) for t, r, why in named if not why]
        said = name_differences(conn, self.tables, changed) if changed else {}
        for table, record_id, why in named:
            what = why or said[(table, record_id)]
            report.differences.append(Difference(table, record_id, what))
        return report


def name_differences(
    conn: Connection, tables: dict[str, _Table], records: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """For records whose sums differ: replay their events in full and say what differs
    from the row: each column by name (or whose "from" was not what the trail had left
    there: a change made around the app and later changed again in the app)."""
    wanted = set(records)
    ids = sorted({record_id for _, record_id in wanted})
    events = TrailEvent.metadata.tables[TrailEvent.__tablename__]
    stmt = (
        sa_select(events.c.action, events.c.entity, events.c.entity_id, events.c.changes)
        .where(events.c.entity_id.in_(ids), events.c.action.in_(_REPLAYED))
        .order_by(events.c.seq)
    )
    state: dict[tuple[str, str], dict[str, Any]] = {}
    found: dict[tuple[str, str], set[str]] = {key: set() for key in wanted}
    for action, entity, entity_id, changes in conn.execute(stmt):
        key = (entity, entity_id)
        if key not in wanted:
            continue
        known = {c: tables[entity].table.c[c] for c in tables[entity].columns}
        if action == "delete":
            state.pop(key, None)
            continue
        if action == "create":
            state[key] = {}
        values = state.get(key)
        if values is None:
            continue  # changed, but never made: said below
        for name, value in (changes or {}).items():
            if name not in known:
                continue
            if action == "create":
                values[name] = _event_value(known[name], value)
                continue
            if not isinstance(value, dict):
                continue
            old = _event_value(known[name], value.get("from"))
            if _term(name, old) != _term(name, values.get(name)):
                found[key].add(name)
            values[name] = _event_value(known[name], value.get("to"))
    said: dict[tuple[str, str], str] = {}
    for key in wanted:
        table, record_id = key
        spec = tables[table]
        cols = [spec.table.c[c] for c in spec.columns]
        by_id = spec.table.c.id == uuid.UUID(record_id)
        row = conn.execute(
            sa_select(*(type_coerce(c, NullType()).label(c.name) for c in cols)).where(by_id)
        ).first()
        values = state.get(key)
        if row is None or values is None:
            said[key] = "the trail has changes to it but no event that made it"
            continue
        for i, name in enumerate(spec.columns):
            conv = spec.converters[i]
            now = conv(row[i]) if conv is not None else row[i]
            if _term(name, now) != _term(name, values.get(name)):
                found[key].add(name)
        names = ", ".join(sorted(found[key])) or "a column the trail cannot name"
        said[key] = f"changed outside the app: {names}"
    return said
