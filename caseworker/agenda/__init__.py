"""The agenda: every capability's due rules gathered, and the stored due-item table kept
derived from them. Importing this package registers that derivation with the store, so
any code that writes records (the app, the CLI, the demo, tests) must import it; the
caseload and the demo do. It also gives the diary to other programs: every open item as
an iCalendar file or as JSON (calendar_export).

It sits above the capabilities whose rules it gathers; the Due type and the time
arithmetic stay in caseworker.diary, below them all."""

from caseworker.agenda.actions import (
    ANSWERED_BY_A_RECORD,
    BOOK,
    COMPLETE,
    MOVE,
    book_due,
    complete_due,
    move_due,
)
from caseworker.agenda.calendar_export import (
    DUE_RULES,
    DUE_WORDS,
    CalendarItem,
    ClientRef,
    ExportFormat,
    calendar_items,
    client_ref,
    event_uid,
    export_diary,
    item_for,
    to_ics,
    to_json,
)
from caseworker.agenda.diary import (
    PAGE,
    VIEW_WORDS,
    DiaryEntry,
    DiaryPage,
    DiaryView,
    client_items,
    diary_page,
    is_supervisor,
)
from caseworker.agenda.gather import RULES_VERSION, client_dues, dues_for
from caseworker.agenda.table import due_items, every_due_item, fingerprint, next_due, refresh

__all__ = [
    "ANSWERED_BY_A_RECORD",
    "BOOK",
    "COMPLETE",
    "DUE_RULES",
    "DUE_WORDS",
    "MOVE",
    "PAGE",
    "RULES_VERSION",
    "VIEW_WORDS",
    "CalendarItem",
    "ClientRef",
    "DiaryEntry",
    "DiaryPage",
    "DiaryView",
    "ExportFormat",
    "book_due",
    "calendar_items",
    "client_dues",
    "client_items",
    "client_ref",
    "complete_due",
    "diary_page",
    "due_items",
    "dues_for",
    "event_uid",
    "every_due_item",
    "export_diary",
    "fingerprint",
    "is_supervisor",
    "item_for",
    "move_due",
    "next_due",
    "refresh",
    "to_ics",
    "to_json",
]
