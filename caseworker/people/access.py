"""Who opened which client's record, and when: access to a record must be attributable.

Reading a record changes nothing, so the trail's change hook never sees it; the record
screen says so itself, once each time a worker opens a record (not each time a section
is redrawn or the record reloads after a form), and the event is chained like any other.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from caseworker.store.trail import append_event

OPENED = "open"
OPENED_SUMMARY = "Opened the record"


def record_opened(session: Session, client_id: uuid.UUID) -> None:
    """Put "this worker opened this client's record, now" on the trail (it commits with
    the session; the worker is the session's, as for every change)."""
    append_event(
        session,
        OPENED,
        "client",
        entity_id=str(client_id),
        client_id=client_id,
        summary=OPENED_SUMMARY,
    )
