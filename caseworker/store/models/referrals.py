"""Referrals to another agency: what was asked for and why, for which children, and what
became of it (sent, chased, acknowledged, the outcome and the feedback).

A referral is tracked, not sealed: its tracking fields change as the agency answers, and
the trail records each change. A referral bounced back and sent again is a new row that
names the one before it (`previous_id`), so the chain of re-referrals stays visible.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field

from caseworker.store.models.base import Record


class Referral(Record, table=True):
    __tablename__ = "referral"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    agency: str
    to_csc: bool = False  # children's social care: a verbal one needs written confirmation
    team: str = ""
    contact_name: str = ""
    contact_id: uuid.UUID | None = Field(default=None, foreign_key="networkcontact.id")
    reason: str
    evidence: str = ""
    wanted_outcome: str  # the outcome the referrer wants: never left unsaid
    urgency: str  # caseworker.referrals URGENCY
    mode: str  # "verbal" or "written"
    made_on: date
    # A verbal referral: the aware moment (UTC) of the call, to whom, what was said.
    call_at: datetime | None = None
    call_to: str = ""
    call_said: str = ""
    sent_on: date | None = None
    sharing_decision_id: uuid.UUID | None = None  # the decision its sending was checked by
    acknowledged_on: date | None = None
    outcome: str = ""  # caseworker.referrals OUTCOMES ("" none yet)
    outcome_worker: str = ""  # the receiving agency's worker
    feedback_on: date | None = None
    confirmed_on: date | None = None  # a verbal CSC referral confirmed in writing
    confirmation_letter_id: uuid.UUID | None = None
    previous_id: uuid.UUID | None = Field(default=None, foreign_key="referral.id")


class ReferralChild(Record, table=True):
    """A child a referral is about."""

    __tablename__ = "referral_child"

    referral_id: uuid.UUID = Field(foreign_key="referral.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="child.id")


class ReferralChase(Record, table=True):
    """One chase of a referral not yet acknowledged or answered, dated."""

    __tablename__ = "referral_chase"

    referral_id: uuid.UUID = Field(foreign_key="referral.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    chased_on: date
    note: str = ""
