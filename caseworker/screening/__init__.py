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
    complete,
    continue_into_full,
    discard_if_empty,
    history,
    record_answer,
    start,
)
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
    "beside_start",
    "complete",
    "complete_parental",
    "continue_into_full",
    "discard_if_empty",
    "history",
    "instruments",
    "next_top_occasion",
    "parental_form_values",
    "record_answer",
    "record_top",
    "start",
    "substance_field",
    "top_summary",
]
