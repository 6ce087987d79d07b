"""The caseload list: filtered, searched and paged from the database (keyset paging).

A page never loads more than ``size + 1`` clients; the per-page extras (children
summary, next due item, flags) are fetched for that page's ids only, so page
load time does not grow with the caseload.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from caseworker.core import vocab
from caseworker.core.errors import NotAllowed
from caseworker.diary.due import describe, is_overdue
from caseworker.store.models import ChildRecord, Client, DueItem

PAGE_SIZE = 15

# (id, label): the filters a worker can cycle through, in order.
FILTERS: tuple[tuple[str, str], ...] = (
    ("open", "Open cases"),
    ("parents", "Parents only"),
    ("children_csc", "Children known to social care"),
    ("overdue", "Something overdue"),
    ("not_asked", "Parental status not asked"),
    ("closed", "Closed cases"),
    ("all", "Everyone"),
)
# Severity order for the children's status summary (highest first).
_HELP_SEVERITY = ("cp_plan", "looked_after", "child_in_need", "early_help")
# What the children column says when no child is listed, by parental status.
_NO_CHILDREN_LISTED = {
    "all_live_with": "parent, none listed",
    "some_live_with": "parent, none listed",
    "none_live_with": "parent, none listed",
    "not_asked": "NOT ASKED",
    "declined": "declined to say",
    "not_a_parent": "not a parent",
}
# Short names for the common due items (the record shows the full title).
_DUE_SHORT = {
    "review": "review",
    "rescreen": "rescreen",
    "precaf": "pre-CAF",
    "medical_review": "med review",
    "top": "TOP review",
}
_VISITS = {"formal", "informal"}
_HELP_SHORT = {
    "cp_plan": "CP plan",
    "looked_after": "looked after",
    "child_in_need": "CIN",
    "early_help": "early help",
}


@dataclass(frozen=True)
class Cursor:
    sort_key: str
    id: uuid.UUID


@dataclass
class CaseloadRow:
    client_id: uuid.UUID
    name: str
    children: str
    next_due: str
    overdue: bool
    flags: list[str] = field(default_factory=list)


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    total: int
    has_next: bool
    has_prev: bool
    first: Cursor | None
    last: Cursor | None


def filter_label(filter_id: str) -> str:
    return dict(FILTERS)[filter_id]


def next_filter(filter_id: str) -> str:
    ids = [f for f, _ in FILTERS]
    return ids[(ids.index(filter_id) + 1) % len(ids)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(filter_id: str, query: str, today: date) -> list[ColumnElement[bool]]:
    if filter_id not in dict(FILTERS):
        raise NotAllowed(f"unknown caseload filter: {filter_id}")
    conds: list[ColumnElement[bool]] = []
    if filter_id == "closed":
        conds.append(Client.status == "closed")
    elif filter_id != "all":
        conds.append(Client.status != "closed")
    if filter_id == "parents":
        conds.append(
            or_(
                Client.parental_status.in_(vocab.PARENT_STATUSES),
                Client.pregnant.is_(True),
                exists().where(ChildRecord.client_id == Client.id),
            )
        )
    elif filter_id == "children_csc":
        conds.append(
            exists().where(
                and_(
                    ChildRecord.client_id == Client.id,
                    ChildRecord.current_help.in_(vocab.AT_RISK_HELP),
                )
            )
        )
    elif filter_id == "overdue":
        conds.append(
            exists().where(
                and_(
                    DueItem.client_id == Client.id,
                    DueItem.completed_on.is_(None),
                    DueItem.due_on < today,
                )
            )
        )
    elif filter_id == "not_asked":
        conds.append(Client.parental_status == "not_asked")
    for word in query.lower().split():
        conds.append(Client.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    return conds


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
) -> CaseloadPage:
    """One page of the caseload: after a cursor (next), before one (previous), or
    starting at one inclusive (reload the page being shown)."""
    conds = _conditions(filter_id, query, today)
    key = tuple_(Client.sort_key, Client.id)
    stmt = select(Client.id, Client.given_name, Client.family_name, Client.sort_key,
                  Client.risk_to_staff, Client.pregnant, Client.interpreter_needed,
                  Client.take_home_medication, Client.parental_status).where(*conds)  # fmt: skip
    if before is not None:
        stmt = stmt.where(key < tuple_(before.sort_key, before.id))
        stmt = stmt.order_by(Client.sort_key.desc(), Client.id.desc())
    else:
        if after is not None:
            stmt = stmt.where(key > tuple_(after.sort_key, after.id))
        elif at is not None:
            stmt = stmt.where(key >= tuple_(at.sort_key, at.id))
        stmt = stmt.order_by(Client.sort_key, Client.id)
    rows = list(session.execute(stmt.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    if before is not None:
        rows.reverse()
        has_prev, has_next = more, True
    else:
        has_prev, has_next = after is not None or at is not None, more
    total = session.execute(select(func.count()).select_from(Client).where(*conds)).scalar_one()
    ids = [r.id for r in rows]
    kids, with_children = _children_summaries(session, ids)
    dues = _next_due(session, ids)
    out: list[CaseloadRow] = []
    for r in rows:
        summary, child_flags = kids.get(r.id, ("", []))
        if not summary:
            summary = _NO_CHILDREN_LISTED.get(r.parental_status, "")
        due_text, overdue = "", False
        if r.id in dues:
            kind, title, due_on = dues[r.id]
            title = _DUE_SHORT.get(kind, title)
            overdue = is_overdue(due_on, today)
            # Date (and OVERDUE) first: a narrow column truncates the title, not the date.
            due_text = describe(due_on, title, today, short_year=True)
        flags = []
        if r.risk_to_staff:
            flags.append("risk to staff")
        if r.pregnant:
            flags.append("pregnant")
        if r.interpreter_needed:
            flags.append("interpreter")
        if r.take_home_medication and r.id in with_children:
            flags.append("take-home meds")
        flags.extend(child_flags)
        out.append(CaseloadRow(r.id, f"{r.family_name}, {r.given_name}", summary, due_text,
                               overdue, flags))  # fmt: skip
    first = Cursor(rows[0].sort_key, rows[0].id) if rows else None
    last = Cursor(rows[-1].sort_key, rows[-1].id) if rows else None
    return CaseloadPage(out, total, has_next, has_prev, first, last)


def _children_summaries(
    session: Session, ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, tuple[str, list[str]]], set[uuid.UUID]]:
    """Per client: the children column and child flags; and which clients have a child
    living with them or visiting."""
    with_children: set[uuid.UUID] = set()
    if not ids:
        return {}, with_children
    stmt = select(
        ChildRecord.client_id, ChildRecord.current_help, ChildRecord.unborn,
        ChildRecord.young_carer, ChildRecord.lives_with, ChildRecord.contact_arrangement,
    ).where(ChildRecord.client_id.in_(ids))  # fmt: skip
    per: dict[uuid.UUID, list] = {}
    for row in session.execute(stmt):
        per.setdefault(row.client_id, []).append(row)
    out: dict[uuid.UUID, tuple[str, list[str]]] = {}
    for cid, kids in per.items():
        born = sum(1 for k in kids if not k.unborn)
        # Compact for an 80-column screen: "2 · CP plan", "1 +1 unborn · CIN".
        text = str(born) if born else ""
        if len(kids) > born:
            text += f"{' +' if born else ''}{len(kids) - born} unborn"
        helps = {k.current_help for k in kids}
        worst = next((h for h in _HELP_SEVERITY if h in helps), None)
        if worst:
            text += f" · {_HELP_SHORT[worst]}"
        flags = ["young carer"] if any(k.young_carer for k in kids) else []
        out[cid] = (text, flags)
        # Take-home medication matters where a child lives with or visits the client.
        if any(k.lives_with == "client" or k.contact_arrangement in _VISITS for k in kids):
            with_children.add(cid)
    return out, with_children


def _next_due(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str, date]]:
    if not ids:
        return {}
    stmt = (
        select(DueItem.client_id, DueItem.kind, DueItem.title, DueItem.due_on)
        .where(DueItem.client_id.in_(ids), DueItem.completed_on.is_(None))
        .order_by(DueItem.due_on)
    )
    out: dict[uuid.UUID, tuple[str, date]] = {}
    for row in session.execute(stmt):
        out.setdefault(row.client_id, (row.kind, row.title, row.due_on))
    return out
