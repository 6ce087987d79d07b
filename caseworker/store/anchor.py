"""The trail's anchor: where the chain ended when the caseload was last closed.

A hash chain shows any row edited or removed from the middle, but not the newest rows
deleted: the shortened chain is still a valid chain. So each close writes the last
event's number and hash to a small file beside the database, sealed with an HMAC of
the data key (nobody without the key can forge a new anchor), and `caseworker check`
compares the database with it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.files import atomic_file
from caseworker.store.models import TrailEvent
from caseworker.store.trail import chain_head

ANCHOR_FILENAME = "caseworker.anchor"


def _seal(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def write_anchor(session: Session, data_dir: Path, key: bytes) -> None:
    head = chain_head(session)
    if head is None:
        return
    seq, digest = head
    doc = {"seq": seq, "hash": digest, "seal": _seal(key, seq, digest)}
    with atomic_file(Path(data_dir) / ANCHOR_FILENAME) as fh:
        json.dump(doc, fh)


def anchor_problem(session: Session, data_dir: Path, key: bytes) -> str | None:
    """None when the chain reaches at least as far as the anchor; otherwise what is wrong."""
    path = Path(data_dir) / ANCHOR_FILENAME
    if not path.exists():
        return None  # never closed yet (or a backup copy): nothing to compare with
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
