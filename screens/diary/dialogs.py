"""Small forms on a due item (done, book, move), a meeting, and the calendar export. Each
collects text; the agenda and meetings capabilities validate and save it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from caseworker.agenda import ExportFormat, book_due, complete_due, export_diary, move_due
from caseworker.core.dates import format_uk
from caseworker.core.errors import FieldError, ValidationFailed
from caseworker.diary import Due
from caseworker.meetings import MEETING_KINDS, OUR_PART, record_meeting
from screens.widgets.form import FieldSpec as F
from screens.widgets.form import FormScreen
from screens.wording import DUE_TITLES


class _OnItem(FormScreen):
    """A form about one due item: says which, and saves through `_save`."""

    def __init__(self, due: Due, client_name: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.due = due
        self.client_name = client_name

    def intro(self) -> str:
        return (f"{DUE_TITLES[self.due.kind]} for {self.client_name}, due "
                f"{format_uk(self.due.due_on)}: {self.due.reason}")  # fmt: skip

    def _save(self, fn: Any, values: dict[str, Any]) -> Any:
        today = self.caseworker_app.today
        with self.db.session() as s:
            fn(s, self.due, values, today)
        return True


class CompleteDialog(_OnItem):
    FORM_TITLE = "Done: record what was done"
    FIELDS = (F("on", "Done on *", "date"), F("note", "What was done *"))
    FIRST_FIELD = "note"

    def save(self, values: dict[str, Any]) -> Any:
        return self._save(complete_due, values)


class BookDialog(_OnItem):
    FORM_TITLE = "Book it for a date and time"
    FIELDS = (
        F("on", "Date *", "date"),
        F("at", "Time (UK) *", placeholder="HH:MM, e.g. 14:30"),
        F("note", "Note (where, with whom)"),
    )

    def save(self, values: dict[str, Any]) -> Any:
        return self._save(book_due, values)


class MoveDialog(_OnItem):
    FORM_TITLE = "Move it to another day"
    FIELDS = (F("on", "Move to *", "date"), F("note", "Why *"))

    def save(self, values: dict[str, Any]) -> Any:
        return self._save(move_due, values)


class MeetingForm(FormScreen):
    """A meeting or review held. Lists (invited, attended, ...) are comma-separated; the
    actions are one per line as "owner; what; dd/mm/yyyy"."""

    FORM_TITLE = "Record a meeting or review"
    FIELDS = (
        F("kind", "Type *", "select", MEETING_KINDS, must_choose=True),
        F("held_on", "Date held *", "date"),
        F("held_at", "Time", placeholder="HH:MM"),
        F("invited", "Invited"),
        F("attended", "Attended"),
        F("parents_attended", "Parents attended", "check"),
        F("client_attended", "Client attended (a session)", "check"),
        F("absent_agencies", "Agencies that did not come"),
        F("our_part", "Our part", "select", OUR_PART),
        F("decisions", "Decisions"),
        F("actions", "Actions", placeholder="owner; what; dd/mm/yyyy (one per line)"),
        F("next_on", "Next date", "date"),
        F("minutes_to", "Minutes distributed to"),
        F("minutes_sent_on", "Minutes sent on", "date"),
    )

    def __init__(self, client_id: uuid.UUID, client_name: str, kind: str | None = None) -> None:
        values: dict[str, Any] = {"client_attended": True}
        if kind:
            values["kind"] = kind
        super().__init__(values)
        self.client_id = client_id
        self.client_name = client_name

    def intro(self) -> str:
        return (
            f"For {self.client_name}. What it makes due (the next review, minutes, "
            "actions) goes into the diary. Lists: comma-separated."
        )

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            record_meeting(s, self.client_id, values, self.caseworker_app.today)
        return True


class ExportDialog(FormScreen):
    FORM_TITLE = "Export the diary as a calendar file"
    FIELDS = (
        F("path", "File *"),
        F("with_names", "With client names", "check"),
    )

    def intro(self) -> str:
        return ("Every open item as an .ics file for Outlook or a phone. Calendars sync to "
                "phones: without names each item shows initials and a reference.")  # fmt: skip

    def save(self, values: dict[str, Any]) -> Any:
        raw = str(values.get("path") or "").strip()
        if not raw:
            raise ValidationFailed([FieldError("path", "File", "is required")])
        path = Path(raw).expanduser()
        if not path.parent.is_dir():
            raise ValidationFailed([FieldError("path", "File", f"no folder {path.parent}")])
        try:
            count = export_diary(self.db, ExportFormat.ICS, path,
                                 today=self.caseworker_app.today,
                                 with_names=bool(values.get("with_names")))  # fmt: skip
        except OSError as exc:
            raise ValidationFailed(
                [FieldError("path", "File", f"cannot be written ({exc.strerror})")]
            ) from None
        return (count, path)
