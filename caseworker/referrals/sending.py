"""Sending a written referral: nothing leaves without the consent check. The worker's
answer (share on consent, share on another basis with a reason, or do not share) is a
sharing decision (caseworker.referrals.sharing), signed and sealed; only a decision to
share marks the referral sent, and the decision is named on it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from caseworker.core.dates import format_uk
from caseworker.core.errors import NotAllowed
from caseworker.core.validation import PARAGRAPH, FormReader
from caseworker.referrals.referrals import WRITTEN, get_referral, mark_sent
from caseworker.referrals.sharing import ConsentPosition, consent_position, decide_sharing
from caseworker.store.models import Referral


def recipient_of(referral: Referral) -> str:
    """Whom consent is checked for: the agency (and team) the referral goes to."""
    return f"{referral.agency} ({referral.team})" if referral.team else referral.agency


def sending_position(session: Session, referral_id: uuid.UUID, today: date) -> ConsentPosition:
    referral = get_referral(session, referral_id)
    return consent_position(session, referral.client_id, recipient_of(referral), today)


def send_referral(
    session: Session, referral_id: uuid.UUID, raw: dict[str, Any], today: date, now: datetime
) -> Referral:
    """Send a written referral on `sent_on`: raw also holds the sharing decision's
    `share`, `basis` and `reason` (decide_sharing refuses naming the field)."""
    referral = get_referral(session, referral_id)
    if referral.mode != WRITTEN:
        raise NotAllowed("A verbal referral was made on the call: confirm it in writing instead.")
    if referral.sent_on is not None:
        raise NotAllowed(f"This referral was already sent on {format_uk(referral.sent_on)}.")
    r = FormReader(raw)
    sent_on = r.date("sent_on", "Sent on", kind="event", today=today) or today
    share = raw.get("share")
    if not isinstance(share, bool):
        r.fail("share", "Share", "choose whether to share it (nothing is assumed)")
    r.result()
    decision = decide_sharing(
        session,
        referral.client_id,
        {
            "what": f"Referral to {referral.agency}: {referral.reason}"[:PARAGRAPH],
            "recipient": recipient_of(referral),
            "share": share,
            "basis": raw.get("basis") or None,
            "reason": raw.get("reason") or "",
            "source_table": "referral",
            "source_id": referral.id,
        },
        today,
        now,
    )
    if decision.shared:
        mark_sent(referral, sent_on, decision.id)
    return referral
