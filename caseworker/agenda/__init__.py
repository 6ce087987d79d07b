"""The agenda: every capability's due rules gathered, and the stored due-item table kept
derived from them. Importing this package registers that derivation with the store, so
any code that writes records (the app, the CLI, the demo, tests) must import it; the
caseload and the demo do. It also gives the diary to other programs: every open item as
an iCalendar file or as JSON (calendar_export).

It sits above the capabilities whose rules it gathers; the Due type and the time
arithmetic stay in caseworker.diary, below them all."""

from caseworker.agenda.calendar_export import (
    DUE_RULES,
    DUE_WORDS,
    CalendarItem,
    ClientRef,
    DueStatus,
    ExportFormat,
    calendar_items,
    client_ref,
    due_status,
    event_uid,
    export_diary,
    item_for,
    to_ics,
    to_json,
)
from caseworker.agenda.gather import RULES_VERSION, dues_for
from caseworker.agenda.table import due_items, every_due_item, fingerprint, next_due, refresh

__all__ = [
    "DUE_RULES",
    "DUE_WORDS",
    "RULES_VERSION",
    "CalendarItem",
    "ClientRef",
    "DueStatus",
    "ExportFormat",
    "calendar_items",
    "client_ref",
    "due_items",
    "due_status",
    "dues_for",
    "event_uid",
    "every_due_item",
    "export_diary",
    "fingerprint",
    "item_for",
    "next_due",
    "refresh",
    "to_ics",
    "to_json",
]
