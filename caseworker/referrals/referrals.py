"""Recording a referral to another agency and tracking it until the agency answers.

The seeds' complaints shape it: a referral with no stated outcome (so the outcome the
referrer wants is required), no feedback (so the outcome, the receiving worker and the
date feedback arrived are recorded, and an unacknowledged referral is chased), verbal
referrals never confirmed (a verbal one to children's social care is due in writing within
the protocol's csc_written_confirmation) and "ping-pong" (a bounced referral sent again
names the first, so the chain is counted).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.content import load_agencies
from caseworker.core.dates import format_uk
from caseworker.core.errors import NotAllowed, NotFound
from caseworker.core.validation import LINE, NAME, NOTES, PARAGRAPH, FormReader
from caseworker.core.vocab import Choices, label
from caseworker.diary import UK
from caseworker.store.models import (
    ChildRecord,
    Client,
    NetworkContact,
    Referral,
    ReferralChase,
    ReferralChild,
)

URGENCY: Choices = (
    ("immediate", "Immediate: a child may be at risk now"),
    ("urgent", "Urgent: within the working day"),
    ("routine", "Routine"),
)
MODES: Choices = (("verbal", "Verbal (by phone or in person)"), ("written", "Written"))
VERBAL, WRITTEN = "verbal", "written"
BOUNCED = "bounced"
OUTCOMES: Choices = (
    ("accepted", "Accepted"),
    ("no_further_action", "No further action"),
    ("signposted", "Signposted elsewhere"),
    (BOUNCED, "Bounced back"),
)
REFERRAL_FIELDS = (
    "agency", "to_csc", "team", "contact_name", "contact_id", "reason", "evidence",
    "wanted_outcome", "urgency", "mode", "made_on", "call_at", "call_to", "call_said",
    "previous_id",
)  # fmt: skip


# A call's time may be this far ahead of the clock (a watch read a minute fast), no more.
CALL_AHEAD = timedelta(minutes=2)


def _call_moment(r: FormReader, today: date, now: datetime | None) -> datetime | None:
    """The call's aware moment (UTC) from its UK date and time: required of a verbal one,
    since the written confirmation counts in hours from it; never later than ``now`` (a
    call later today has not been made, and its 48 hours would start late)."""
    raw = r.raw.get("call_at")
    if isinstance(raw, datetime):
        if raw.tzinfo is None or raw.utcoffset() is None:
            r.fail("call_at", "Time of the call", "give the moment with its time zone")
            return None
        return raw.astimezone(UTC)
    on = r.date("call_on", "Date of the call", kind="event", today=today, required=True,
                future="is in the future: record a call once it is made")  # fmt: skip
    at = r.clock("call_time", "Time of the call", required=True)
    if on is None or at is None:
        return None
    moment = datetime(on.year, on.month, on.day, at.hour, at.minute, tzinfo=UK).astimezone(UTC)
    # (A ``now`` of another day than ``today``: the app is kept on a day of its own, as
    # its tests are; the date's own check stands then.)
    if now is not None and now.astimezone(UK).date() == today and moment > now + CALL_AHEAD:
        r.fail("call_time", "Time of the call", "is later than now: record a call once it is made")
        return None
    return moment


def is_csc(agency: str) -> bool:
    """Whether an agency typed is children's social care: the directory's CSC entries by
    name, or the words themselves (so a verbal referral to it is never left unconfirmed
    for want of a tick)."""
    words = agency.strip().lower().replace("’", "'")
    named = {a.name.lower() for a in load_agencies() if a.is_csc}
    return words in named or "children's social care" in words or "childrens social care" in words


def validate_referral(
    raw: dict[str, Any], today: date, now: datetime | None = None
) -> dict[str, Any]:
    r = FormReader(raw)
    agency = r.text("agency", "Agency", required=True, max_len=NAME)
    if not r.flag("to_csc") and is_csc(agency):
        r.clean["to_csc"] = True  # named so, it is CSC: its verbal referral needs writing
    r.text("team", "Team", max_len=LINE)
    r.text("contact_name", "Named contact", max_len=NAME)
    r.text("reason", "Reason for the referral", required=True, max_len=PARAGRAPH)
    r.text("evidence", "Evidence", max_len=NOTES)
    r.text("wanted_outcome", "Outcome wanted", required=True, max_len=PARAGRAPH)
    r.choice("urgency", "Urgency", URGENCY, None)
    mode = r.choice("mode", "Verbal or written", MODES, None)
    made_on = r.date("made_on", "Date made", kind="event", today=today,
                     future="is in the future: record a referral once it is made")  # fmt: skip
    r.clean["call_at"] = None
    r.text("call_to", "Spoke to", max_len=NAME, required=mode == VERBAL)
    r.text("call_said", "What was said", max_len=NOTES, required=mode == VERBAL)
    if mode == VERBAL:
        call_at = _call_moment(r, today, now)
        r.clean["call_at"] = call_at
        if call_at is not None and made_on is None:
            r.clean["made_on"] = call_at.astimezone(UK).date()
    elif made_on is None and not r.has_error("made_on"):
        r.fail("made_on", "Date made", "is required (dd/mm/yyyy)")
    r.clean.pop("call_on", None)
    r.clean.pop("call_time", None)
    for field in ("contact_id", "previous_id"):
        value = raw.get(field)
        r.clean[field] = value if isinstance(value, uuid.UUID) else None
    children = raw.get("child_ids") or ()
    r.clean["child_ids"] = [c for c in children if isinstance(c, uuid.UUID)]
    return r.result()


def get_referral(session: Session, referral_id: uuid.UUID) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("That referral is no longer on the record.")
    return referral


def record_referral(
    session: Session,
    client_id: uuid.UUID,
    raw: dict[str, Any],
    today: date,
    now: datetime | None = None,
) -> Referral:
    """A referral made: verbal (made on the call, so counted as sent) or written (sent
    later, through the consent check: send_referral). ``now``: the call's time is checked
    against it (a form's save gives it)."""
    if session.get(Client, client_id) is None:
        raise NotFound("That client is no longer on the caseload.")
    clean = validate_referral(raw, today, now)
    contact = clean["contact_id"] and session.get(NetworkContact, clean["contact_id"])
    if clean["contact_id"] and (not contact or contact.client_id != client_id):
        raise NotFound("That contact is not in this client's network.")
    previous = clean["previous_id"] and get_referral(session, clean["previous_id"])
    if previous and (previous.client_id != client_id or previous.outcome != BOUNCED):
        raise NotAllowed("Only a referral of this client that bounced back can be sent again.")
    children = {c.id for c in session.scalars(
        select(ChildRecord).where(col(ChildRecord.client_id) == client_id))}  # fmt: skip
    if not set(clean["child_ids"]) <= children:
        raise NotFound("A child chosen is not one of this client's children.")
    referral = Referral(client_id=client_id, **{k: clean[k] for k in REFERRAL_FIELDS})
    if referral.mode == VERBAL:
        referral.sent_on = referral.made_on
    session.add(referral)
    session.flush()  # its children name it
    for child_id in clean["child_ids"]:
        session.add(ReferralChild(referral_id=referral.id, client_id=client_id, child_id=child_id))
    return referral


def _tracked(session: Session, referral_id: uuid.UUID) -> Referral:
    referral = get_referral(session, referral_id)
    if referral.outcome:
        raise NotAllowed("This referral already has its outcome: record a new referral instead.")
    return referral


def mark_sent(referral: Referral, sent_on: date, decision_id: uuid.UUID | None) -> None:
    if referral.sent_on is not None:
        raise NotAllowed(f"This referral was already sent on {format_uk(referral.sent_on)}.")
    if sent_on < referral.made_on:
        raise NotAllowed("A referral cannot be sent before the date it was made.")
    referral.sent_on = sent_on
    referral.sharing_decision_id = decision_id


def record_chase(
    session: Session, referral_id: uuid.UUID, raw: dict[str, Any], today: date
) -> ReferralChase:
    referral = _tracked(session, referral_id)
    if referral.sent_on is None:
        raise NotAllowed("Send the referral before chasing it.")
    r = FormReader(raw)
    on = r.date("chased_on", "Chased on", kind="event", today=today, required=True)
    r.text("note", "Note", max_len=PARAGRAPH)
    if on is not None and on < referral.sent_on:
        r.fail("chased_on", "Chased on", "is before the referral was sent")
    clean = r.result()
    assert on is not None  # required: result() raised otherwise
    chase = ReferralChase(
        referral_id=referral.id, client_id=referral.client_id, chased_on=on, note=clean["note"]
    )
    session.add(chase)
    return chase


def record_acknowledgement(
    session: Session, referral_id: uuid.UUID, raw: dict[str, Any], today: date
) -> Referral:
    referral = _tracked(session, referral_id)
    if referral.sent_on is None:
        raise NotAllowed("Send the referral before recording its acknowledgement.")
    r = FormReader(raw)
    on = r.date("acknowledged_on", "Acknowledged on", kind="event", today=today, required=True)
    if on is not None and on < referral.sent_on:
        r.fail("acknowledged_on", "Acknowledged on", "is before the referral was sent")
    r.result()
    referral.acknowledged_on = on
    return referral


def record_outcome(
    session: Session, referral_id: uuid.UUID, raw: dict[str, Any], today: date
) -> Referral:
    """What the agency decided, who decided it and when the feedback arrived."""
    referral = _tracked(session, referral_id)
    if referral.sent_on is None:
        raise NotAllowed("Send the referral before recording its outcome.")
    r = FormReader(raw)
    r.choice("outcome", "Outcome", OUTCOMES, None)
    r.text("outcome_worker", "Their worker", max_len=NAME)
    on = r.date("feedback_on", "Feedback arrived on", kind="event", today=today, required=True)
    if on is not None and on < referral.sent_on:
        r.fail("feedback_on", "Feedback arrived on", "is before the referral was sent")
    clean = r.result()
    referral.outcome = clean["outcome"]
    referral.outcome_worker = clean["outcome_worker"]
    referral.feedback_on = on
    if referral.acknowledged_on is None:
        referral.acknowledged_on = on  # an answer acknowledges it
    return referral


def confirm_in_writing(
    session: Session, referral_id: uuid.UUID, letter_id: uuid.UUID, today: date
) -> Referral:
    """The finalised letter confirms a verbal CSC referral: its 48-hour due ends (the
    letters capability calls this when the confirmation letter is finalised)."""
    referral = get_referral(session, referral_id)
    if referral.mode != VERBAL or not referral.to_csc:
        raise NotAllowed("Only a verbal referral to children's social care needs confirming.")
    if referral.confirmed_on is not None:
        if referral.confirmation_letter_id == letter_id:
            return referral
        raise NotAllowed(
            f"This referral was confirmed in writing on {format_uk(referral.confirmed_on)}."
        )
    referral.confirmed_on = today
    referral.confirmation_letter_id = letter_id
    return referral


# ---- reading ------------------------------------------------------------------------------


def referral_children(session: Session, referral_id: uuid.UUID) -> list[uuid.UUID]:
    """The children a referral is about."""
    stmt = select(ReferralChild).where(col(ReferralChild.referral_id) == referral_id)
    return [link.child_id for link in session.scalars(stmt)]


def awaiting_confirmation(session: Session, client_id: uuid.UUID) -> list[Referral]:
    """The client's verbal CSC referrals not yet confirmed in writing, latest call first:
    what a confirmation letter is for (it holds the call's moment, to whom, what was said)."""
    stmt = select(Referral).where(
        col(Referral.client_id) == client_id,
        col(Referral.to_csc).is_(True),
        col(Referral.mode) == VERBAL,
        col(Referral.confirmed_on).is_(None),
    )
    return sorted(session.scalars(stmt), key=lambda r: r.call_at or r.created_at, reverse=True)


@dataclass(frozen=True)
class ReferralView:
    """A referral as the screens show it: its children, its chases and its chain."""

    referral: Referral
    child_ids: tuple[uuid.UUID, ...]
    chases: tuple[ReferralChase, ...]
    position: int  # 1 for a first referral, 2 for the re-referral after a bounce, ...
    chain: int  # how many referrals the chain holds

    @property
    def status(self) -> str:
        return status_words(self.referral, self.chases)

    @property
    def chain_words(self) -> str:
        if self.chain == 1:
            return ""
        return f"{ordinal(self.position)} referral of a chain of {self.chain}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def status_words(referral: Referral, chases: tuple[ReferralChase, ...] = ()) -> str:
    """ "not sent", "sent 01/12/2026, chased 2 times", "acknowledged 02/12/2026",
    "bounced back 03/12/2026 (Sam Reid)"."""
    if referral.outcome:
        who = f" ({referral.outcome_worker})" if referral.outcome_worker else ""
        when = f" {format_uk(referral.feedback_on)}" if referral.feedback_on else ""
        return f"{label(OUTCOMES, referral.outcome).lower()}{when}{who}"
    if referral.acknowledged_on is not None:
        return f"acknowledged {format_uk(referral.acknowledged_on)}, awaiting the outcome"
    if referral.sent_on is None:
        return "not sent"
    n = len(chases)
    chased = f", chased {n} time{'s' if n != 1 else ''}" if n else ""
    return f"sent {format_uk(referral.sent_on)}, not acknowledged{chased}"


def referrals_of(session: Session, client_id: uuid.UUID) -> list[ReferralView]:
    """The client's referrals, latest first, each with its place in its chain."""
    stmt = select(Referral).where(col(Referral.client_id) == client_id)
    rows = sorted(session.scalars(stmt), key=lambda x: (x.made_on, x.created_at), reverse=True)
    kids: dict[uuid.UUID, list[uuid.UUID]] = {}
    for rc in session.scalars(
        select(ReferralChild).where(col(ReferralChild.client_id) == client_id)
    ):
        kids.setdefault(rc.referral_id, []).append(rc.child_id)
    chases: dict[uuid.UUID, list[ReferralChase]] = {}
    for ch in session.scalars(
        select(ReferralChase).where(col(ReferralChase.client_id) == client_id)
    ):
        chases.setdefault(ch.referral_id, []).append(ch)
    by_id = {r.id: r for r in rows}
    root: dict[uuid.UUID, uuid.UUID] = {}
    depth: dict[uuid.UUID, int] = {}
    for r in rows:
        seen, at = 1, r
        while at.previous_id in by_id and seen <= len(rows):
            at, seen = by_id[at.previous_id], seen + 1
        root[r.id], depth[r.id] = at.id, seen
    longest: dict[uuid.UUID, int] = {}
    for r in rows:
        longest[root[r.id]] = max(longest.get(root[r.id], 0), depth[r.id])
    return [
        ReferralView(
            r,
            tuple(kids.get(r.id, ())),
            tuple(sorted(chases.get(r.id, ()), key=lambda c: c.chased_on)),
            depth[r.id],
            longest[root[r.id]],
        )
        for r in rows
    ]


def re_referrals(views: list[ReferralView]) -> int:
    """How many of the client's referrals were sent again after a bounce."""
    return sum(1 for v in views if v.position > 1)
