"""The caseload: opening it, the read model of clients filtered, searched and paged
from the database, and importing an export into it.

The import loads on first use (PEP 562): the app, which opens the caseload at start-up,
never needs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    "ExportFile",
    "ImportSummary",
    "count_clients",
    "fetch_page",
    "filter_label",
    "import_file",
    "import_records",
    "next_filter",
    "open_caseload",
    "read_export",
    "service_name",
    "unwrap_key",
]

_LAZY = {"ExportFile", "ImportSummary", "import_file", "import_records", "read_export"}

if TYPE_CHECKING:
    from caseworker.caseload.importing import (
        ExportFile,
        ImportSummary,
        import_file,
        import_records,
        read_export,
    )


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from caseworker.caseload import importing

    value = getattr(importing, name)
    globals()[name] = value
    return value
