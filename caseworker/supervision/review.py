"""The caseload review computed: every figure of caseworker.supervision.figures for one
worker's open cases (or the whole caseload), each with the clients behind it.

Whose clients: those whose key worker is the worker (`Client.key_worker_id`: a client
created in the app, the demo or an import gets the worker who recorded it). With no
worker (`worker_id=None`) the whole caseload is reviewed, as the diary shows a
supervisor the team's items. Closed cases are not reviewed; referred and on-hold cases
are still open on the worker's books, and are.

Nothing is worked out again that a rule already says: what is due and overdue comes from
the due-item table the agenda keeps derived from every capability's rules (re-screens,
pre-CAFs, the multi-agency assessment at 4 and 6 weeks, reviews, visit sign-offs,
check-ins, CSC confirmations, referral chases), read as the diary reads it. The rest is
read straight from the records. Each group of figures is one or two set-based queries
over the reviewed clients, never a query per client.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

# The review reads the due-item table, which caseworker.agenda keeps (it registers the
# table's derivation when imported). The agenda stands above this package (its diary
# gathers supervision's actions), so the callers - the CLI, the screens - import it.
from caseworker.assessment import assessment_records, home_visits_in_period
from caseworker.content import Protocol, load_protocol
from caseworker.core.errors import NotFound
from caseworker.core.vocab import PARENT_STATUSES
from caseworker.diary import UK, DueKind
from caseworker.store.models import (
    ChildRecord,
    Client,
    DueItem,
    MultiAgencyAssessment,
    Referral,
    Screening,
    Worker,
)
from caseworker.supervision.contact import no_contact_rule, without_contact
from caseworker.supervision.due_figures import due_item_figures
from caseworker.supervision.figures import FIGURES, CaseloadReview, Figure, figure

WHOLE_CASELOAD = "the whole caseload"
_HELP_FIGURES = {
    "none": "children_none",
    "early_help": "children_early_help",
    "child_in_need": "children_child_in_need",
    "cp_plan": "children_cp_plan",
    "looked_after": "children_looked_after",
}
_STATUS_FIGURES = {
    "all_live_with": "parents_all_live_with",
    "some_live_with": "parents_some_live_with",
    "none_live_with": "parents_none_live_with",
    "not_asked": "parental_status_not_asked",
    "declined": "parental_status_declined",
}
_CHUNK = 500  # clients per IN list, as the agenda reads them
NOT_RECORDED = "Not recorded"


def _default_now(today: date) -> datetime:
    """The moment missed check-ins are judged at: now, or for a review of a past day the
    end of that day (a later one cannot see the future)."""
    end_of_day = datetime.combine(today + timedelta(days=1), time(0), tzinfo=UK)
    return min(datetime.now(UTC), end_of_day.astimezone(UTC))


def _worker_name(session: Session, worker_id: uuid.UUID | None) -> str:
    if worker_id is None:
        return WHOLE_CASELOAD
    worker = session.get(Worker, worker_id)
    if worker is None:
        raise NotFound("That worker is not on this caseload.")
    return worker.name


class _Figures:
    """Collects each figure's clients (and children), then lists them in caseload order."""

    def __init__(self, order: dict[uuid.UUID, int]):
        self.order = order
        self.clients: defaultdict[str, set[uuid.UUID]] = defaultdict(set)
        self.children: defaultdict[str, dict[uuid.UUID, uuid.UUID]] = defaultdict(dict)

    def client(self, key: str, client_id: uuid.UUID) -> None:
        if client_id in self.order:  # only the clients under review
            self.clients[key].add(client_id)

    def child(self, key: str, child_id: uuid.UUID, client_id: uuid.UUID) -> None:
        if client_id in self.order:
            self.children[key][child_id] = client_id

    def built(self) -> dict[str, Figure]:
        out = {}
        for d in FIGURES:
            if d.counts_children:
                kids = self.children[d.key]
                child_ids = tuple(sorted(kids, key=lambda k: (self.order[kids[k]], str(k))))
                clients = dict.fromkeys(kids[k] for k in child_ids)
                out[d.key] = figure(d.key, tuple(clients), child_ids)
            else:
                ids = tuple(sorted(self.clients[d.key], key=self.order.__getitem__))
                out[d.key] = figure(d.key, ids)
        return out


def caseload_review(
    session: Session,
    worker_id: uuid.UUID | None,
    today: date,
    *,
    no_contact_days: int | None = None,
    now: datetime | None = None,
    protocol: Protocol | None = None,
) -> CaseloadReview:
    """The review of `worker_id`'s open cases (None: the whole caseload) on `today`.

    `no_contact_days`: the "no contact" threshold in days (default: the protocol's rule
    `no_contact`, 28 days unless the service changed it). `now`: the moment a check-in
    counts as missed at (default: now, or the end of `today` if that has passed).
    NotFound if the worker is not on this caseload; ValidationFailed for a threshold
    that is not a whole number of days of 1 or more."""
    protocol = protocol or load_protocol()
    rule = no_contact_rule(protocol, no_contact_days)
    name = _worker_name(session, worker_id)
    now = now or _default_now(today)
    conds: list[Any] = [col(Client.status) != "closed"]
    if worker_id is not None:
        conds.append(col(Client.key_worker_id) == worker_id)
    scope = select(col(Client.id)).where(*conds)
    clients = session.execute(
        select(
            col(Client.id),
            col(Client.parental_status),
            col(Client.pregnant),
            col(Client.ethnicity),
            col(Client.language),
            col(Client.interpreter_needed),
            col(Client.created_at),
        )
        .where(*conds)
        .order_by(col(Client.sort_key), col(Client.id))
    ).all()
    order = {row.id: i for i, row in enumerate(clients)}
    figures = _Figures(order)
    _parents(figures, clients)
    with_children = _children(session, scope, figures)
    for row in clients:
        if row.parental_status in PARENT_STATUSES and row.id not in with_children:
            figures.client("parents_no_children_registered", row.id)
    _screening(session, scope, figures)
    for key, client_id in due_item_figures(session, scope, today, now):
        figures.client(key, client_id)
    _assessments(session, scope, today, figures)
    _referrals(session, scope, figures)
    created = {row.id: row.created_at for row in clients}
    for client_id in without_contact(session, scope, created, today, rule, protocol):
        figures.client("no_contact", client_id)
    return CaseloadReview(
        worker_id=worker_id,
        worker_name=name,
        today=today,
        figures=figures.built(),
        equality=_equality(clients),
        client_ids=tuple(row.id for row in clients),
        no_contact_days=no_contact_days,
        no_contact_rule=str(rule.due),
    )


