from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Field

from caseworker.store.models.base import Record


class NetworkContact(Record, table=True):
    """A professional involved with the client or one child.

    Contacts change over time (one family's social-care contact moved through
    three teams), so a change ends the old row and starts a new one: history,
    not one field. ``ended_on`` is None while the contact is current.
    """

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id", index=True)
    agency: str
    team: str = ""
    contact_name: str = ""
    role: str = "involved"  # vocab.NETWORK_ROLES
    phone: str = ""
    email: str = ""
    confirmed: bool = False  # involvement confirmed with the agency, not assumed
    last_checked: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    replaces_id: uuid.UUID | None = Field(default=None, foreign_key="networkcontact.id")


class ConsentRecord(Record, table=True):
    """Consent to share with one named recipient. New decisions append; the latest counts."""

    __tablename__ = "consent"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    recipient: str
    state: str  # vocab.CONSENT_STATES
    decided_on: date
    policy_explained_on: date | None = None
    notes: str = ""
    # What may be shared (blank: what bears on the children's safety) and until when
    # (blank: until withdrawn). Consent past its expiry counts as none.
    scope: str = ""
    expires_on: date | None = None
