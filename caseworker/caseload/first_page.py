"""The caseload's first page (open cases, no search) and the service's name, read with
the raw SQLCipher driver before the ORM is loaded: the app draws the caseload from this
while SQLAlchemy and the models load behind it, then pages with page.fetch_page.

The same rows as fetch_page's first page, in the same order, with the same counts, next
due item and flags (a test compares the two on one caseload). The SQL is page.py's for
the "open" filter, written out; if the schema is not the head revision this code knows,
nothing is read here and the app waits for the ORM (which migrates).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from caseworker.caseload.listing import HELP_SEVERITY, PAGE_SIZE, CaseloadPage, CaseloadRow, Cursor
from caseworker.diary import Due, DueKind, soonest_first
from caseworker.people import client_flags

# page._conditions("open", "", today): every client whose case is not closed.
_OPEN = "status != 'closed'"
_ROWS = (
    "SELECT id, given_name, family_name, sort_key, risk_to_staff, pregnant, "
    "interpreter_needed, take_home_medication, parental_status FROM client "
    f"WHERE {_OPEN} ORDER BY sort_key, id LIMIT ?"
)
_COUNT = f"SELECT count(*) FROM client WHERE {_OPEN}"
_CHILDREN = (
    "SELECT client_id, current_help, unborn, young_carer, lives_with, contact_arrangement "
    "FROM child WHERE client_id IN ({})"
)
_DUES = (
    "SELECT kind, client_id, due_on, reason, source_id, child_id, rule, overdue_on, "
    "booked_at, moved_from, note FROM dueitem WHERE client_id IN ({})"
)


@dataclass(frozen=True)
class FirstPage:
    page: CaseloadPage
    service_name: str


@dataclass
class _Child:
    current_help: str
    unborn: bool
    young_carer: bool
    lives_with: str
    contact_arrangement: str


def read_first_page(data_dir: Path, data_key: bytes, today: date) -> FirstPage | None:
    """None when the raw read cannot stand in for the ORM's (an older schema, a file this
    key does not open): the caller then waits for the ORM's open, which says why."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from caseworker.store.raw import open_for_reading

    conn = open_for_reading(data_dir, data_key)
    if conn is None:
        return None
    try:
        return _read(conn, today)
    except sqlcipher.DatabaseError:
        return None
    finally:
        conn.close()


def _read(conn: Any, today: date) -> FirstPage:
    rows = conn.execute(_ROWS, (PAGE_SIZE + 1,)).fetchall()
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    (total,) = conn.execute(_COUNT).fetchone()
    hexes = [r[0] for r in rows]
    marks = ",".join("?" * len(hexes))
    kids: dict[str, list[_Child]] = {}
    dues: dict[str, Due] = {}
    if hexes:
        for cid, help_, unborn, carer, lives, contact in conn.execute(
            _CHILDREN.format(marks), hexes
        ):
            kids.setdefault(cid, []).append(
                _Child(help_, bool(unborn), bool(carer), lives, contact)
            )
        every = [_due(*d) for d in conn.execute(_DUES.format(marks), hexes)]
        for soonest in soonest_first(d for d in every if d is not None):
            dues.setdefault(soonest.client_id.hex, soonest)
    out = []
    for cid, given, family, _sort, risk, pregnant, interpreter, meds, status in rows:
        children = kids.get(cid, [])
        helps = {k.current_help for k in children}
        due = dues.get(cid)
        flags = client_flags(
            risk_to_staff=bool(risk),
            pregnant=bool(pregnant),
            interpreter_needed=bool(interpreter),
            take_home_medication=bool(meds),
            children=children,
        )
        out.append(CaseloadRow(
            uuid.UUID(cid), f"{family}, {given}", status,
            sum(1 for k in children if not k.unborn), sum(1 for k in children if k.unborn),
            next((h for h in HELP_SEVERITY if h in helps), None), due,
            due is not None and due.is_overdue(today), [f.value for f in flags],
        ))  # fmt: skip
    first = Cursor(rows[0][3], uuid.UUID(rows[0][0])) if rows else None
    last = Cursor(rows[-1][3], uuid.UUID(rows[-1][0])) if rows else None
    page = CaseloadPage(out, total, has_next, False, first, last)
    row = conn.execute("SELECT value FROM setting WHERE key = 'service_name'").fetchone()
    return FirstPage(page, row[0] if row else "")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _moment(text: str | None) -> datetime | None:
    # As the ORM reads it (sqlmodel's UTCDateTime): an aware moment in UTC.
    if not text:
        return None
    at = datetime.fromisoformat(text)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _due(kind: str, client: str, due_on: str, reason: str, source: str | None,
         child: str | None, rule: str | None, overdue_on: str | None,
         booked_at: str | None, moved_from: str | None, note: str) -> Due | None:  # fmt: skip
    # As agenda.table.as_due: a row of an unknown kind or without a source is not shown.
    if kind not in DueKind._value2member_map_ or source is None:
        return None
    due = date.fromisoformat(due_on)
    late = _day(overdue_on)
    return Due(
        DueKind(kind), uuid.UUID(client), due, reason,
        uuid.UUID(source), uuid.UUID(child) if child else None,
        rule=rule, overdue_on=late if late != due else None, booked_at=_moment(booked_at),
        moved_from=_day(moved_from), note=note or "",
    )  # fmt: skip
