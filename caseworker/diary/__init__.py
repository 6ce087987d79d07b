"""The diary: what falls due (the kinds, the Due value), the time arithmetic of due dates
(calendar and working days, months, hours across clock changes) and the protocol's rules
counted on from a start (due_after). It reads no records, so every capability may state
its rules with it."""

from caseworker.core.durations import Duration, Unit, parse_duration
from caseworker.diary.contract import contract_review_after, next_contract_review
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
