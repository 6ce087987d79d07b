"""The trail's anchor: where the chain ended when the caseload was last closed.

A hash chain shows any row edited or removed from the middle, but not the newest rows
deleted: the shortened chain is still a valid chain. So each close writes the last
event's number and hash to a small file beside the database, sealed with an HMAC of
the data key (nobody without the key can forge a new anchor), and `caseworker check`
compares the database with it.

Deleting the anchor file as well would hide the deletion, so the first time a caseload
is anchored the trail says so (an "anchor" event): from then on a missing anchor file is
a failure, not "never closed yet". (A backup gets its own anchor: see backup_to.)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.files import atomic_file
from caseworker.store.models import Setting, TrailEvent
from caseworker.store.trail import ANCHOR_ACTION, append_event, chain_head

ANCHOR_FILENAME = "caseworker.anchor"
# Where the anchor event is (a shortcut: the trail itself is the evidence).
_ANCHORED_AT = "trail.anchored_at"


def _seal(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def anchored_at(session: Session) -> int | None:
    """The number of the event from which this caseload keeps an anchor (None: not yet)."""
    seq_col, action = col(TrailEvent.seq), col(TrailEvent.action)
    marker = session.get(Setting, _ANCHORED_AT)
    if marker is not None and marker.value.isdigit():
        found = session.execute(
            select(seq_col).where(seq_col == int(marker.value), action == ANCHOR_ACTION)
        ).first()
        if found is not None:
            return found[0]
    # No shortcut (a caseload from before anchors were announced, or the setting removed):
    # the trail itself says. The event comes early in a caseload's trail, so this stops soon.
    row = session.execute(
        select(seq_col).where(action == ANCHOR_ACTION).order_by(seq_col).limit(1)
    ).first()
    return row[0] if row else None


def announce_anchor(session: Session) -> None:
    """Before the first anchor is written: put on the trail that one is kept from now on.
    (Its own transaction, committed before the file is written: the anchor then covers it.)"""
    if chain_head(session) is None or anchored_at(session) is not None:
        return  # nothing to anchor yet (an init that failed), or announced already
    ev = append_event(
        session,
        ANCHOR_ACTION,
        "trail",
        summary="The trail's anchor is kept beside the database from now on",
    )
    session.flush()
    session.merge(Setting(key=_ANCHORED_AT, value=str(ev.seq)))


def write_anchor(session: Session, data_dir: Path, key: bytes) -> None:
    head = chain_head(session)
    if head is None:
        return
    seal_anchor(Path(data_dir), key, *head)


def seal_anchor(data_dir: Path, key: bytes, seq: int, digest: str) -> None:
    """Write the anchor file for a chain ending at event ``seq`` with hash ``digest``."""
    doc = {"seq": seq, "hash": digest, "seal": _seal(key, seq, digest)}
    with atomic_file(data_dir / ANCHOR_FILENAME) as fh:
        json.dump(doc, fh)


def anchor_problem(session: Session, data_dir: Path, key: bytes) -> str | None:
    """None when the chain reaches at least as far as the anchor; otherwise what is wrong."""
    path = Path(data_dir) / ANCHOR_FILENAME
    if not path.exists():
        since = anchored_at(session)
        if since is None:
            return None  # never closed yet: nothing to compare with
        return (
            f"the anchor file {ANCHOR_FILENAME} is missing, though the trail keeps one "
            f"from event {since} on"
        )
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        seq, digest, seal = int(doc["seq"]), str(doc["hash"]), str(doc["seal"])
    except (OSError, ValueError, KeyError, TypeError):
        return f"the anchor file {ANCHOR_FILENAME} is damaged"
    if not hmac.compare_digest(seal, _seal(key, seq, digest)):
        return f"the anchor file {ANCHOR_FILENAME} was altered"
    row = session.execute(select(col(TrailEvent.hash)).where(col(TrailEvent.seq) == seq)).first()
    if row is None:
        head = chain_head(session)
        last = head[0] if head else 0
        return f"events {last + 1} to {seq} were deleted since the caseload was last closed"
    if row[0] != digest:
        return f"event {seq} differs from when the caseload was last closed"
    return None
