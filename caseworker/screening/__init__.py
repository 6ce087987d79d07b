"""Screening a client: validated instruments (drafts, scoring, follow-on), the parental
screen and TOP, and the rules for what screening makes due (caseworker.screening.dues)."""

from caseworker.screening import instruments
from caseworker.screening.answers import AnsweredItem, FollowUp, follow_up_of, screening_answers
from caseworker.screening.dues import (
    medical_review_rule,
    precaf_rule,
    rescreen_rule,
    screening_dues,
    still_responsible_for_children,
    top_review_rule,
)
from caseworker.screening.parental import (
    DOMESTIC_ABUSE,
    EFFECT_ON_CARE,
    STORAGE,
    complete_parental,
    parental_form_values,
    responsible_for_children,
)
from caseworker.screening.sessions import (
    answers_of,
    complete,
    continue_into_full,
    discard_if_empty,
    get_screening,
    history,
    open_draft,
    record_answer,
    start,
)
from caseworker.screening.summaries import ScreeningSummary, screening_summaries
from caseworker.screening.top import (
    FieldChange,
    TopRecord,
    beside_start,
    next_top_occasion,
    record_top,
    substance_field,
    top_definition,
    top_occasions,
    top_summary,
)

__all__ = [
    "DOMESTIC_ABUSE",
    "EFFECT_ON_CARE",
    "STORAGE",
    "AnsweredItem",
    "FieldChange",
    "FollowUp",
    "ScreeningSummary",
    "TopRecord",
    "answers_of",
    "beside_start",
    "complete",
    "complete_parental",
    "continue_into_full",
    "discard_if_empty",
    "follow_up_of",
    "get_screening",
    "history",
    "instruments",
    "medical_review_rule",
    "next_top_occasion",
    "open_draft",
    "parental_form_values",
    "precaf_rule",
    "record_answer",
    "record_top",
    "rescreen_rule",
    "responsible_for_children",
    "screening_answers",
    "screening_dues",
    "screening_summaries",
    "start",
    "still_responsible_for_children",
    "substance_field",
    "top_definition",
    "top_occasions",
    "top_review_rule",
    "top_summary",
]
