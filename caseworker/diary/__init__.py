"""The diary: what falls due, when, and how overdue is decided."""

from caseworker.diary.due import describe, is_overdue

__all__ = ["describe", "is_overdue"]
