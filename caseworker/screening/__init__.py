"""Screening a client: validated instruments (drafts, scoring, follow-on), the parental
screen and TOP, and the due items screening gives rise to."""

from caseworker.screening import instruments
from caseworker.screening.parental import (
    DOMESTIC_ABUSE,
    EFFECT_ON_CARE,
    STORAGE,
    complete_parental,
    parental_form_values,
)
from caseworker.screening.sessions import (
    answers_of,
    complete,
    continue_into_full,
    discard_if_empty,
    get_screening,
    history,
    record_answer,
    start,
)
from caseworker.screening.summaries import ScreeningSummary, screening_summaries
from caseworker.screening.top import (
    TOP_OCCASIONS,
    beside_start,
    next_top_occasion,
    record_top,
    substance_field,
    top_summary,
)

__all__ = [
    "DOMESTIC_ABUSE",
    "EFFECT_ON_CARE",
    "STORAGE",
    "TOP_OCCASIONS",
    "ScreeningSummary",
    "answers_of",
    "beside_start",
    "complete",
    "complete_parental",
    "continue_into_full",
    "discard_if_empty",
    "get_screening",
    "history",
    "instruments",
    "next_top_occasion",
    "parental_form_values",
    "record_answer",
    "record_top",
    "screening_summaries",
    "start",
    "substance_field",
    "top_summary",
]
