"""Creating and changing client records. Screens and the CLI call these; none write SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.errors import NotAllowed, NotFound
from caseworker.core.names import folded
from caseworker.people.validation import validate_client
from caseworker.people.versions import refuse_if_changed, saving_over
from caseworker.store.models import AddressHistory, Client, ClientAlias
from caseworker.store.records import get_record

CLIENT_FIELDS = (
    "given_name", "family_name", "date_of_birth", "gender", "address", "area", "phone",
    "ethnicity", "language", "interpreter_needed", "substances", "treatment_type",
    "take_home_medication", "status", "parental_status", "pregnant", "risk_to_staff",
    "risk_to_staff_note", "notes",
)  # fmt: skip


def client_reference(client_id: uuid.UUID) -> str:
    """A short reference that names no one (what a calendar export shows instead of a
    name): the first six characters of the record's id."""
    return client_id.hex[:6]


def client_names(session: Session, client_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each client's name ("Ada Lee"), for lists of many clients at once (in bounded
    batches: a figure of a supervision review may name thousands)."""
    ids = sorted(set(client_ids), key=str)
    out: dict[uuid.UUID, str] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(col(Client.id), col(Client.given_name), col(Client.family_name)).where(
                col(Client.id).in_(ids[start : start + 500])
            )
        )
        out.update({cid: f"{given} {family}".strip() for cid, given, family in rows})
    return out


def client_by_reference(session: Session, reference: str) -> Client:
    """The client whose id is ``reference`` or starts with it (6 characters at least, as
    client_reference prints it; dashes and capitals are forgiven). NotFound if none,
    NotAllowed if it fits more than one (give more characters)."""
    ref = reference.strip().lower().replace("-", "")
    if len(ref) < 6 or any(c not in "0123456789abcdef" for c in ref):
        raise NotFound(
            f"{reference.strip()!r} is not a client reference: give at least the first 6 "
            "characters of one (letters a-f and digits), as the diary and exports print it."
        )
    # Compared here rather than in SQL: the id is text on SQLite and a uuid on PostgreSQL,
    # and the ids alone of a whole caseload are a small read.
    found = [i for i in session.scalars(select(Client.id)) if i.hex.startswith(ref)]
    if not found:
        raise NotFound(f"No client's reference starts with {ref}.")
    if len(found) > 1:
        raise NotAllowed(f"More than one client's reference starts with {ref}: give more of it.")
    return get_client(session, found[0])


def sort_key_for(given: str, family: str) -> str:
    return f"{family} {given}".strip().lower()


def search_text_of(given: str, family: str, aliases: list[str]) -> str:
    """Names and aliases without case or accents (core.names.folded), as searched."""
    return " | ".join(folded(p) for p in (given, family, *aliases) if p)


def refresh_search_text(client: Client, aliases: list[str]) -> None:
    """Denormalised folded names + aliases: search is one scan of one table."""
    client.search_text = search_text_of(client.given_name, client.family_name, aliases)
    client.sort_key = sort_key_for(client.given_name, client.family_name)


def get_client(session: Session, client_id: uuid.UUID) -> Client:
    return get_record(session, Client, client_id, "client record")


def aliases_of(session: Session, client_id: uuid.UUID) -> list[str]:
    rows = session.execute(
        select(ClientAlias.alias)
        .where(ClientAlias.client_id == client_id)
        .order_by(ClientAlias.alias)
    )
    return [r[0] for r in rows]


def create_client(
    session: Session,
    raw: dict[str, Any],
    today: date,
    *,
    key_worker_id: uuid.UUID | None = None,
) -> Client:
    """Validate form input and add a client (raises ValidationFailed naming each bad field)."""
    clean = validate_client(raw, today)
    client = Client(**{k: clean[k] for k in CLIENT_FIELDS})
    client.key_worker_id = key_worker_id or session.info.get("worker_id")
    if clean["parental_status"] != "not_asked":
        client.parental_status_checked_on = today
    refresh_search_text(client, clean["aliases"])
    session.add(client)
    # The models declare no relationship(), so the unit of work does not order inserts
    # by foreign key: write the client first so its aliases and children can refer to it.
    session.flush()
    for alias in clean["aliases"]:
        session.add(ClientAlias(client_id=client.id, alias=alias))
    return client


def update_client(
    session: Session,
    client_id: uuid.UUID,
    raw: dict[str, Any],
    today: date,
    *,
    version: int | None = None,
) -> Client:
    """Save the form over the record. ``version``: the one the form was opened with; a
    record changed since (by someone else) is refused with theirs shown (ChangedElsewhere).
    A pregnancy newly recorded makes a pre-CAF due again (caseworker.people.triggers)."""
    from caseworker.people.triggers import client_updated

    clean = validate_client(raw, today)
    client = get_client(session, client_id)
    refuse_if_changed(session, client, version, "client record", clean, CLIENT_FIELDS)
    was_pregnant = client.pregnant
    with saving_over(session, client, "client record", clean, CLIENT_FIELDS):
        if clean["parental_status"] != client.parental_status:
            client.parental_status_checked_on = today
        moved = (clean["address"], clean["area"]) != (client.address, client.area)
        if moved and (client.address or client.area):
            # Keep where the family lived before: moves make families hard to track [002].
            session.add(AddressHistory(client_id=client.id, address=client.address,
                                       area=client.area, moved_out=today))  # fmt: skip
        for k in CLIENT_FIELDS:
            setattr(client, k, clean[k])
        # Row by row through the session (not a bulk DELETE) so the trail hook records each removal.
        kept: set[str] = set()
        for row in session.scalars(select(ClientAlias).where(ClientAlias.client_id == client_id)):
            if row.alias in clean["aliases"] and row.alias not in kept:
                kept.add(row.alias)
            else:
                session.delete(row)
        for alias in dict.fromkeys(clean["aliases"]):
            if alias not in kept:
                session.add(ClientAlias(client_id=client.id, alias=alias))
        refresh_search_text(client, clean["aliases"])
    client_updated(session, client, was_pregnant=was_pregnant, today=today)
    return client


def previous_addresses(session: Session, client_id: uuid.UUID) -> list[AddressHistory]:
    stmt = (
        select(AddressHistory)
        .where(AddressHistory.client_id == client_id)
        .order_by(col(AddressHistory.moved_out).desc(), col(AddressHistory.created_at).desc())
    )
    return list(session.scalars(stmt))


def client_form_values(session: Session, client: Client) -> dict[str, Any]:
    """The record as the form shows it (text for text fields, dd/mm/yyyy dates)."""
    from caseworker.core.dates import format_uk

    values: dict[str, Any] = {k: getattr(client, k) for k in CLIENT_FIELDS}
    values["date_of_birth"] = format_uk(client.date_of_birth)
    values["substances"] = ", ".join(client.substances or [])
    values["aliases"] = ", ".join(aliases_of(session, client.id))
    values["version"] = client.version  # not a field: passed back to update_client
    return values
