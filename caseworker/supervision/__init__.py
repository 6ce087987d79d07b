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
from caseworker.supervision.dues import SupervisionRecords, supervision_dues, supervision_records
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
from caseworker.supervision.pack import (
    PACK_FORMATS,
    Pack,
    export_pack,
    render_pack,
    supervision_pack,
)
from caseworker.supervision.review import WHOLE_CASELOAD, caseload_review
from caseworker.supervision.sessions import (
    THINK_FAMILY_QUESTION,
    CaseRecord,
    case_of,
    cases_of,
    get_session,
    open_session,
    people_supervised,
    record_case,
    sessions_of,
    sign_off,
    validate_case,
    worker_by_name,
)
from caseworker.supervision.signing import sign_off_with_passphrase
from caseworker.supervision.trends import TREND_KEYS, Month, monthly_figures, series, team_reviews

__all__ = [
    "ATTENTION",
    "FIGURES",
    "FIGURE_KEYS",
    "GROUPS",
    "OVERDUE",
    "PACK_FORMATS",
    "REVIEW_KINDS",
    "THINK_FAMILY_QUESTION",
    "TREND_KEYS",
    "URGENT",
    "WHOLE_CASELOAD",
    "CaseForDecision",
    "CaseRecord",
    "CaseloadReview",
    "Figure",
    "FigureDefinition",
    "Month",
    "Pack",
    "SupervisionRecords",
    "case_of",
    "caseload_review",
    "cases_needing_decision",
    "cases_of",
    "export_pack",
    "get_session",
    "monthly_figures",
    "open_session",
    "people_supervised",
    "record_case",
    "render_pack",
    "series",
    "sessions_of",
    "sign_off",
    "sign_off_with_passphrase",
    "supervision_dues",
    "supervision_pack",
    "supervision_records",
    "team_reviews",
    "validate_case",
    "worker_by_name",
]
