"""`caseworker import FILE`: records from an export brought into the current caseload.

The file is what `caseworker export` writes (caseworker.store.export: format
"caseworker-export", format_version 1): the whole caseload, or the same document holding
only some clients (any table, or any client's rows, may be left out). What comes in is
each client and everything recorded about them: aliases, past addresses, children,
household, network, consent, screenings, meetings (with their agreed actions) and what
the worker did about due items (done, booked, moved), with their ids and stamps as
exported (the version counter starts again at 1: SQLAlchemy sets it on insert, and it
guards saves within one caseload); the workers those records name (a worker already
here is the same person and is left as it is). What does not: the other caseload's trail
(this caseload's own trail records the import, each record a "create" event as any new
record is, and one "import" event), its due items (worked out again from the records),
its settings and any form's draft.

All or nothing, in one transaction. Every record is validated as its form validates it
(caseworker.people, caseworker.screening), on the day the file was exported; a bad field
is named with its record ("client 3 (ref 3f2a9c): Date of birth: ..."), and a record whose
id is already in this caseload is refused rather than overwritten.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.caseload.import_checks import checked_record
from caseworker.core.dates import format_uk
from caseworker.core.errors import ImportRefused, ValidationFailed
from caseworker.people import client_reference, refresh_search_text
from caseworker.store.database import Database
from caseworker.store.export import FORMAT, FORMAT_VERSION
from caseworker.store.models import (
    AddressHistory,
    AssessmentCopy,
    AssessmentHomeVisit,
    ChildRecord,
    Client,
    ClientAlias,
    ConsentRecord,
    DueAction,
    FamilyCarePlan,
    HouseholdMember,
    Letter,
    Meeting,
    MeetingAction,
    MultiAgencyAssessment,
    NetworkContact,
    PlanAction,
    PreCaf,
    PreCafRating,
    ReassessmentTrigger,
    Record,
    Referral,
    ReferralChase,
    ReferralChild,
    Screening,
    SharingDecision,
    Visit,
    VisitAction,
    VisitAddendum,
    VisitChild,
    VisitNote,
    VisitObservation,
    Worker,
)
from caseworker.store.trail import append_event

__all__ = ["ExportFile", "ImportSummary", "import_file", "import_records", "read_export"]

# Imported, in an order that writes every record after the records it points to.
IMPORTED: tuple[type[Record], ...] = (
    Worker, Client, ClientAlias, AddressHistory, ChildRecord, HouseholdMember,
    NetworkContact, ConsentRecord, Screening, Meeting, MeetingAction, DueAction,
    PreCaf, PreCafRating, PlanAction, MultiAgencyAssessment, AssessmentHomeVisit,
    AssessmentCopy, FamilyCarePlan, ReassessmentTrigger, Visit, VisitNote, VisitChild,
    VisitObservation, VisitAction, VisitAddendum, SharingDecision, Letter, Referral,
    ReferralChild, ReferralChase,
)  # fmt: skip
# In an export, left out on purpose (see above). A form's draft is typing not yet saved
# on the other laptop: it stays there, with its worker. A supervision session witnesses
# the caseload it was held on, signed there (its pack is what travels).
NOT_IMPORTED = frozenset({
    "trail_event", "dueitem", "setting", "form_draft",
    "supervision_session", "supervision_case", "supervision_action",
})  # fmt: skip
# What a record is called in a message, by table.
NOUNS = {
    "worker": "worker", "client": "client", "clientalias": "alias",
    "addresshistory": "past address", "child": "child", "householdmember": "household member",
    "networkcontact": "contact", "consent": "consent decision", "screening": "screening",
    "meeting": "meeting", "meeting_action": "agreed action", "due_action": "diary entry",
    "precaf": "pre-CAF", "precaf_rating": "pre-CAF rating", "plan_action": "plan action",
    "multi_agency_assessment": "multi-agency assessment",
    "assessment_home_visit": "assessment home visit", "assessment_copy": "assessment copy",
    "family_care_plan": "family care plan", "reassessment_trigger": "re-assessment trigger",
    "visit": "home visit", "visit_note": "visit note", "visit_child": "child on a visit",
    "visit_observation": "visit observation", "visit_action": "visit action",
    "visit_addendum": "visit addendum", "sharing_decision": "sharing decision",
    "letter": "finalised letter",
    "referral": "referral", "referral_child": "child of a referral",
    "referral_chase": "referral chase",
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


# ---- the whole file ------------------------------------------------------------------------


def _already_here(session: Session, model: type[Record], ids: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        found.update(session.scalars(select(model.id).where(col(model.id).in_(chunk))))
    return found


# A record that points to another of its own table (a contact to the one it replaced, an
# AUDIT to the AUDIT-C it followed, a referral sent again to the one that bounced back)
# is written after that one.
_SELF_LINKS = {
    "networkcontact": "replaces_id",
    "screening": "follows_id",
    "referral": "previous_id",
}


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
                record = checked_record(model, table, row, day, aliases[str(row.get("id"))])
                made.append((what, record))
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
