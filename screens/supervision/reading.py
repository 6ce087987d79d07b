"""What the supervision screen shows, read in one go off the event loop: whose caseload,
its review and the cases for decision, the session in progress (or the last one), the
months, and for a supervisor the team side by side."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caseworker.agenda import is_supervisor
from caseworker.core.dates import format_uk
from caseworker.people import child_names, client_names
from caseworker.supervision import (
    THINK_FAMILY_QUESTION,
    CaseRecord,
    Month,
    caseload_review,
    cases_needing_decision,
    cases_of,
    monthly_figures,
    people_supervised,
    sessions_of,
    team_reviews,
)


@dataclass
class SupervisionView:
    keyboard_is_supervisor: bool
    worker_id: uuid.UUID | None
    worker_name: str
    people: list[tuple[uuid.UUID, str, str]]  # (id, name, role): whom one may supervise
    review: Any = None  # a CaseloadReview
    decisions: list[Any] = field(default_factory=list)  # CaseForDecision, most at risk first
    names: dict[uuid.UUID, str] = field(default_factory=dict)
    # The children's figures drill down to the children: (name, their client) by child.
    children: dict[uuid.UUID, tuple[str, uuid.UUID]] = field(default_factory=dict)
    session: Any = None  # the SupervisionSession in progress, else the last one, else None
    cases: dict[uuid.UUID, CaseRecord] = field(default_factory=dict)  # by client
    months: list[Month] = field(default_factory=list)
    team: list[Any] = field(default_factory=list)  # CaseloadReview per person

    @property
    def in_progress(self) -> bool:
        return self.session is not None and self.session.signed_off_at is None


def read_supervision(db: Any, worker_id: uuid.UUID | None, today: date) -> SupervisionView:
    """Everything the screen shows for this worker (None: the first one a supervisor may
    supervise, or the worker at the keyboard themselves)."""
    me = db.worker_id
    with db.session() as s:
        boss = is_supervisor(s, me)
        people = [(p.id, p.name, p.role) for p in people_supervised(s) if p.id != me or not boss]
        if worker_id is None:
            if boss:
                worker_id = next((p[0] for p in people if p[2] != "supervisor"), None)
                worker_id = worker_id or (people[0][0] if people else None)
            else:
                worker_id = me
        name = next((p[1] for p in people if p[0] == worker_id), "")
        view = SupervisionView(boss, worker_id, name, people)
        if worker_id is None:
            return view
        view.review = caseload_review(s, worker_id, today)
        view.decisions = cases_needing_decision(view.review)
        held = sessions_of(s, worker_id)
        view.session = next((x for x in held if x.signed_off_at is None), held[0] if held else None)
        if view.session is not None:
            view.cases = {r.case.client_id: r for r in cases_of(s, view.session.id)}
        ids = {c.client_id for c in view.decisions} | set(view.cases)
        ids |= {c for f in view.review.figures.values() for c in f.client_ids}
        view.names = client_names(s, ids)
        view.children = child_names(
            s, {c for f in view.review.figures.values() for c in f.child_ids}
        )
        view.months = monthly_figures(s, worker_id)
        if boss:
            view.team = team_reviews(s, today)
    return view


def case_text(
    view: SupervisionView | None, chosen: tuple[uuid.UUID, str] | None, discuss: str
) -> str:
    """The chosen case in full: why it came up, and what was recorded (`discuss`: its key)."""
    if view is None:
        return ""
    if chosen is None:
        return "No case calls for a decision today." if view.review is not None else ""
    cid, why = chosen
    rec = view.cases.get(cid) if view.in_progress else None
    lines = [f"{view.names.get(cid, '')}: {why}"]
    if rec is None:
        lines.append(f"Not discussed yet: {discuss} records it.")
        return "\n".join(lines)
    c = rec.case
    lines += [
        f"Discussion: {c.discussion or '-'}",
        f"Decision: {c.decision or '-'}",
        f"{THINK_FAMILY_QUESTION}\n  {c.think_family or '-'}",
    ]
    lines += [f"Action: {a.owner}: {a.what}, by {format_uk(a.due_on)}" for a in rec.actions]
    return "\n".join(lines)


def title_of(view: SupervisionView) -> str:
    if view.review is None:
        return "Supervision · nobody on this caseload to supervise yet."
    r = view.review
    line = (
        f"Supervision · {view.worker_name} · {r.clients_reviewed} clients"
        f" · as of {format_uk(r.today)}"
    )
    s = view.session
    if s is None:
        state = "no session yet"
    elif s.signed_off_at is None:
        done = sum(1 for c in view.cases.values() if c.case.discussed)
        state = f"session of {format_uk(s.held_on)} in progress, {done} discussed"
    else:
        state = f"last session {format_uk(s.held_on)}, signed off by {s.signed_as}"
    who = "" if view.keyboard_is_supervisor else " · read only: a supervisor runs the session"
    return f"{line}\n{state[:1].upper()}{state[1:]}{who}"


def case_rows(view: SupervisionView) -> list[tuple[uuid.UUID, str]]:
    rows = [(c.client_id, "; ".join(c.reasons)) for c in view.decisions]
    listed = {cid for cid, _ in rows}
    if view.in_progress:  # discussed from the figures, though not flagged
        rows += [
            (cid, r.case.reasons.replace("\n", "; ") or "chosen to discuss")
            for cid, r in view.cases.items()
            if cid not in listed
        ]
    return rows
