"""The caseload: opening it, the read model of clients filtered, searched and paged
from the database, and importing an export into it (importing: the app never needs it).

Exports load on first use (PEP 562): the list's shape (listing), opening (opening) and
the first page read with the raw driver (first_page) import no SQLAlchemy, so the app
draws the caseload before the ORM behind fetch_page (page) is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from caseworker.core.exports import lazy_exports

# name -> the module of this package that defines it
_EXPORTS = {
    "FILTERS": "listing",
    "FLAGS": "listing",
    "HELP_SEVERITY": "listing",
    "PAGE_SIZE": "listing",
    "CaseloadPage": "listing",
    "CaseloadRow": "listing",
    "Cursor": "listing",
    "filter_label": "listing",
    "next_filter": "listing",
    "FirstPage": "first_page",
    "read_first_page": "first_page",
    "count_clients": "page",
    "fetch_page": "page",
    "Totals": "totals",
    "ReadStopped": "stoppable",
    "StoppableRead": "stoppable",
    "load_database_layer": "opening",
    "open_ahead": "opening",
    "open_caseload": "opening",
    "person_at_keyboard": "opening",
    "service_name": "opening",
    "unwrap_key": "opening",
    "ExportOutcome": "exporting",
    "ExportPlan": "exporting",
    "export_clients": "exporting",
    "plan_export": "exporting",
    "ExportFile": "importing",
    "ImportSummary": "importing",
    "import_file": "importing",
    "import_records": "importing",
    "read_export": "importing",
}
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
    "ExportOutcome",
    "ExportPlan",
    "FirstPage",
    "ImportSummary",
    "ReadStopped",
    "StoppableRead",
    "Totals",
    "Unlocked",
    "count_clients",
    "export_clients",
    "fetch_page",
    "filter_label",
    "import_file",
    "import_records",
    "load_database_layer",
    "next_filter",
    "open_ahead",
    "open_caseload",
    "person_at_keyboard",
    "plan_export",
    "read_export",
    "read_first_page",
    "service_name",
    "unwrap_key",
]

if TYPE_CHECKING:
    from caseworker.caseload.exporting import ExportOutcome, ExportPlan, export_clients, plan_export
    from caseworker.caseload.first_page import FirstPage, read_first_page
    from caseworker.caseload.importing import (
        ExportFile,
        ImportSummary,
        import_file,
        import_records,
        read_export,
    )
    from caseworker.caseload.listing import (
        FILTERS,
        FLAGS,
        HELP_SEVERITY,
        PAGE_SIZE,
        CaseloadPage,
        CaseloadRow,
        Cursor,
        filter_label,
        next_filter,
    )
    from caseworker.caseload.opening import (
        load_database_layer,
        open_ahead,
        open_caseload,
        person_at_keyboard,
        service_name,
        unwrap_key,
    )
    from caseworker.caseload.page import count_clients, fetch_page
    from caseworker.caseload.stoppable import ReadStopped, StoppableRead
    from caseworker.caseload.totals import Totals
    from caseworker.store import Database, Unlocked


def __getattr__(name: str) -> Any:
    if name in ("Database", "Unlocked"):  # the store's, handed on for the screens' types
        import caseworker.store

        value = getattr(caseworker.store, name)
        globals()[name] = value
        return value
    return _exported(name)


_exported = lazy_exports(__name__, _EXPORTS, globals())
