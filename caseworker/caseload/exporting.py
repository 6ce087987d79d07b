"""`caseworker export`: client records out to a file, through the consent check.

For this service itself (recipient "self": a new laptop, a backup, a colleague in the
same service), the records do not leave the service, so no consent is needed: the export
is recorded in the trail once (who, when, how many clients), not as a sharing decision in
every client's sharing log, where thousands of "exported to ourselves" entries would bury
the decisions that disclosed something. The whole caseload goes through
caseworker.store.export_to_file; some clients (``client_ids``) through the same writer
as below.

For anyone else, consent for that recipient is checked client by client
(caseworker.referrals.consent_positions): a client with consent given goes on that basis;
one with consent missing, refused or expired goes only on the basis the worker gives
(immediate risk, increased risk, a statutory duty, with its reason), else is left out.
Each client considered gets a sharing decision, shared or not, signed by the worker and
sealed; with nobody to share, nothing is recorded or written (SharingRefused). What goes
is each shared client's record (the tables `caseworker import` reads, caseload.importing)
and the workers it names: never the trail (its events hold every client's data), the due
items, drafts, supervision or settings.

The decisions, the trail's export event and the file's contents are one transaction, and
the file takes its name only once that has committed: an export that fails leaves no
file and no decision; a decision without its file is the only way the two can differ
(the name could not be given), never a file without its decisions.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import select

from caseworker.caseload.importing import IMPORTED
from caseworker.core.errors import SharingRefused
from caseworker.core.files import atomic_file
from caseworker.core.validation import NAME, NOTES, FormReader
from caseworker.referrals import (
    BASES,
    CONSENT,
    ConsentPosition,
    consent_positions,
    decide_sharing_many,
)
from caseworker.store.database import Database
from caseworker.store.export import SELF, write_clients_export
from caseworker.store.models import Client
from caseworker.store.trail import append_event

__all__ = ["SELF", "ExportOutcome", "ExportPlan", "export_clients", "plan_export"]

# What an export's sharing decision says was shared.
WHAT = (
    "The client's record, exported as a file (caseworker export): profile, children, "
    "household, network, consent, screenings, assessments, meetings, visits, referrals, "
    "letters and sharing decisions"
)
_TABLES = tuple(m.__table__.name for m in IMPORTED)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ExportPlan:
    """Who would go to the recipient and on what basis, before anything is written."""

    recipient: str
    positions: dict[uuid.UUID, ConsentPosition]
    basis: str | None  # for those without consent; None: they are left out
    reason: str

    @property
    def is_self(self) -> bool:
        return self.recipient.lower() == SELF

    def goes(self, client_id: uuid.UUID) -> bool:
        return self.is_self or covers(self.positions[client_id]) or self.basis is not None

    @property
    def shared(self) -> list[uuid.UUID]:
        return [cid for cid in self.positions if self.goes(cid)]

    @property
    def left_out(self) -> Counter[str]:
        """How many are left out, by their consent state (none, refused, expired; scoped:
        a consent limited in scope, which does not cover the whole record)."""
        return Counter(
            "scoped" if p.given else p.state
            for cid, p in self.positions.items()
            if not self.goes(cid)
        )

    @property
    def on_basis(self) -> int:
        if self.is_self or self.basis is None:
            return 0
        return sum(1 for p in self.positions.values() if not covers(p))


def covers(position: ConsentPosition) -> bool:
    """Consent that covers an export of the client's whole record: given, and not limited
    to part of it. A consent with a scope ("attendance only") is the client's word for
    that part: the record goes only on another basis, with its reason."""
    return position.given and not position.scope


@dataclass(frozen=True)
class ExportOutcome:
    plan: ExportPlan
    counts: dict[str, int] = field(default_factory=dict)  # records written, by table
    decisions: int = 0  # sharing decisions recorded


def _checked(recipient: str, basis: str | None, reason: str) -> tuple[str, str | None, str]:
    r = FormReader({"recipient": recipient, "basis": basis, "reason": reason})
    recipient = r.text("recipient", "Recipient", required=True, max_len=NAME)
    reason = r.text("reason", "Reason", max_len=NOTES)
    without_consent = tuple(b for b in BASES if b[0] != CONSENT)
    chosen = r.choice("basis", "Basis for sharing", without_consent, None) if basis else None
    if chosen and not reason:
        r.fail("reason", "Reason", "say why it is shared without consent")
    if recipient.lower() == SELF and (basis or reason):
        r.fail("basis", "Basis for sharing", "an export for this service itself needs none")
    r.result()
    return recipient, chosen, reason


def plan_export(
    session: Session,
    recipient: str,
    today: date,
    *,
    client_ids: Collection[uuid.UUID] | None = None,
    basis: str | None = None,
    reason: str = "",
) -> ExportPlan:
    """Check consent for ``recipient`` for every client (or those given). ``basis``
    (a BASES id other than consent, with ``reason``) shares those without consent too.
    ValidationFailed names a bad recipient, basis or reason."""
    recipient, basis, reason = _checked(recipient, basis, reason)
    if recipient.lower() == SELF:
        ids = client_ids if client_ids is not None else session.scalars(select(Client.id))
        none = ConsentPosition("none", SELF, "This service's own records.")
        return ExportPlan(SELF, dict.fromkeys(ids, none), None, "")
    positions = consent_positions(session, recipient, today, client_ids)
    return ExportPlan(recipient, positions, basis, reason)


def _decisions(plan: ExportPlan, event_id: uuid.UUID) -> dict[uuid.UUID, dict]:
    raws = {}
    for cid, position in plan.positions.items():
        raw = {"what": WHAT, "recipient": plan.recipient, "source_table": "trail_event",
               "source_id": event_id, "share": plan.goes(cid)}  # fmt: skip
        if covers(position):
            raw["basis"] = CONSENT
        elif plan.basis is not None:
            raw |= {"basis": plan.basis, "reason": plan.reason}
        else:
            raw["reason"] = (
                f"Left out of the export: {position.words}"
                + (
                    " The consent's scope does not cover the whole record."
                    if position.given
                    else ""
                )
                + " No basis for sharing without consent was given."
            )
        raws[cid] = raw
    return raws


def export_clients(
    db: Database,
    path: Path,
    recipient: str,
    today: date,
    now: datetime,
    *,
    client_ids: Collection[uuid.UUID] | None = None,
    basis: str | None = None,
    reason: str = "",
) -> ExportOutcome:
    """Export to ``recipient`` (SELF, or a named recipient: consent checked per client,
    see the module) the records of every client, or of ``client_ids``, into ``path``,
    written atomically. SharingRefused, with nothing recorded or written, when no client
    may go; ValidationFailed for a bad recipient, basis or reason."""
    with db.session() as s:
        plan = plan_export(s, recipient, today, client_ids=client_ids, basis=basis, reason=reason)
        shared = plan.shared
        if not shared:
            raise SharingRefused(_refusal(plan))
        left_out = plan.left_out
        records = f"{len(shared)} client{'' if len(shared) == 1 else 's'}' records exported (JSON)"
        summary = (
            f"{records} for this service's own use"
            if plan.is_self
            else f"{records} to {plan.recipient}; {sum(left_out.values())} left out (no consent)"
        )
        ev = append_event(
            s, "export", "database", summary=summary,
            changes={"recipient": plan.recipient, "clients": len(shared),
                     "left_out": sum(left_out.values())},
        )  # fmt: skip
        decisions = []
        if not plan.is_self:
            raws = _decisions(plan, ev.id)
            decisions = decide_sharing_many(s, raws, plan.positions, today, now)
        header = {"recipient": plan.recipient, "clients": len(shared)}
        with atomic_file(path) as fh:
            counts = write_clients_export(s, fh, _TABLES, shared, header)
            # Committed before the file takes its name: never a file without its decisions.
            s.commit()
    return ExportOutcome(plan, counts, len(decisions))


def _refusal(plan: ExportPlan) -> str:
    if not plan.positions:
        return "There are no clients to export. Nothing was written."
    states = plan.left_out
    parts = [f"{n} {words}" for state, words in (("none", "with none recorded"),
             ("refused", "refused or withdrawn"), ("expired", "expired"))
             if (n := states.get(state))]  # fmt: skip
    return (
        f"No client has consent to share with {plan.recipient} ({', '.join(parts)}): "
        "nothing was exported and no sharing decision was recorded."
    )
