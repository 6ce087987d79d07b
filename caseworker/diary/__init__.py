"""The diary: what falls due (the kinds, the Due value), and the time arithmetic of due
dates. It reads no records, so every capability may state its rules with it."""

from caseworker.diary.due import Due, DueKind, days_after, is_overdue, soonest_first

__all__ = ["Due", "DueKind", "days_after", "is_overdue", "soonest_first"]
