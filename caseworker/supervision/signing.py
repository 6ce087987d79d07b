"""Signing a supervision session off with the supervisor's own passphrase.

Whoever is at the keyboard, the passphrase typed at sign-off names the signer (the key
file's slot it opens, caseworker.store.identify): a supervisor signs as themselves even
on the worker's laptop, and a worker's passphrase signs nothing (sessions.sign_off refuses
anyone but a supervisor). The session keeps the caseload's figures of that day and the
trail's head hash, which the pack carries out of the laptop.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from caseworker.store import Database
from caseworker.store.models import SupervisionSession
from caseworker.supervision.sessions import cases_of, get_session, sign_off


def sign_off_with_passphrase(
    db: Database, session_id: uuid.UUID, passphrase: str, now: datetime, today: date
) -> SupervisionSession:
    """Sign off as the person whose passphrase this is (WrongPassphrase if no one's)."""
    from caseworker.store import derived
    from caseworker.store.persons import identify
    from caseworker.store.trail import chain_head
    from caseworker.supervision.review import caseload_review

    signer_id = identify(db, passphrase)  # Argon2 per slot: call it off the event loop
    with db.session() as s:
        sup = get_session(s, session_id)
        figures = caseload_review(s, sup.worker_id, today).to_json()["figures"]
        head = chain_head(s)
        signed = sign_off(
            s, session_id, signer_id, now, figures=figures, trail_head=head[1] if head else ""
        )
        # The actions agreed are due from now: their clients' diary items are recomputed.
        derived.touch(s, {r.case.client_id for r in cases_of(s, session_id)})
    return signed
