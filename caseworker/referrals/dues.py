"""What referrals make due, as pure functions of the client's referral records (the
agenda gathers them with every other capability's rules):

- a verbal referral to children's social care: its written confirmation, the protocol's
  csc_written_confirmation (48 hours) after the call, at that moment, until the
  confirmation letter is finalised (confirm_in_writing);
- a referral sent and not acknowledged nor answered: a chase, the protocol's
  referral_acknowledgement after it was sent or last chased (a verbal CSC referral's,
  after its written confirmation: that is what CSC acknowledges, and until it is written
  the confirmation is the worker's next step, not a chase).

It also says which CSC referral a pre-CAF decision asked for has been made
(`csc_referral_made`): the agenda drops that due item then.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.content import Protocol
from caseworker.core.dates import format_uk
from caseworker.diary import UK, Due, DueKind, due_after, uk_date
from caseworker.referrals.referrals import VERBAL
from caseworker.store.models import Referral, ReferralChase

# The tables these rules read: a change to any recomputes the client's due items.
TABLES = frozenset({"referral", "referral_chase", "referral_child"})
_NOON = time(12)  # a day-only start, for a rule the protocol counts in hours


@dataclass(frozen=True)
class ReferralRecords:
    """One client's referral records, as the rules read them."""

    referrals: Sequence[Referral] = ()
    chases: Sequence[ReferralChase] = ()


def referral_records(
    session: Session, client_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, ReferralRecords]:
    """Each of these clients' referral records (a client with none: empty)."""
    ids = list(client_ids)
    referrals: defaultdict[uuid.UUID, list[Referral]] = defaultdict(list)
    chases: defaultdict[uuid.UUID, list[ReferralChase]] = defaultdict(list)
    for r in session.scalars(select(Referral).where(col(Referral.client_id).in_(ids))):
        referrals[r.client_id].append(r)
    for c in session.scalars(select(ReferralChase).where(col(ReferralChase.client_id).in_(ids))):
        chases[c.client_id].append(c)
    return {c: ReferralRecords(tuple(referrals[c]), tuple(chases[c])) for c in ids}


def aware_utc(moment: datetime | None) -> datetime | None:
    """A stored moment as aware UTC (SQLite hands back naive UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _at(rule: str, start: datetime, protocol: Protocol) -> tuple[date, datetime | None]:
    when = due_after(rule, start, protocol=protocol)
    if isinstance(when, datetime):
        return uk_date(when), when
    return when, None


def _whom(referral: Referral) -> str:
    """The agency and contact, as the worker typed them: the item's note (shown in the app,
    never exported), not its reason, since a contact is a named person."""
    return " · ".join(p for p in (referral.agency, referral.team, referral.contact_name) if p)


def _confirmation(referral: Referral, protocol: Protocol) -> Due | None:
    call = aware_utc(referral.call_at)
    if not referral.to_csc or referral.mode != VERBAL or call is None:
        return None
    if referral.confirmed_on is not None or referral.outcome:
        return None
    on, at = _at("csc_written_confirmation", call, protocol)
    return Due(
        DueKind.CSC_CONFIRMATION,
        referral.client_id,
        on,
        f"verbal referral to children's social care on {call.astimezone(UK):%d/%m/%Y at %H:%M}"
        ": confirm it in writing",
        referral.id,
        rule="csc_written_confirmation",
        booked_at=at,
        note=_whom(referral),
    )


def _chase(referral: Referral, chases: list[ReferralChase], protocol: Protocol) -> Due | None:
    if referral.sent_on is None or referral.acknowledged_on is not None or referral.outcome:
        return None
    call = aware_utc(referral.call_at)
    confirming = referral.to_csc and referral.mode == VERBAL
    if confirming and referral.confirmed_on is None:
        return None  # what CSC acknowledges is the written confirmation: that comes first
    last = max((c.chased_on for c in chases), default=None)
    if last is not None:
        start = datetime.combine(last, _NOON, tzinfo=UK)
        since = f"chased on {format_uk(last)}"
    elif confirming and referral.confirmed_on is not None:
        start = datetime.combine(referral.confirmed_on, _NOON, tzinfo=UK)
        since = f"confirmed in writing on {format_uk(referral.confirmed_on)}"
    else:
        start = call or datetime.combine(referral.sent_on, _NOON, tzinfo=UK)
        since = f"sent on {format_uk(referral.sent_on)}"
    on, at = _at("referral_acknowledgement", start, protocol)
    return Due(
        DueKind.REFERRAL_CHASE,
        referral.client_id,
        on,
        f"referral {since}, not acknowledged",
        referral.id,
        rule="referral_acknowledgement",
        booked_at=at,
        note=_whom(referral),
    )


def referral_dues(records: ReferralRecords, protocol: Protocol) -> list[Due]:
    """Everything the client's referrals make due now."""
    chases: defaultdict[uuid.UUID, list[ReferralChase]] = defaultdict(list)
    for c in records.chases:
        chases[c.referral_id].append(c)
    out: list[Due] = []
    for referral in records.referrals:
        for due in (
            _confirmation(referral, protocol),
            _chase(referral, chases[referral.id], protocol),
        ):
            if due is not None:
                out.append(due)
    return out


def csc_referral_made(due: Due, records: ReferralRecords) -> bool:
    """A CSC referral item (a pre-CAF's decision, due the day it was decided) answered
    by a referral to children's social care made on or after that day."""
    return due.kind is DueKind.CSC_REFERRAL and any(
        r.to_csc and r.made_on >= due.due_on for r in records.referrals
    )
