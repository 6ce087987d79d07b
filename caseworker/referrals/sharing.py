"""Sharing decisions: before anything about a client leaves this caseload (a letter
finalised, a referral sent, an export of client data), consent for that recipient is
checked; where it is missing, refused or expired, the worker records the basis for sharing
anyway (immediate risk to a child's life; asking would increase the risk of significant
harm; a statutory duty) or does not share [004 TS-5, TS-6; 000 §4.3].

Every decision, share or not, is a SharingDecision: what, with whom, why, the basis, the
consent position at that moment, signed by the worker at the keyboard and dated. It is
sealed as it is written (the database refuses to change or delete one); a correction is a
new decision that supersedes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.dates import format_uk
from caseworker.core.errors import NotAllowed
from caseworker.core.validation import NAME, NOTES, PARAGRAPH, FormReader
from caseworker.core.vocab import Choices
from caseworker.people import current_consents, get_client
from caseworker.store.models import Client, ConsentRecord, SharingDecision, Worker

CONSENT = "consent"
BASES: Choices = (
    (CONSENT, "Consent given"),
    ("immediate_risk", "Immediate risk to a child's life"),
    ("increased_risk", "Asking would increase the risk of significant harm"),
    ("statutory", "A statutory duty"),
)
# Consent states recorded as "not sought", and the basis each one is.
_NOT_SOUGHT = {"not_sought_life": "immediate_risk", "not_sought_harm": "increased_risk"}


@dataclass(frozen=True)
class ConsentPosition:
    """What the client has said about sharing with one recipient, as of a day."""

    state: str  # given | refused | expired | none
    recipient: str
    words: str  # for the screen and the letter
    consent_id: uuid.UUID | None = None
    scope: str = ""
    # A recorded "not sought" (with its reason): the basis it already names.
    not_sought_basis: str | None = None
    # For the worker, not the letter: another recipient whose consent could be shared on.
    advice: str = ""

    @property
    def told(self) -> str:
        """The position as the worker is told it (with the advice)."""
        return f"{self.words} {self.advice}".strip()

    @property
    def given(self) -> bool:
        return self.state == "given"


def _position(record: ConsentRecord | None, recipient: str, today: date) -> ConsentPosition:
    if record is None:
        return ConsentPosition("none", recipient, f"No consent is recorded to share with "
                               f"{recipient}.")  # fmt: skip
    on = format_uk(record.decided_on)
    if record.state == "given":
        if record.expires_on is not None and record.expires_on < today:
            return ConsentPosition(
                "expired", recipient,
                f"Consent to share with {record.recipient} (given {on}) expired on "
                f"{format_uk(record.expires_on)}.", record.id, record.scope,
            )  # fmt: skip
        scope = f" for: {record.scope}" if record.scope else ""
        until = f", until {format_uk(record.expires_on)}" if record.expires_on else ""
        words = f"Consent given {on} to share with {record.recipient}{scope}{until}."
        return ConsentPosition("given", recipient, words, record.id, record.scope)
    if record.state in _NOT_SOUGHT:
        return ConsentPosition(
            "none", recipient,
            f"Consent was not sought from the client ({on}): {record.notes}".rstrip(": "),
            record.id, not_sought_basis=_NOT_SOUGHT[record.state],
        )  # fmt: skip
    verb = "withdrawn" if record.state == "withdrawn" else "refused"
    return ConsentPosition("refused", recipient, f"Consent to share with {record.recipient} "
                           f"was {verb} on {on}.", record.id)  # fmt: skip


def consent_position(
    session: Session, client_id: uuid.UUID, recipient: str, today: date
) -> ConsentPosition:
    """The consent that counts for this recipient (the newest decision naming it, compared
    without case), as of `today`. A team of an agency ("Children's social care (Front
    door)", as a referral names it) is covered by what the client said about the agency
    itself, unless they said something about that team."""
    current = current_consents(session, client_id)
    key = recipient.strip().lower()
    record = current.get(key) or current.get(agency_key(key))
    position = _position(record, recipient.strip(), today)
    if record is None:
        # Consent is per named recipient: what the client agreed for one team of the
        # agency does not cover the agency as a whole. Said, so that the worker addresses
        # the letter to that team rather than overriding a consent the client gave.
        teams = [
            r.recipient for named, r in current.items()
            if named != key and agency_key(named) == key and _position(r, "", today).given
        ]  # fmt: skip
        if teams:
            which = "that recipient" if len(teams) == 1 else "one of them"
            advice = (f"Consent is given to share with {'; '.join(teams)}: name {which} "
                      f"to share on that consent.")  # fmt: skip
            position = replace(position, advice=advice)
    return position


def agency_key(recipient: str) -> str:
    """The agency a recipient names, without its team in brackets, compared without case."""
    key = recipient.strip().lower()
    if key.endswith(")") and " (" in key:
        return key[: key.rindex(" (")].strip()
    return key


def validate_sharing(raw: dict[str, Any], position: ConsentPosition) -> dict[str, Any]:
    r = FormReader(raw)
    r.text("what", "What is shared", required=True, max_len=PARAGRAPH)
    r.text("recipient", "Recipient", required=True, max_len=NAME)
    share = r.flag("share")
    r.text("reason", "Reason", max_len=NOTES)
    basis = None
    if share:
        basis = r.choice("basis", "Basis for sharing", BASES, None)
        if basis == CONSENT and not position.given:
            r.fail("basis", "Basis for sharing", f"{position.told} Share on another basis, "
                   "with its reason, or do not share.")  # fmt: skip
        elif basis not in (None, CONSENT) and not r.clean["reason"]:
            r.fail("reason", "Reason", "say why it is shared without consent")
    else:
        r.clean["basis"] = ""
        if not r.clean["reason"]:
            r.fail("reason", "Reason", "say why it is not shared")
    source = raw.get("source_id")
    r.clean["source_id"] = source if isinstance(source, uuid.UUID) else None
    r.clean["source_table"] = str(raw.get("source_table") or "")[:NAME]
    supersedes = raw.get("supersedes_id")
    r.clean["supersedes_id"] = supersedes if isinstance(supersedes, uuid.UUID) else None
    r.clean["basis"] = basis or ""
    return r.result()


def _signing_worker(session: Session) -> Worker:
    worker_id = session.info.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    if worker is None:
        raise NotAllowed("Only a named worker can sign a sharing decision: unlock as yourself.")
    return worker


def _decision(
    client_id: uuid.UUID,
    clean: dict[str, Any],
    position: ConsentPosition,
    worker: Worker,
    today: date,
    now: datetime,
) -> SharingDecision:
    return SharingDecision(
        client_id=client_id,
        what=clean["what"],
        recipient=clean["recipient"],
        shared=clean["share"],
        basis=clean["basis"],
        reason=clean["reason"],
        consent_state=position.state,
        consent_id=position.consent_id,
        source_table=clean["source_table"],
        source_id=clean["source_id"],
        decided_on=today,
        decided_at=now.astimezone(UTC),
        decided_by=worker.id,
        signed_as=worker.name,
        supersedes_id=clean["supersedes_id"],
    )


def decide_sharing(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date, now: datetime
) -> SharingDecision:
    """Record the decision to share (or not), after checking consent for its recipient.
    raw: what, recipient, share (bool), basis (BASES id; "consent" only when consent is
    given), reason (required unless shared on consent, and when not sharing), and
    optionally source_table/source_id (the record shared) and supersedes_id. Refused with
    ValidationFailed naming the field; signed by the worker at the keyboard; sealed."""
    get_client(session, client_id)
    worker = _signing_worker(session)
    recipient = str(raw.get("recipient") or "").strip()
    position = consent_position(session, client_id, recipient, today)
    clean = validate_sharing(raw, position)
    decision = _decision(client_id, clean, position, worker, today, now)
    session.add(decision)
    session.flush()
    return decision


def consent_positions(
    session: Session,
    recipient: str,
    today: date,
    client_ids: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, ConsentPosition]:
    """consent_position for many clients (every client, or those given) in one read of
    the consent table: what an export to a recipient checks, client by client."""
    key = recipient.strip().lower()
    agency = agency_key(key)
    wanted = set(client_ids) if client_ids is not None else None
    stmt = select(ConsentRecord).order_by(
        col(ConsentRecord.client_id),
        col(ConsentRecord.decided_on).desc(),
        col(ConsentRecord.created_at).desc(),
    )
    newest: dict[uuid.UUID, ConsentRecord] = {}
    of_agency: dict[uuid.UUID, ConsentRecord] = {}
    for record in session.scalars(stmt):
        if wanted is not None and record.client_id not in wanted:
            continue
        # The same order and comparison as current_consents: the first one seen counts;
        # and as consent_position, the agency's covers its team when the team has none.
        named = record.recipient.strip().lower()
        if named == key:
            newest.setdefault(record.client_id, record)
        elif named == agency:
            of_agency.setdefault(record.client_id, record)
    ids = wanted if wanted is not None else set(session.scalars(select(col(Client.id))))
    return {
        cid: _position(newest.get(cid) or of_agency.get(cid), recipient.strip(), today)
        for cid in ids
    }


def decide_sharing_many(
    session: Session,
    raws: Mapping[uuid.UUID, dict[str, Any]],
    positions: Mapping[uuid.UUID, ConsentPosition],
    today: date,
    now: datetime,
) -> list[SharingDecision]:
    """decide_sharing for many clients at once (an export of their records): each
    client's raw is validated against its position (consent_positions) exactly as
    decide_sharing validates one, and all are refused if one is; signed by the worker at
    the keyboard, added to the session in one flush (the trail hook chains each)."""
    worker = _signing_worker(session)
    decisions = []
    for client_id, raw in raws.items():
        clean = validate_sharing(raw, positions[client_id])
        decisions.append(_decision(client_id, clean, positions[client_id], worker, today, now))
    session.add_all(decisions)
    session.flush()
    return decisions


def sharing_log(session: Session, client_id: uuid.UUID) -> list[SharingDecision]:
    """The client's sharing decisions, newest first (what a supervisor or an auditor
    reads: who shared what with whom, on what basis)."""
    stmt = (
        select(SharingDecision)
        .where(col(SharingDecision.client_id) == client_id)
        .order_by(col(SharingDecision.decided_at).desc())
    )
    return list(session.scalars(stmt))


BASIS_WORDS = dict(BASES)


def decision_words(d: SharingDecision) -> str:
    """One line: "Shared with CSC on 01/12/2026 (basis: immediate risk ...): the referral"."""
    on = format_uk(d.decided_on)
    if not d.shared:
        return f"Not shared with {d.recipient} on {on}: {d.what} (why: {d.reason})"
    basis = BASIS_WORDS.get(d.basis, d.basis).lower()
    why = f"; {d.reason}" if d.reason else ""
    return f"Shared with {d.recipient} on {on} (basis: {basis}{why}): {d.what}"
