"""The caseload review's figures: what each one is (its stable key, its label, its group),
the figure as computed (the clients, and for the children's figures the children, behind
it), the review that holds them, and the cases among them a supervisor must decide on.

Pure: nothing here reads the database (caseworker.supervision.review computes the figures).

What the figures mean, where the words could be read two ways:

- Parents are the clients whose parental status says they have children: all, some or
  none of them living with the client. A parent whose children live elsewhere still
  counts as a parent [004 TS-3]. The status is what the client said; the child register
  may lag behind it, so a client who said "all live with me" and has no child on the
  register yet still counts as a parent (and is named by `parents_no_children_registered`,
  so the register can be brought up to date). A client with children on the register but
  whose status was never asked is counted under `parental_status_not_asked`, not as a
  parent: the figure a supervisor needs is the question not asked.
- The children's figures count children, each once (`count` is the number of children;
  `client_ids` are their clients, each once). The help figures (`children_none` ...
  `children_looked_after`) split every child on the register of the reviewed clients,
  born or unborn (a pre-birth child-protection plan is real), by the help they receive
  now; `unborn_children` and `young_carers` cut across them.
- Never screened: no completed parental screen (the screen repeated at every review
  [004 ¶34]); a status typed on the client form is not a screen.
- "Overdue" is the diary's word: due today is not overdue, due yesterday is. A pre-CAF
  is "due" from the moment one is needed and not yet decided (however far off its date):
  `precaf_overdue` are those of them past it. A review is "due within 7 days" when it is
  not overdue and due on or before the seventh day from today.
- The multi-agency assessment is counted from the CAF decision that started its clock
  (before the assessment itself is recorded, too), by the assessment rule's own dates
  (a due date the worker moved does not make it younger); "past 4 weeks" is from the
  day after the 4 weeks' warning and includes those past 6 (both are true of them).
- Referrals with no feedback: no outcome and no date feedback arrived, however recent.
- Open concerns: a multi-agency assessment open (or due to start from a CAF decision),
  a referral to children's social care decided but not made, or one made and awaiting
  its outcome. There is no "concern" record of its own to count: these are the records
  that say a level of concern is being acted on and is not yet settled.
- No contact: caseworker.supervision.contact (the threshold is the protocol's rule
  `no_contact`, 28 days by default).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

PARENTS, CHILDREN, SCREENING = "parents", "children", "screening"
ASSESSMENT, REFERRALS, REVIEWS = "assessment", "referrals", "reviews"
CONTACT, VISITS, CONCERNS = "contact", "visits", "concerns"
GROUPS: tuple[str, ...] = (
    PARENTS, CHILDREN, SCREENING, ASSESSMENT, REFERRALS, REVIEWS, CONTACT, VISITS, CONCERNS,
)  # fmt: skip

# How urgently a figure puts its clients before the supervisor (cases_needing_decision):
# a child on a plan or a worker who may not be safe first, then what is overdue, then
# what needs attention. A figure with no tier only describes the caseload.
URGENT, OVERDUE, ATTENTION = 0, 1, 2


@dataclass(frozen=True)
class FigureDefinition:
    key: str  # stable: reports, tests and the pack name figures by it
    label: str  # plain words, as the supervisor reads them
    group: str  # one of GROUPS
    tier: int | None = None  # URGENT, OVERDUE, ATTENTION, or None (descriptive)

    @property
    def counts_children(self) -> bool:
        return self.group == CHILDREN


def _f(key: str, label: str, group: str, tier: int | None = None) -> FigureDefinition:
    return FigureDefinition(key, label, group, tier)


# In the order a review lists them. Keys are never renamed: add new ones.
FIGURES: tuple[FigureDefinition, ...] = (
    _f("parents_total", "Clients who are parents or carers", PARENTS),
    _f("parents_all_live_with", "Parents: all their children live with them", PARENTS),
    _f("parents_some_live_with", "Parents: some of their children live with them", PARENTS),
    _f("parents_none_live_with", "Parents: none of their children live with them", PARENTS),
    _f("parents_no_children_registered", "Parents with no child on the register", PARENTS,
       ATTENTION),
    _f("parental_status_not_asked", "Parental status not asked", PARENTS, ATTENTION),
    _f("parental_status_declined", "Parental status declined", PARENTS),
    _f("pregnant_clients", "Pregnant clients", PARENTS, ATTENTION),
    _f("children_total", "Children on the register", CHILDREN),
    _f("children_none", "Children receiving no help", CHILDREN),
    _f("children_early_help", "Children with early help / CAF", CHILDREN),
    _f("children_child_in_need", "Children in need", CHILDREN),
    _f("children_cp_plan", "Children on a child-protection plan", CHILDREN, URGENT),
    _f("children_looked_after", "Children looked after", CHILDREN),
    _f("unborn_children", "Unborn children", CHILDREN, ATTENTION),
    _f("young_carers", "Young carers", CHILDREN, ATTENTION),
    _f("never_screened", "Never screened for parental status", SCREENING, ATTENTION),
    _f("rescreen_overdue", "Re-screen of parental status overdue", SCREENING, OVERDUE),
    _f("precaf_due", "Pre-CAF assessment due", SCREENING, ATTENTION),
    _f("precaf_overdue", "Pre-CAF assessment overdue", SCREENING, OVERDUE),
    _f("assessment_past_4_weeks", "Multi-agency assessment open past 4 weeks", ASSESSMENT,
       ATTENTION),
    _f("assessment_past_6_weeks", "Multi-agency assessment open past 6 weeks", ASSESSMENT,
       OVERDUE),
    _f("assessment_without_home_visit", "Multi-agency assessment without a home visit",
       ASSESSMENT, ATTENTION),
    _f("verbal_referral_unconfirmed", "Verbal referral to CSC not confirmed in writing",
       REFERRALS, URGENT),
    _f("csc_referral_not_made", "Referral to CSC decided but not made", REFERRALS, URGENT),
    _f("referral_without_feedback", "Referrals with no feedback yet", REFERRALS, ATTENTION),
    _f("referral_chase_overdue", "Unacknowledged referral not chased", REFERRALS, OVERDUE),
    _f("review_overdue", "Reviews overdue", REVIEWS, OVERDUE),
    _f("review_due_7_days", "Reviews due within 7 days", REVIEWS, ATTENTION),
    _f("no_contact", "No contact recently", CONTACT, ATTENTION),
    _f("visit_not_signed_off", "Home visits not signed off", VISITS, ATTENTION),
    _f("missed_check_in", "Missed check-in from a home visit", VISITS, URGENT),
    _f("open_concerns", "Open concerns", CONCERNS, OVERDUE),
)  # fmt: skip
FIGURE_KEYS: tuple[str, ...] = tuple(f.key for f in FIGURES)
BY_KEY: Mapping[str, FigureDefinition] = {f.key: f for f in FIGURES}
assert len(BY_KEY) == len(FIGURES), "two figures share a key"
assert {f.group for f in FIGURES} <= set(GROUPS), "a figure names no group"


@dataclass(frozen=True)
class Figure:
    """One figure as computed: the clients behind it (and, for the children's figures,
    the children), each once, in the caseload's order."""

    key: str
    label: str
    group: str
    client_ids: tuple[uuid.UUID, ...]
    child_ids: tuple[uuid.UUID, ...] = ()

    @property
    def count(self) -> int:
        """Children for the children's figures (each once), clients otherwise."""
        return len(self.child_ids) if self.group == CHILDREN else len(self.client_ids)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"count": self.count, "client_ids": [str(c) for c in self.client_ids]}
        if self.group == CHILDREN:
            out["child_ids"] = [str(c) for c in self.child_ids]
        return out