def _parents(figures: _Figures, clients: Iterable[Any]) -> None:
    for row in clients:
        if row.parental_status in PARENT_STATUSES:
            figures.client("parents_total", row.id)
        key = _STATUS_FIGURES.get(row.parental_status)
        if key is not None:
            figures.client(key, row.id)
        if row.pregnant:
            figures.client("pregnant_clients", row.id)


def _children(session: Session, scope: Any, figures: _Figures) -> set[uuid.UUID]:
    """The children's figures; returns the clients with any child on the register."""
    rows = session.execute(
        select(
            col(ChildRecord.id),
            col(ChildRecord.client_id),
            col(ChildRecord.current_help),
            col(ChildRecord.unborn),
            col(ChildRecord.young_carer),
        ).where(col(ChildRecord.client_id).in_(scope))
    ).all()
    for row in rows:
        figures.child("children_total", row.id, row.client_id)
        # A help level the vocabulary does not know (a later release's) is "none" here
        # rather than lost: every child is in exactly one of the help figures.
        figures.child(_HELP_FIGURES.get(row.current_help, "children_none"), row.id, row.client_id)
        if row.unborn:
            figures.child("unborn_children", row.id, row.client_id)
        if row.young_carer:
            figures.child("young_carers", row.id, row.client_id)
    return {row.client_id for row in rows}


def _screening(session: Session, scope: Any, figures: _Figures) -> None:
    screened = set(
        session.scalars(
            select(col(Screening.client_id))
            .where(
                col(Screening.client_id).in_(scope),
                col(Screening.instrument) == "parental",
                col(Screening.status) == "complete",
            )
            .distinct()
        )
    )
    for client_id in figures.order:
        if client_id not in screened:
            figures.client("never_screened", client_id)


def _assessments(session: Session, scope: Any, today: date, figures: _Figures) -> None:
    """Open multi-agency assessments: an open concern each, and those with no home visit
    yet (its own dated entries and the signed-off visit notes since it started count, as
    the assessment's own rule counts them). A CAF decision whose assessment is not yet
    recorded has started the assessment's clock (its due item says so, with no home visit
    yet): it is open, and without a visit, too."""
    to_start = session.execute(
        select(col(DueItem.client_id), col(DueItem.source_id)).where(
            col(DueItem.client_id).in_(scope), col(DueItem.kind) == DueKind.ASSESSMENT.value
        )
    ).all()
    open_ = session.execute(
        select(
            col(MultiAgencyAssessment.id),
            col(MultiAgencyAssessment.client_id),
            col(MultiAgencyAssessment.started_on),
        ).where(
            col(MultiAgencyAssessment.client_id).in_(scope),
            col(MultiAgencyAssessment.outcome).is_(None),
        )
    ).all()
    ids = sorted({row.client_id for row in open_}, key=str)
    records = {}
    for start in range(0, len(ids), _CHUNK):
        records.update(assessment_records(session, ids[start : start + _CHUNK]))
    for row in open_:
        figures.client("open_concerns", row.client_id)
        rec = records[row.client_id]
        days = [v.visited_on for v in rec.home_visits if v.assessment_id == row.id]
        days += list(rec.visit_days)
        if not home_visits_in_period(days, row.started_on, today):
            figures.client("assessment_without_home_visit", row.client_id)
    recorded = {row.id for row in open_}
    for item in to_start:
        if item.source_id not in recorded:  # a pre-CAF's CAF decision: not yet recorded
            figures.client("open_concerns", item.client_id)
            figures.client("assessment_without_home_visit", item.client_id)


def _referrals(session: Session, scope: Any, figures: _Figures) -> None:
    """Referrals with no outcome or feedback recorded; a referral to children's social
    care awaiting its outcome is an open concern too."""
    rows = session.execute(
        select(col(Referral.client_id), col(Referral.to_csc)).where(
            col(Referral.client_id).in_(scope),
            col(Referral.outcome) == "",
            col(Referral.feedback_on).is_(None),
        )
    ).all()
    for row in rows:
        figures.client("referral_without_feedback", row.client_id)
        if row.to_csc:
            figures.client("open_concerns", row.client_id)


def _equality(clients: Iterable[Any]) -> dict[str, dict[str, int]]:
    """Counts only, for management reports [004 ¶39]: a blank is "Not recorded"."""
    ethnicity: Counter[str] = Counter()
    language: Counter[str] = Counter()
    interpreter: Counter[str] = Counter()
    for row in clients:
        ethnicity[(row.ethnicity or "").strip() or NOT_RECORDED] += 1
        language[(row.language or "").strip() or NOT_RECORDED] += 1
        interpreter["Interpreter needed" if row.interpreter_needed else "No interpreter"] += 1
    return {
        "ethnicity": dict(sorted(ethnicity.items())),
        "language": dict(sorted(language.items())),
        "interpreter": dict(sorted(interpreter.items())),
    }
