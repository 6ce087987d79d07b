"""The demo's casework beyond the record: consent with scope and expiry (one expired, one
refused), referrals in each state the referrals screen shows, a finalised letter with its
sharing decision, and home visits (planned, made with a signed note, one left unsigned).

Written through the domain's own functions (caseworker.referrals, caseworker.visits,
caseworker.people), once the first batch's families are in the session: the same
validation, sharing decisions and seals as real work, and cheap, since only the fixed
families get it. Random families get nothing here, so a seed's families stay as they
were (the demo's tests pin them). Dates are relative to ``today``; the verbal referral's
call is the afternoon before, so with the demo made today its 48-hour written
confirmation is counting down on the caseload (9 to 33 hours gone, whatever the hour).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from caseworker.core.dates import format_uk
from caseworker.diary import UK
from caseworker.people import record_consent
from caseworker.referrals import (
    draft_letter,
    finalise_letter,
    record_acknowledgement,
    record_outcome,
    record_referral,
    send_referral,
    sending_position,
)
from caseworker.store.models import ChildRecord, Client, Record, Visit
from caseworker.visits import plan_visit, save_note, sign_off

CSC = "Children's Social Care"
# Consent recorded here names the recipient as a referral or a letter does, not as the
# network's consent does ("agency - team"): these, besides those.
MIDWIFERY, YOUNG_CARERS = "Midwifery (Community Midwives)", "Young carers service"
CONSENT_RECIPIENTS = frozenset({MIDWIFERY, YOUNG_CARERS, "GP", "Probation Service"})
_WRITE = re.compile(r"\[write:[^\]]*\]")


def _uk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UK).astimezone(UTC)


def _ago(today: date, days: int) -> str:
    return format_uk(today - timedelta(days=days))


def add_casework(session: Session, families: list[list[Record]], today: date) -> None:
    """``families``: the fixed families' records as written (demo.fixed's order)."""
    clients = [f[0] for f in families]
    children = [[r for r in f if isinstance(r, ChildRecord) and not r.unborn] for f in families]
    assert all(isinstance(c, Client) for c in clients)
    now = _uk(today, 12)
    grandparent, pregnant, take_home, partner, young_carer = clients[:5]
    _consents(session, pregnant, take_home, young_carer, today)
    _bounced_and_referred_again(session, grandparent, children[0], today, now)
    _verbal_csc(session, partner, children[3], today)
    _acknowledged_accepted(session, pregnant, today, now)
    _never_acknowledged(session, young_carer, children[4], today, now)
    _letter(session, young_carer, children[4][0], today, now)
    _visits(session, partner, today)


def _consents(
    session: Session, pregnant: Record, take_home: Record, young_carer: Record, today: date
) -> None:
    # The recipient as the referral and the letter name it (compared without case).
    record_consent(session, young_carer.id, {
        "recipient": YOUNG_CARERS, "state": "given", "decided_on": _ago(today, 10),
        "scope": "The young carers referral", "expires_on": format_uk(today + timedelta(days=90)),
    }, today)  # fmt: skip
    record_consent(session, pregnant.id, {
        "recipient": MIDWIFERY, "state": "given",
        "decided_on": _ago(today, 20), "policy_explained_on": _ago(today, 20),
        "scope": "The referral, her treatment and the baby's care plan",
        "expires_on": format_uk(today + timedelta(days=200)),
    }, today)  # fmt: skip
    record_consent(session, take_home.id, {
        "recipient": "GP", "state": "given", "decided_on": _ago(today, 400),
        "scope": "Prescribing and drug test results", "expires_on": _ago(today, 35),
    }, today)  # fmt: skip
    record_consent(session, take_home.id, {
        "recipient": "Probation Service", "state": "refused", "decided_on": _ago(today, 60),
        "notes": "Does not want probation told about his treatment",
    }, today)  # fmt: skip


def _written(agency: str, team: str, reason: str, wanted: str, made: int, today: date, **kw):
    made_on = _ago(today, made)
    return {"agency": agency, "team": team, "reason": reason, "wanted_outcome": wanted,
            "urgency": "routine", "mode": "written", "made_on": made_on, **kw}  # fmt: skip


def _bounced_and_referred_again(
    session: Session, client: Record, kids: list[ChildRecord], today: date, now: datetime
) -> None:
    raw = _written(
        CSC, "Front Door", "Grandmother struggling to manage; the children miss school",
        "An assessment of the children's needs", 40, today,
        to_csc=True, child_ids=[k.id for k in kids],
    )  # fmt: skip
    first = record_referral(session, client.id, raw, today)
    _send(session, first.id, 39, today, now)
    record_outcome(session, first.id, {"outcome": "bounced", "outcome_worker": "Duty team",
                                       "feedback_on": _ago(today, 34)}, today)  # fmt: skip
    evidence = "School attendance 71% this term; the grandmother's own letter"
    raw |= {"made_on": _ago(today, 30), "previous_id": first.id, "evidence": evidence}
    again = record_referral(session, client.id, raw, today)
    _send(session, again.id, 30, today, now)
    record_acknowledgement(session, again.id, {"acknowledged_on": _ago(today, 28)}, today)


def _send(session: Session, referral_id: uuid.UUID, days: int, today: date, now: datetime):
    # Sent on a statutory basis where consent is not recorded for the team: the demo's
    # network consents name "agency - team", the referral "agency (team)".
    position = sending_position(session, referral_id, today)
    duty = {"basis": "statutory", "reason": "Children Act 1989 s.17: children in need"}
    extra = {"basis": "consent"} if position.given else duty
    send_referral(session, referral_id, {"sent_on": _ago(today, days), "share": True, **extra},
                  today, now)  # fmt: skip


def _verbal_csc(session: Session, client: Record, kids: list[ChildRecord], today: date) -> None:
    call = datetime.combine(today - timedelta(days=1), time(15, 0), tzinfo=UK)
    record_referral(session, client.id, {
        "agency": CSC, "team": "Front Door", "to_csc": True, "urgency": "urgent",
        "mode": "verbal", "call_at": call, "call_to": "Duty social worker",
        "call_said": "Partner drinking heavily at home; the children's father; both under 6",
        "reason": "Domestic abuse disclosed, with the partner's drinking, children at home",
        "wanted_outcome": "A strategy discussion and a visit by the duty team",
        "child_ids": [k.id for k in kids],
    }, today)  # fmt: skip


def _acknowledged_accepted(session: Session, client: Record, today: date, now: datetime):
    raw = _written("Midwifery", "Community Midwives", "Pregnant, on a methadone script",
                   "Antenatal booking and a plan for the baby's birth", 18, today)  # fmt: skip
    referral = record_referral(session, client.id, raw, today)
    _send(session, referral.id, 18, today, now)
    record_acknowledgement(session, referral.id, {"acknowledged_on": _ago(today, 16)}, today)
    record_outcome(session, referral.id, {"outcome": "accepted", "outcome_worker": "Specialist "
                   "midwife", "feedback_on": _ago(today, 12)}, today)  # fmt: skip


def _never_acknowledged(
    session: Session, client: Record, kids: list[ChildRecord], today: date, now: datetime
) -> None:
    raw = _written("Young Carers Service", "", "Eldest runs the home when his mother is unwell",
                   "A young carers assessment and a group place", 9, today,
                   child_ids=[kids[0].id])  # fmt: skip
    referral = record_referral(session, client.id, raw, today)
    _send(session, referral.id, 8, today, now)


def _letter(
    session: Session, client: Record, child: ChildRecord, today: date, now: datetime
) -> None:
    draft = draft_letter(session, client.id, "young-carers", today, child_id=child.id)
    body = _WRITE.sub("a young carers assessment, and a group for him after school", draft.body)
    raw = {"body": body, "recipient": draft.recipient, "basis": "consent"}
    finalise_letter(session, draft, raw, today, now)


def _visits(session: Session, client: Record, today: date) -> None:
    plan_visit(session, client.id, {
        "planned_for": format_uk(today + timedelta(days=3)), "planned_at": "10:30",
        "purpose": "Review the family plan with the health visitor", "back_by": "12:00",
        "joint_agency": "Health visiting",
    }, today)  # fmt: skip
    # Visits made: written as they stand once back (plan_visit takes no date gone by).
    for days, signed in ((12, True), (3, False)):
        day = today - timedelta(days=days)
        visit = Visit(client_id=client.id, planned_for=day, planned_at="14:00",
                      address=getattr(client, "address", ""), purpose="Home visit",
                      expected_back=_uk(day, 15, 30), status="back", out_at=_uk(day, 13, 50),
                      back_at=_uk(day, 15, 5))  # fmt: skip
        session.add(visit)
        session.flush()
        save_note(session, visit.id, {
            "adults": "The client; her partner (left part-way)",
            "narrative": "Home warm and tidy; food in. The children were at nursery and school."
            if signed else "Partner present throughout; the client quiet. Note to finish.",
            "concerns": "" if signed else "The partner answered for her",
        }, today)  # fmt: skip
        if signed:
            sign_off(session, visit.id, _uk(day, 16))
