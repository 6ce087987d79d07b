"""Small forms on a due item (done, book, move), a meeting, and the calendar export. Each
collects text; the agenda and meetings capabilities validate and save it."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from caseworker.agenda import ExportFormat, book_due, complete_due, export_diary, move_due
from caseworker.core.dates import format_uk
from caseworker.core.errors import CaseworkerError, FieldError, ValidationFailed
from caseworker.diary import Due, DueKind
from caseworker.meetings import MEETING_KINDS, OUR_PART, record_meeting
from caseworker.people import client_summary
from screens.widgets.form import FieldSpec as F
from screens.widgets.form import FormScreen
from screens.wording import DUE_TITLES


def _client_name(form: FormScreen, client_id: uuid.UUID) -> str:
    try:
        with form.db.session() as s:
            summary = client_summary(s, client_id)
    except CaseworkerError:
        return "a client no longer on the caseload"
    return f"{summary.given_name} {summary.family_name}".strip()


class _OnItem(FormScreen):
    """A form about one due item: says which, and saves through `_save`. Its draft names
    the item by its key (what the action is recorded against), so it reopens on it."""

    def __init__(self, due: Due, values: dict[str, Any] | None = None) -> None:
        super().__init__(values)
        self.due = due

    def draft_args(self) -> dict[str, str]:
        d = self.due
        return {"client_id": str(d.client_id), "kind": d.kind.value,
                "source_id": str(d.source_id), "child_id": str(d.child_id or "")}  # fmt: skip

    @classmethod
    def from_draft(cls, args: dict[str, str]) -> _OnItem:
        child = args.get("child_id")
        # The date and reason are the rules' (shown when opened from the diary); the action
        # is recorded against the key alone.
        due = Due(DueKind(args["kind"]), uuid.UUID(args["client_id"]), date.min, "",
                  uuid.UUID(args["source_id"]), uuid.UUID(child) if child else None)  # fmt: skip
        return cls(due)

    def intro(self) -> str:
        d = self.due
        what = f"{DUE_TITLES[d.kind]} for {_client_name(self, d.client_id)}"
        if d.due_on == date.min:
            return f"{what} (reopened from a draft)"
        return f"{what}, due {format_uk(d.due_on)}: {d.reason}"

    def _save(self, fn: Any, values: dict[str, Any]) -> Any:
        today = self.caseworker_app.today
        with self.db.session() as s:
            fn(s, self.due, values, today)
        return True


class CompleteDialog(_OnItem):
    FORM_TITLE = "Done: record what was done"
    FIELDS = (F("on", "Done on *", "date"), F("note", "What was done *", "notes"))
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
    FIELDS = (F("on", "Move to *", "date"), F("note", "Why *", "notes"))

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
        F("decisions", "Decisions", "notes"),
        F("actions", "Actions (owner; what; dd/mm/yyyy)", "notes"),
        F("next_on", "Next date", "date"),
        F("minutes_to", "Minutes distributed to"),
        F("minutes_sent_on", "Minutes sent on", "date"),
    )

    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID, kind: str | None = None) -> None:
        values: dict[str, Any] = {"client_attended": True}
        if kind:
            values["kind"] = kind
        super().__init__(values)
        self.client_id = client_id

    def intro(self) -> str:
        return (
            f"For {_client_name(self, self.client_id)}. What it makes due (the next review, "
            "minutes, actions) goes into the diary. Lists: comma-separated; actions one a line."
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
