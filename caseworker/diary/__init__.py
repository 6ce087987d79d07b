"""The diary: what falls due (the kinds, the Due value), the time arithmetic of due dates
(calendar and working days, months, hours across clock changes) and the protocol's rules
counted on from a start (due_after). It reads no records, so every capability may state
its rules with it.

Exports load on first use (PEP 562): the caseload's first frame needs the Due value and
its words, not the protocol behind the rules (contract, timers load when first asked for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.core.durations import Duration, Unit, parse_duration
from caseworker.core.exports import lazy_exports

# name -> the module of this package that defines it
_EXPORTS = {
    "contract_review_after": "contract",
    "next_contract_review": "contract",
    "COUNTED_DOWN": "due",
    "DUE_WORDS": "due",
    "RECURRING": "due",
    "UPCOMING_DAYS": "due",
    "Due": "due",
    "DueKind": "due",
    "DueStatus": "due",
    "days_after": "due",
    "due_status": "due",
    "is_overdue": "due",
    "soonest_first": "due",
    "status_words": "due",
    "UK": "timers",
    "after": "timers",
    "bank_holiday": "timers",
    "date_after": "timers",
    "due_after": "timers",
    "format_uk_time": "timers",
    "hours_after": "timers",
    "is_working_day": "timers",
    "latest_start": "timers",
    "months_after": "timers",
    "overdue_after": "timers",
    "uk_date": "timers",
    "working_days_after": "timers",
}
__all__ = [
    "COUNTED_DOWN",
    "DUE_WORDS",
    "RECURRING",
    "UK",
    "UPCOMING_DAYS",
    "Due",
    "DueKind",
    "DueStatus",
    "Duration",
    "Unit",
    "after",
    "bank_holiday",
    "contract_review_after",
    "date_after",
    "days_after",
    "due_after",
    "due_status",
    "format_uk_time",
    "hours_after",
    "is_overdue",
    "is_working_day",
    "latest_start",
    "months_after",
    "next_contract_review",
    "overdue_after",
    "parse_duration",
    "soonest_first",
    "status_words",
    "uk_date",
    "working_days_after",
]

if TYPE_CHECKING:
    from caseworker.diary.contract import (
        contract_review_after,
        next_contract_review,
    )
    from caseworker.diary.due import (
        COUNTED_DOWN,
        DUE_WORDS,
        RECURRING,
        UPCOMING_DAYS,
        Due,
        DueKind,
        DueStatus,
        days_after,
        due_status,
        is_overdue,
        soonest_first,
        status_words,
    )
    from caseworker.diary.timers import (
        UK,
        after,
        bank_holiday,
        date_after,
        due_after,
        format_uk_time,
        hours_after,
        is_working_day,
        latest_start,
        months_after,
        overdue_after,
        uk_date,
        working_days_after,
    )


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
