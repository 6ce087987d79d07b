"""Sharing decisions: every decision to share a client's information, or not to, with
what, with whom, why and on what basis, signed and dated [004 TS-5, TS-6; 000 §4.3].

Sealed from the moment it is written (caseworker.store.sealed): the database refuses to
change or delete one; a correction is a new decision that names the one it supersedes.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field

from caseworker.store.models.base import Record


class SharingDecision(Record, table=True):
    __tablename__ = "sharing_decision"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    what: str  # what was (or was not) shared, in words
    recipient: str
    shared: bool
    # caseworker.referrals BASES: consent, immediate_risk, increased_risk, statutory; ""
    # for a decision not to share.
    basis: str = ""
    reason: str = ""  # why (required unless shared on consent)
    consent_state: str = ""  # the consent position when decided: given/refused/expired/none
    consent_id: uuid.UUID | None = Field(default=None, foreign_key="consent.id")
    # What was shared, when it is a record (a referral, a letter): its table and id.
    source_table: str = ""
    source_id: uuid.UUID | None = None
    decided_on: date
    decided_at: datetime
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    signed_as: str = ""
    supersedes_id: uuid.UUID | None = Field(default=None, foreign_key="sharing_decision.id")
