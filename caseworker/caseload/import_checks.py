"""One record of an export, checked as its form checks it (caseworker.people and
caseworker.screening's validators), then made into its model's row (caseworker import)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import ValidationError

from caseworker.core import vocab
from caseworker.core.dates import format_uk
from caseworker.core.errors import FieldError, ValidationFailed
from caseworker.core.validation import NAME, PARAGRAPH, FormReader
from caseworker.diary import DueKind
from caseworker.meetings import validate_meeting
from caseworker.people import (
    validate_child,
    validate_client,
    validate_consent,
    validate_household_member,
    validate_network_contact,
)
from caseworker.screening import instruments
from caseworker.store.models import Record

__all__ = ["checked_record"]


def checked_record(
    model: type[Record], table: str, row: dict[str, Any], day: date, aliases: list[str]
) -> Record:
    """The row as a record of ``model``, with its form's cleaned values; ValidationFailed
    names each bad field. ``day``: the form's "today" (the day of the export)."""
    return _record(model, row, _clean(table, row, day, aliases))


def _form_raw(row: dict[str, Any], dates: Iterable[str]) -> dict[str, Any]:
    """The row as its form would hold it: dates as dd/mm/yyyy text (a date that is not
    one stays as typed, so the form's own check names it), lists as comma-separated."""
    raw = dict(row)
    for name in dates:
        value = raw.get(name)
        if isinstance(value, str) and value:
            try:
                raw[name] = format_uk(date.fromisoformat(value))
            except ValueError:
                raw[name] = value
    return raw


def _simple(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """The records without a form of their own, checked as the forms check their fields."""
    f = FormReader(_form_raw(row, ("moved_in", "moved_out", "ended_on")))
    if table == "worker":
        f.text("name", "Name", required=True)
        f.choice("role", "Role", vocab.WORKER_ROLES, "worker")
        f.text("team", "Team")
    elif table == "clientalias":
        f.text("alias", "Alias", required=True)
    elif table == "addresshistory":
        f.text("address", "Address", required=True, max_len=400)
        f.text("area", "Area")
        f.date("moved_in", "Moved in")
        f.date("moved_out", "Moved out")
    return f.result()


def _screening(row: dict[str, Any]) -> dict[str, Any]:
    f = FormReader(row)
    f.choice("occasion", "Occasion", vocab.SCREENING_OCCASIONS, "review")
    f.choice("status", "Status", (("draft", "Draft"), ("complete", "Complete")), None)
    answers = row.get("answers")
    if not isinstance(answers, dict):
        f.fail("answers", "Answers", "are not a set of answers")
    elif row.get("instrument") in instruments.available():
        try:
            numbered = {int(k): v for k, v in answers.items()}
            instruments.check_answers(instruments.load(str(row["instrument"])), numbered)
        except (ValueError, TypeError) as exc:
            f.fail("answers", "Answers", str(exc) or "do not fit the instrument")
    elif row.get("instrument") not in {"parental", "top"}:
        f.fail("instrument", "Instrument", "is not one this caseworker has")
    return f.result()


def _clean(table: str, row: dict[str, Any], day: date, aliases: list[str]) -> dict[str, Any]:
    """The form's cleaned values for the row (raises ValidationFailed naming the field)."""
    if table == "client":
        raw = _form_raw(row, ("date_of_birth",))
        raw["substances"] = ", ".join(str(s) for s in row.get("substances") or [])
        raw["aliases"] = ", ".join(aliases)
        clean = validate_client(raw, day)
        return clean  # its aliases too: _record keeps only the table's columns
    if table == "child":
        raw = _form_raw(row, ("date_of_birth", "due_date"))
        due = row.get("due_date")
        # An unborn child whose due date has passed by the day of the export is a fact to
        # follow up (was the baby born?), not a typing error: its form checked it earlier.
        if row.get("unborn") and isinstance(due, str):
            try:
                day = min(day, date.fromisoformat(due))
            except ValueError:
                pass
        clean = validate_child(raw, day)
        if not clean["family_name"]:
            clean["family_name"] = str(row.get("family_name") or "")
        return clean
    if table == "householdmember":
        return validate_household_member(_form_raw(row, ("date_of_birth",)), day)
    if table == "networkcontact":
        clean = validate_network_contact(_form_raw(row, ("last_checked", "started_on")), day)
        ended = _simple_date(row, "ended_on", "Ended on")
        return {**clean, "ended_on": ended}
    if table == "consent":
        return validate_consent(
            _form_raw(row, ("decided_on", "policy_explained_on", "expires_on")), day
        )
    if table == "screening":
        return _screening(row)
    if table == "meeting":
        clean = validate_meeting(_form_raw(row, ("held_on", "next_on", "minutes_sent_on")), day)
        # The form's child and actions: a meeting's child is its row's, its actions rows.
        return {k: v for k, v in clean.items() if k not in {"child_id", "actions"}}
    if table in {"meeting_action", "due_action"}:
        return _diary_record(table, row)
    return _simple(table, row)


def _diary_record(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """An agreed action, or what a worker did about a due item, checked as its form is."""
    f = FormReader(_form_raw(row, ("due_on", "on")))
    if table == "meeting_action":
        f.text("owner", "Owner", required=True, max_len=NAME)
        f.text("what", "What", required=True, max_len=PARAGRAPH)
        f.date("due_on", "Due by", required=True, kind="planned")
    else:
        f.choice("action", "Action", DUE_ACTIONS, None)
        f.choice("kind", "What was due", tuple((k.value, k.value) for k in DueKind), None)
        f.date("on", "On", required=True, kind="planned")
        f.text("note", "Note", max_len=PARAGRAPH)
    return f.result()


DUE_ACTIONS = (("complete", "Done"), ("book", "Booked"), ("move", "Moved"))


def _simple_date(row: dict[str, Any], name: str, label: str) -> date | None:
    f = FormReader(_form_raw(row, (name,)))
    value = f.date(name, label)
    f.result()
    return value


def _record(model: type[Record], row: dict[str, Any], clean: dict[str, Any]) -> Record:
    """The row as the model (ids, stamps and links converted as the ORM would load them),
    with the form's cleaned values in place of what the file said."""
    columns = set(model.__table__.columns.keys())  # type: ignore[attr-defined]
    unknown = sorted(set(row) - columns)
    if unknown:
        raise ValidationFailed(
            [
                _field_error(name, "is not a field this version of caseworker has")
                for name in unknown
            ]
        )
    clean = {k: v for k, v in clean.items() if k in columns}
    try:
        record = model.model_validate({**row, **clean})
    except ValidationError as exc:
        raise ValidationFailed(
            [_field_error(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None
    return record


def _field_error(name: str, message: str) -> FieldError:
    return FieldError(name, name.replace("_", " ").capitalize(), message)
