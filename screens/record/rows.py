"""Enter on a row of the record's Household, Network, Consent, History, Screening or Diary list:
open it in full (screens.record.details), and from a household member, edit it or record
that they moved out. The children open their form (every field shown, and editable); a
screening draft resumes, and a TOP review opens beside the start values."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable

from caseworker.core.errors import CaseworkerError
from screens.record import details

if TYPE_CHECKING:
    from screens.record.screen import ClientScreen


# Lists whose rows are opened as the table holds them (every column's whole value) ...
_AS_SHOWN = {"history-table": "History", "diary-table": "Diary"}
# ... and lists whose rows are records, read again by id and shown with every field.
_BY_ID = {"network-table", "consent-table", "household-table", "screening-table"}


def row_selected(screen: ClientScreen, table: DataTable, row_key: Any) -> None:
    """What Enter on a row of the record's lists opens."""
    if table.id == "screening-table":
        sc = screen.screening_summary(uuid.UUID(str(row_key.value)))
        if sc is not None and sc.draft:
            screen.open_screening(sc.instrument)
        elif sc is not None and sc.instrument == "top":
            from screens.screening.top import TopBesideStart

            screen.app.push_screen(TopBesideStart(screen.client_id, sc.id))
        elif sc is not None:  # a finished screen: each answer and its score
            open_row(screen, table, row_key)
        return
    if table.id != "children-table":
        open_row(screen, table, row_key)
        return
    # A child opens its form: every field shown, and editable.
    from screens.record.forms import ChildForm

    child_id = uuid.UUID(str(row_key.value))
    screen.app.push_screen(
        ChildForm(screen.client_id, child_id), screen.saved_notice("Child saved", "children")
    )


def open_row(screen: ClientScreen, table: DataTable, row_key: Any) -> None:
    table_id = table.id or ""
    try:
        if table_id in _AS_SHOWN:
            # What the trail (or the diary) says, every column in full: they cut the words.
            body = details.table_row_detail(table, row_key)
            screen.app.push_screen(details.RecordDetail(_AS_SHOWN[table_id], body))
            return
        if table_id not in _BY_ID:
            return
        try:
            record_id = uuid.UUID(str(row_key.value))
        except ValueError:
            return  # a heading row ("SHARING DECISIONS"): nothing to open
        with screen.db.session() as s:
            if table_id == "network-table":
                title, body = details.contact_detail(s, record_id)
            elif table_id == "consent-table":
                title, body = details.consent_detail(s, screen.client_id, record_id)
            elif table_id == "household-table":
                today = screen.caseworker_app.today
                title, body, current = details.household_detail(s, record_id, today)
                actions = frozenset({"edit", "end"} if current else {"edit"})
                screen.app.push_screen(
                    details.RecordDetail(title, body, actions=actions),
                    lambda what: _household_action(screen, record_id, what),
                )
                return
            elif table_id == "screening-table":
                summary = screen.screening_summary(record_id)
                if summary is None:
                    return
                title, body = details.screening_detail(s, summary)
            else:
                return
    except CaseworkerError as exc:  # removed meanwhile (another window, another worker)
        screen.notify(str(exc), severity="error", markup=False)
        return
    screen.app.push_screen(details.RecordDetail(title, body))


def _household_action(screen: ClientScreen, member_id: uuid.UUID, what: str | None) -> None:
    if what == "edit":
        from screens.record.forms import HouseholdForm

        screen.app.push_screen(
            HouseholdForm(screen.client_id, member_id),
            screen.saved_notice("Household member saved", "household"),
        )
    elif what == "end":
        screen.app.push_screen(
            details.MovedOutForm(member_id, screen.caseworker_app.today),
            screen.saved_notice(
                "Recorded as moved out; kept in the household history", "household"
            ),
        )
