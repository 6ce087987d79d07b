"""`caseworker import FILE`: records from an export brought into the current caseload.

The file is what `caseworker export` writes (caseworker.store.export: format
"caseworker-export", format_version 1): the whole caseload, or the same document holding
only some clients (any table, or any client's rows, may be left out). What comes in is
each client and everything recorded about them: aliases, past addresses, children,
household, network, consent and screenings, with their ids, stamps and versions as
exported; the workers those records name (a worker already here is the same person and is
left as it is). What does not: the other caseload's trail (this caseload's own trail
records the import, each record a "create" event as any new record is, and one "import"
event), its due items (worked out again from the records) and its settings.

All or nothing, in one transaction. Every record is validated as its form validates it
(caseworker.people, caseworker.screening), on the day the file was exported; a bad field
is named with its record ("client 3 (ref 3f2a9c): Date of birth: ..."), and a record whose
id is already in this caseload is refused rather than overwritten.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core import vocab
from caseworker.core.dates import format_uk
from caseworker.core.errors import FieldError, ImportRefused, ValidationFailed
from caseworker.core.validation import FormReader
from caseworker.people import client_reference, refresh_search_text
from caseworker.people.clients import CLIENT_FIELDS
from caseworker.people.family import CHILD_FIELDS, HOUSEHOLD_FIELDS
from caseworker.people.validation import (
    validate_child,
    validate_client,
    validate_consent,
    validate_household_member,
    validate_network_contact,
)
from caseworker.screening import instruments
from caseworker.store.database import Database
from caseworker.store.export import FORMAT, FORMAT_VERSION
from caseworker.store.models import (
    AddressHistory,
    ChildRecord,
    Client,
    ClientAlias,
    ConsentRecord,
    HouseholdMember,
    NetworkContact,
    Record,
    Screening,
    Worker,
)
from caseworker.store.trail import append_event

# Imported, in an order that writes every record after the records it points to.
IMPORTED: tuple[type[Record], ...] = (
    Worker, Client, ClientAlias, AddressHistory, ChildRecord, HouseholdMember,
    NetworkContact, ConsentRecord, Screening,
)  # fmt: skip
# In an export, left out on purpose (see above).
NOT_IMPORTED = frozenset({"trail_event", "dueitem", "setting"})
# What a record is called in a message, by table.
NOUNS = {
    "worker": "worker", "client": "client", "clientalias": "alias",
    "addresshistory": "past address", "child": "child", "householdmember": "household member",
    "networkcontact": "contact", "consent": "consent decision", "screening": "screening",
}  # fmt: skip
_BATCH = 500  # ids per existence query (well inside every database's parameter limit)

ImportProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportFile:
    exported_on: date  # each record is validated as its form would on that day
    tables: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class ImportSummary:
    clients: int
    records: int  # every record written, the clients and workers among them
    workers: int  # workers added (those already here are not counted)


def _table_of(model: type[Record]) -> str:
    return model.__table__.name  # type: ignore[attr-defined]


def read_export(path: Path) -> ExportFile:
    """The tables of an export file, or ImportRefused saying why it is not one."""
    try:
        with path.open(encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise ImportRefused(f"There is no file {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportRefused(
            f"{path} is not a caseworker export (not JSON). Nothing was imported."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRefused(f"{path} is not a caseworker export. Nothing was imported.")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ImportRefused(
            f"{path} is an export in format version {doc.get('format_version')!r}; this "
            f"version of caseworker reads version {FORMAT_VERSION}. Nothing was imported."
        )
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
        for rows in tables.values()
    ):
        raise ImportRefused(f"{path}: its tables are not lists of records. Nothing was imported.")
    known = {_table_of(m) for m in IMPORTED} | NOT_IMPORTED
    unknown = sorted(set(tables) - known)
    if unknown:
        raise ImportRefused(
            f"{path} has tables this version of caseworker does not know ({', '.join(unknown)}):"
            " was it exported by a newer version? Nothing was imported."
        )
    return ExportFile(_export_day(doc.get("exported_at")), tables)


def _export_day(text: Any) -> date:
    try:
        return datetime.fromisoformat(str(text)).date()
    except ValueError:
        raise ImportRefused("The export has no valid exported_at. Nothing was imported.") from None


# ---- one record: validated as its form is, then made into a row --------------------------


class _Names:
    """How a record is named in a message: its kind, its place in the file, its client."""

    def __init__(self, clients: Sequence[dict[str, Any]]) -> None:
        self.client_refs = {}
        for row in clients:
            try:
                self.client_refs[str(row.get("id"))] = client_reference(uuid.UUID(str(row["id"])))
            except (KeyError, ValueError):
                continue

    def of(self, table: str, n: int, row: dict[str, Any]) -> str:
        noun = NOUNS[table]
        owner = str(row.get("id") if table == "client" else row.get("client_id"))
        ref = self.client_refs.get(owner)
        if table == "client":
            return f"{noun} {n} (ref {ref})" if ref else f"{noun} {n}"
        return f"{noun} {n} (client ref {ref})" if ref else f"{noun} {n}"


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
        return {k: clean[k] for k in CLIENT_FIELDS}
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
        return {k: clean[k] for k in CHILD_FIELDS}
    if table == "householdmember":
        clean = validate_household_member(_form_raw(row, ("date_of_birth",)), day)
        return {k: clean[k] for k in HOUSEHOLD_FIELDS}
    if table == "networkcontact":
        clean = validate_network_contact(_form_raw(row, ("last_checked", "started_on")), day)
        ended = _simple_date(row, "ended_on", "Ended on")
        return {**clean, "ended_on": ended}
    if table == "consent":
        return validate_consent(_form_raw(row, ("decided_on", "policy_explained_on")), day)
    if table == "screening":
        return _screening(row)
    return _simple(table, row)


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
    try:
        record = model.model_validate({**row, **clean})
    except ValidationError as exc:
        raise ValidationFailed(
            [_field_error(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None
    return record


def _field_error(name: str, message: str) -> FieldError:
    return FieldError(name, name.replace("_", " ").capitalize(), message)


# ---- the whole file ------------------------------------------------------------------------


def _already_here(session: Session, model: type[Record], ids: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        found.update(session.scalars(select(model.id).where(col(model.id).in_(chunk))))
    return found


# A record that points to another of its own table (a contact to the one it replaced, an
# AUDIT to the AUDIT-C it followed) is written after that one.
_SELF_LINKS = {"networkcontact": "replaces_id", "screening": "follows_id"}


def _in_link_order(made: list[tuple[str, Record]], link: str | None) -> list[tuple[str, Record]]:
    if link is None:
        return made
    ids = {record.id for _, record in made}
    written: set[uuid.UUID] = set()
    ordered: list[tuple[str, Record]] = []
    waiting = made
    while waiting:
        later = []
        for item in waiting:
            target = getattr(item[1], link)
            if target is None or target not in ids or target in written:
                ordered.append(item)
                written.add(item[1].id)
            else:
                later.append(item)
        if len(later) == len(waiting):  # a loop of links: the database will refuse it
            ordered.extend(later)
            break
        waiting = later
    return ordered


def import_records(
    session: Session, export: ExportFile, progress: ImportProgress | None = None
) -> ImportSummary:
    """Validate and add every record of ``export`` to the session, which the caller
    commits as one transaction. Raises ImportRefused naming the first record that cannot
    be imported, and every bad field of it."""
    tables, day = export.tables, export.exported_on
    clients = tables.get("client", [])
    names = _Names(clients)
    client_ids = set(names.client_refs)
    aliases: defaultdict[str, list[str]] = defaultdict(list)
    for row in tables.get("clientalias", []):
        aliases[str(row.get("client_id"))].append(str(row.get("alias") or ""))
    total = sum(len(tables.get(_table_of(m), [])) for m in IMPORTED)
    read = written = workers = 0
    for model in IMPORTED:
        table = _table_of(model)
        made: list[tuple[str, Record]] = []
        for n, row in enumerate(tables.get(table, []), start=1):
            what = names.of(table, n, row)
            if table not in {"worker", "client"} and str(row.get("client_id")) not in client_ids:
                raise ImportRefused(
                    f"{what}: its client is not in the file (an export of some clients "
                    "holds each client with their records). Nothing was imported."
                )
            try:
                clean = _clean(table, row, day, aliases[str(row.get("id"))])
                made.append((what, _record(model, row, clean)))
            except ValidationFailed as exc:
                raise ImportRefused(f"{what}: {exc}. Nothing was imported.") from None
            read += 1
            if progress is not None and read % 500 == 0:
                progress(read, total)
        made = _in_link_order(made, _SELF_LINKS.get(table))
        here = _already_here(session, model, [r.id for _, r in made])
        for what, record in made:
            if record.id in here:
                if table == "worker":  # the same worker, who has worked in both caseloads
                    continue
                raise ImportRefused(
                    f"{what} is already in this caseload (the same record id): nothing was "
                    "imported, and nothing here was changed."
                )
            if isinstance(record, Client):
                refresh_search_text(record, aliases[str(record.id)])
            if table == "worker":
                workers += 1
            session.add(record)
            written += 1
        # Written table by table: the models declare no relationship(), so the unit of
        # work would not order the inserts by their foreign keys.
        session.flush()
    append_event(
        session,
        "import",
        "database",
        summary=f"Imported {len(clients)} clients ({written} records) from an export "
        f"of {format_uk(day)}",
        changes={"clients": len(clients), "records": written},
    )
    if progress is not None:
        progress(total, total)
    return ImportSummary(clients=len(clients), records=written, workers=workers)


def import_file(db: Database, path: Path, progress: ImportProgress | None = None) -> ImportSummary:
    """Import an export file into the caseload ``db``, all or nothing."""
    tables = read_export(path)
    with db.session() as s:
        return import_records(s, tables, progress)


__all__ = ["ExportFile", "ImportSummary", "import_file", "import_records", "read_export"]
