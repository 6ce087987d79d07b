"""The caseload: opening it, and the read model of clients filtered, searched and paged
from the database."""

from caseworker.caseload.opening import open_caseload, service_name, unwrap_key
from caseworker.caseload.page import (
    FILTERS,
    PAGE_SIZE,
    CaseloadPage,
    CaseloadRow,
    Cursor,
    fetch_page,
    filter_label,
    next_filter,
)
from caseworker.store import Database

__all__ = [
    "FILTERS",
    "PAGE_SIZE",
    "CaseloadPage",
    "CaseloadRow",
    "Cursor",
    "Database",
    "fetch_page",
    "filter_label",
    "next_filter",
    "open_caseload",
    "service_name",
    "unwrap_key",
]
