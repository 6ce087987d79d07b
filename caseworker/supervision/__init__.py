"""Supervision: a supervisor's review of one worker's caseload.

The figures a supervisor goes through each month (who is a parent, which children are
at risk, what is overdue), each one drilling down to the clients behind it; the
supervision session that records, case by case, what was discussed and decided, signed
off by the supervisor as themselves; and the pack that carries it out of the laptop.

The caseload review: `caseload_review(session, worker_id, today)` gives a
`CaseloadReview` of `Figure`s, one per key of `FIGURES` (what each figure means:
caseworker.supervision.figures), with `to_json()` for reports; `cases_needing_decision`
the clients behind them a supervisor must decide on, most at risk first.
"""

from caseworker.supervision.due_figures import REVIEW_KINDS
from caseworker.supervision.figures import (
    ATTENTION,
    FIGURE_KEYS,
    FIGURES,
    GROUPS,
    OVERDUE,
    URGENT,
    CaseForDecision,
    CaseloadReview,
    Figure,
    FigureDefinition,
    cases_needing_decision,
)
from caseworker.supervision.review import WHOLE_CASELOAD, caseload_review

__all__ = [
    "ATTENTION",
    "FIGURES",
    "FIGURE_KEYS",
    "GROUPS",
    "OVERDUE",
    "REVIEW_KINDS",
    "URGENT",
    "WHOLE_CASELOAD",
    "CaseForDecision",
    "CaseloadReview",
    "Figure",
    "FigureDefinition",
    "caseload_review",
    "cases_needing_decision",
]
