"""The caseload: opening it, and the read model of clients filtered, searched and paged
from the database."""

from caseworker.caseload.opening import open_caseload, service_name, unwrap_key
from caseworker.caseload.page import (
    FILTERS,
    FLAGS,
    HELP_SEVERITY,
    PAGE_SIZE,
    CaseloadPage,
    CaseloadRow,
    Cursor,
    count_clients,
    fetch_page,
    filter_label,
    next_filter,
)
from caseworker.store import Database

__all__ = [
    "FILTERS",
    "FLAGS",
    "HELP_SEVERITY",
    "PAGE_SIZE",
    "CaseloadPage",
    "CaseloadRow",
    "Cursor",
    "Database",
    "count_clients",
    "fetch_page",
    "filter_label",
    "next_filter",
    "open_caseload",
    "service_name",
    "unwrap_key",
]
