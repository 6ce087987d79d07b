from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field

from caseworker.store.models.base import Record


class Client(Record, table=True):
    """The adult in treatment."""

    # Indexes for the caseload (caseworker.caseload.page); each filter's count and first
    # page read an index, never the (wide) table:
    # - ix_client_caseload: keyset order plus every column the list filters and searches
    #   on, so a search, "open", "parents" (pregnant too) and the EXISTS filters scan
    #   this index rather than the table, and a page stops after a few rows;
    # - ix_client_parental_caseload: "not asked" is one range of it, already in keyset
    #   order (no sort) and counted without the table (status is in it);
    # - ix_client_status_caseload: "closed" the same way;
    # - ix_client_search: a search's count ("open", "everyone") scans only the
    #   names and the status, about half the pages of ix_client_caseload.
    __table_args__ = (
        Index(
            "ix_client_caseload",
            "sort_key", "id", "status", "parental_status", "pregnant", "search_text",
        ),
        Index("ix_client_parental_caseload", "parental_status", "sort_key", "id", "status"),
        Index("ix_client_status_caseload", "status", "sort_key", "id"),
        Index("ix_client_search", "search_text", "status"),
    )  # fmt: skip

    given_name: str
    family_name: str
    # Lower-cased names and aliases, kept by caseworker.people.clients so that search by
    # name or alias is one indexed-table scan rather than a join per keystroke.
    search_text: str = Field(default="")  # indexed with the status: ix_client_search
    # "family given" lower-cased: the caseload's stable sort key (keyset paging).
    sort_key: str = Field(default="", index=True)
    date_of_birth: date | None = None
    gender: str = ""
    address: str = ""
    area: str = ""
    phone: str = ""
    ethnicity: str = ""
    language: str = "English"
    interpreter_needed: bool = False
    substances: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    treatment_type: str = "key_working"  # vocab.TREATMENT_TYPES
    take_home_medication: bool = False
    key_worker_id: uuid.UUID | None = Field(default=None, foreign_key="worker.id", index=True)
    status: str = Field(default="active", index=True)  # vocab.CLIENT_STATUS
    risk_to_staff: bool = False
    risk_to_staff_note: str = ""
    parental_status: str = Field(default="not_asked", index=True)  # vocab.PARENTAL_STATUS
    parental_status_checked_on: date | None = None
    pregnant: bool = False
    notes: str = ""


def client_of(record: Record) -> uuid.UUID | None:
    """The client a record is about (a client is about itself); None for other records."""
    if isinstance(record, Client):
        return record.id
    return getattr(record, "client_id", None)


class ClientAlias(Record, table=True):
    """Other names a client is or was known by: families are checked under aliases too."""

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    alias: str


class AddressHistory(Record, table=True):
    """Past addresses and areas: moves make families hard to track."""

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    address: str
    area: str = ""
    moved_in: date | None = None
    moved_out: date | None = None