def figure(
    key: str, client_ids: tuple[uuid.UUID, ...], child_ids: tuple[uuid.UUID, ...] = ()
) -> Figure:
    d = BY_KEY[key]
    return Figure(d.key, d.label, d.group, client_ids, child_ids)


@dataclass(frozen=True)
class CaseloadReview:
    """One worker's caseload (or, with no worker, the whole caseload) on `today`."""

    worker_id: uuid.UUID | None
    worker_name: str
    today: date
    figures: dict[str, Figure]
    # Equality monitoring for management reports [004 ¶39]: counts of clients by
    # ethnicity, by language and by interpreter need (never names or ids).
    equality: dict[str, dict[str, int]] = field(default_factory=dict)
    # Every client reviewed, in the caseload's order (family name).
    client_ids: tuple[uuid.UUID, ...] = ()
    no_contact_days: int | None = None  # the threshold used, in days, when given in days
    no_contact_rule: str = ""  # the threshold in words ("28 days")

    @property
    def clients_reviewed(self) -> int:
        return len(self.client_ids)

    def to_json(self) -> dict[str, Any]:
        return {
            "worker_id": str(self.worker_id) if self.worker_id else None,
            "worker_name": self.worker_name,
            "today": self.today.isoformat(),
            "clients_reviewed": self.clients_reviewed,
            "no_contact": self.no_contact_rule,
            "figures": {key: f.to_json() for key, f in self.figures.items()},
            "equality": {k: dict(v) for k, v in self.equality.items()},
        }


@dataclass(frozen=True)
class CaseForDecision:
    """A client the supervisor must decide on, with the figures that put them there."""

    client_id: uuid.UUID
    reasons: tuple[str, ...]  # the figures' labels, in the review's order
    rank: int  # 1 is discussed first
    keys: tuple[str, ...] = ()  # the figures' keys, beside their labels
    tier: int = ATTENTION  # URGENT, OVERDUE or ATTENTION: the most pressing of its figures


def cases_needing_decision(review: CaseloadReview) -> list[CaseForDecision]:
    """The clients behind the figures that call for a decision, most at risk first: a
    child on a child-protection plan, a verbal CSC referral not confirmed, a referral to
    CSC not made or a missed check-in first; then anything overdue; then the rest. Within
    a tier, the client named by more figures first, then in the caseload's order."""
    keys: dict[uuid.UUID, list[str]] = {}
    for d in FIGURES:
        fig = review.figures.get(d.key)
        if d.tier is None or fig is None:
            continue
        for client_id in fig.client_ids:
            keys.setdefault(client_id, []).append(d.key)
    order = {c: i for i, c in enumerate(review.client_ids)}

    def tier(client_id: uuid.UUID) -> int:
        return min(_tier(k) for k in keys[client_id])

    ranked = sorted(keys, key=lambda c: (tier(c), -len(keys[c]), order.get(c, len(order)), str(c)))
    return [
        CaseForDecision(
            client_id,
            tuple(BY_KEY[k].label for k in _most_pressing_first(keys[client_id])),
            rank,
            tuple(_most_pressing_first(keys[client_id])),
            tier(client_id),
        )
        for rank, client_id in enumerate(ranked, start=1)
    ]


def _most_pressing_first(keys: list[str]) -> list[str]:
    """A case's figures, the most pressing first (the supervisor reads the reason a case is
    at the top before the rest), in the review's order within a tier."""
    return sorted(keys, key=_tier)


def _tier(key: str) -> int:
    tier = BY_KEY[key].tier
    assert tier is not None, "a descriptive figure puts no one before the supervisor"
    return tier
