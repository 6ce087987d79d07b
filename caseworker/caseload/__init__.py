"""The caseload read model: clients filtered, searched and paged from the database."""

from caseworker.caseload.page import (
    FILTERS,
    FLAGS,
    HELP_SEVERITY,
    PAGE_SIZE,
    CaseloadPage,
    CaseloadRow,
    Cursor,
    fetch_page,
    filter_label,
    next_filter,
)

__all__ = [
    "FILTERS",
    "FLAGS",
    "HELP_SEVERITY",
    "PAGE_SIZE",
    "CaseloadPage",
    "CaseloadRow",
    "Cursor",
    "fetch_page",
    "filter_label",
    "next_filter",
]
