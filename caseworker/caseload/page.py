"""The caseload list: filtered, searched and paged from the database (keyset paging).

A page never loads more than ``size + 1`` clients; the per-page extras (children,
next due item, flags) are fetched for that page's ids only, so page load time does not
grow with the caseload. Rows hold values (counts, vocabulary values, a Due, flag ids):
the screens put them into words (screens/wording.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, literal, or_, select, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col

from caseworker.agenda import next_due
from caseworker.caseload.listing import (
    FILTERS,
    HELP_SEVERITY,
    PAGE_SIZE,
    CaseloadPage,
    CaseloadRow,
    Cursor,
)
from caseworker.core import vocab
from caseworker.core.errors import NotAllowed
from caseworker.core.names import folded
from caseworker.people import client_flags
from caseworker.store.models import ChildRecord, Client, DueItem


class _not_indexed(FunctionElement[Any]):
    """A column SQLite must not look up by index: "+column" there (a no-op that hides
    the index from its planner), the plain column on any other database (PostgreSQL has
    no unary "+" for a UUID, and plans on its own)."""

    inherit_cache = True
    name = "not_indexed"

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(_not_indexed)
def _plain_column(element: _not_indexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_not_indexed, "sqlite")
def _plus_column(element: _not_indexed, compiler: Any, **kw: Any) -> str:
    return "+" + compiler.process(element.clauses, **kw)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _holds(FunctionElement[bool]):
    """The column holds this text anywhere in it (both folded, core.names: search_text is,
    and so is the word searched for). SQLite: instr(), about twice as fast as LIKE '%...%' over
    every client (no pattern to match, no case to fold); elsewhere a LIKE, escaped. Both
    forms are bound values (the word, the pattern), so a cached statement takes new ones."""

    inherit_cache = True
    name = "holds"

    def __init__(self, column: Any, word: str) -> None:
        super().__init__(column, literal(word), literal(f"%{_escape_like(word)}%"))


@compiles(_holds)
def _holds_like(element: _holds, compiler: Any, **kw: Any) -> str:
    column, _word, pattern = element.clauses
    return f"{compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '\\'"


@compiles(_holds, "sqlite")
def _holds_instr(element: _holds, compiler: Any, **kw: Any) -> str:
    column, word, _pattern = element.clauses
    return f"instr({compiler.process(column, **kw)}, {compiler.process(word, **kw)}) > 0"


def _conditions(
    filter_id: str, query: str, today: date, *, counting: bool = False
) -> list[ColumnElement[bool]]:
    """The WHERE terms of a filter and search. ``counting``: the same rows, in the form
    SQLite counts fastest (see the index notes in caseworker/store/models/client.py)."""
    if filter_id not in dict(FILTERS):
        raise NotAllowed(f"unknown caseload filter: {filter_id}")
    conds: list[ColumnElement[bool]] = []
    if filter_id == "closed":
        conds.append(col(Client.status) == "closed")
    elif filter_id != "all":
        conds.append(col(Client.status) != "closed")
    if filter_id == "parents":
        conds.append(
            or_(
                col(Client.parental_status).in_(vocab.PARENT_STATUSES),
                col(Client.pregnant).is_(True),
                exists().where(col(ChildRecord.client_id) == col(Client.id)),
            )
        )
    elif filter_id == "children_csc":
        at_risk = col(ChildRecord.current_help).in_(vocab.AT_RISK_HELP)
        if counting:
            # Every client is visited to count: test membership of the (few) at-risk
            # children's client ids, read once from ix_child_help_client. The no-op "+"
            # keeps SQLite from looking each of those ids up in the table instead.
            client_id = Client.__table__.c.id  # type: ignore[attr-defined]
            plus_id = _not_indexed(client_id)
            conds.append(plus_id.in_(select(col(ChildRecord.client_id)).where(at_risk)))
        else:
            # A page stops after a few rows in sort order: a lookup per client is cheaper.
            of_client = col(ChildRecord.client_id) == col(Client.id)
            conds.append(exists().where(and_(of_client, at_risk)))
    elif filter_id == "overdue":
        overdue = and_(col(DueItem.client_id) == col(Client.id), col(DueItem.overdue_on) < today)
        conds.append(exists().where(overdue))
    elif filter_id == "not_asked":
        conds.append(col(Client.parental_status) == "not_asked")
    for word in folded(query).split():  # as search_text holds the names (people.clients)
        conds.append(_holds(col(Client.search_text), word))
    return conds


def count_clients(
    session: Session, *, today: date, query: str = "", filter_id: str = "open"
) -> int:
    """How many clients a filter and search show: the total of every page of that list.
    It reads the whole filter (an index scan at best), so callers keep it while paging."""
    conds = _conditions(filter_id, query, today, counting=True)
    return session.execute(select(func.count()).select_from(Client).where(*conds)).scalar_one()


def fetch_page(
    session: Session,
    *,
    today: date,
    query: str = "",
    filter_id: str = "open",
    after: Cursor | None = None,
    before: Cursor | None = None,
    at: Cursor | None = None,
    size: int = PAGE_SIZE,
    total: int | None = None,
) -> CaseloadPage:
    """One page of the caseload: after a cursor (next), before one (previous), or
    starting at one inclusive (reload the page being shown).

    ``total`` is the count of this filter and search when the caller already has it (the
    same list, another page): it is passed through and nothing is counted. None counts
    (count_clients): a new filter or search, or the list shown again after an edit."""
    conds = _conditions(filter_id, query, today)
    sort_key, client_id = col(Client.sort_key), col(Client.id)
    key = tuple_(sort_key, client_id)
    stmt = select(
        client_id, col(Client.given_name), col(Client.family_name), sort_key,
        col(Client.risk_to_staff), col(Client.pregnant), col(Client.interpreter_needed),
        col(Client.take_home_medication), col(Client.parental_status),
    ).where(*conds)  # fmt: skip
    if before is not None:
        stmt = stmt.where(key < tuple_(before.sort_key, before.id))
        stmt = stmt.order_by(sort_key.desc(), client_id.desc())
    else:
        if after is not None:
            stmt = stmt.where(key > tuple_(after.sort_key, after.id))
        elif at is not None:
            stmt = stmt.where(key >= tuple_(at.sort_key, at.id))
        stmt = stmt.order_by(sort_key, client_id)
    rows = list(session.execute(stmt.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    if before is not None:
        rows.reverse()
        has_prev, has_next = more, True
    else:
        has_prev, has_next = after is not None or at is not None, more
    if total is None:
        total = count_clients(session, today=today, query=query, filter_id=filter_id)
    ids = [r.id for r in rows]
    kids = _children(session, ids)
    dues = next_due(session, ids)
    out: list[CaseloadRow] = []
    for r in rows:
        k = kids.get(r.id, _Children())
        due = dues.get(r.id)
        flags = [
            flag.value
            for flag in client_flags(
                risk_to_staff=r.risk_to_staff,
                pregnant=r.pregnant,
                interpreter_needed=r.interpreter_needed,
                take_home_medication=r.take_home_medication,
                children=k.rows,
            )
        ]
        out.append(CaseloadRow(
            r.id, f"{r.family_name}, {r.given_name}", r.parental_status, k.born, k.unborn,
            k.highest_help, due, due is not None and due.is_overdue(today), flags,
        ))  # fmt: skip
    first = Cursor(rows[0].sort_key, rows[0].id) if rows else None
    last = Cursor(rows[-1].sort_key, rows[-1].id) if rows else None
    return CaseloadPage(out, total, has_next, has_prev, first, last)


@dataclass
class _Children:
    born: int = 0
    unborn: int = 0
    highest_help: str | None = None
    rows: tuple[Any, ...] = ()  # each child's lives_with, contact and young_carer, for the flags


def _children(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, _Children]:
    if not ids:
        return {}
    stmt = select(
        col(ChildRecord.client_id), col(ChildRecord.current_help), col(ChildRecord.unborn),
        col(ChildRecord.young_carer), col(ChildRecord.lives_with),
        col(ChildRecord.contact_arrangement),
    ).where(col(ChildRecord.client_id).in_(ids))  # fmt: skip
    per: dict[uuid.UUID, list] = {}
    for row in session.execute(stmt):
        per.setdefault(row.client_id, []).append(row)
    out: dict[uuid.UUID, _Children] = {}
    for cid, kids in per.items():
        helps = {k.current_help for k in kids}
        out[cid] = _Children(
            born=sum(1 for k in kids if not k.unborn),
            unborn=sum(1 for k in kids if k.unborn),
            highest_help=next((h for h in HELP_SEVERITY if h in helps), None),
            rows=tuple(kids),
        )
    return out
