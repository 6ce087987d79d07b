"""The supervision pack: the figures (each with its clients), the session's cases with their
decisions and actions, the months so far, and the trail's head hash - so a copy kept
outside the laptop witnesses the state of the caseload on the day.

JSON for management systems (one entry per figure under "figures", each
{"count": N, "client_ids": [...]}, keys never renamed: supervision.figures), and the same
content as a document for the case file: Markdown, Word or PDF. Written atomically, and
recorded in the trail; the pack names clients, so it is for the service's own records
(not shared outside it: a share goes through a sharing decision, caseworker.referrals).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker import __version__
from caseworker.core.dates import format_uk
from caseworker.core.errors import FieldError, NotFound, ValidationFailed
from caseworker.documents import Document, render, write_rendered
from caseworker.documents.pdf import to_pdf
from caseworker.people import child_names, client_names, client_reference
from caseworker.store.models import SupervisionSession, Worker
from caseworker.store.trail import append_event, chain_head, short_hash
from caseworker.supervision.figures import GROUPS, CaseloadReview
from caseworker.supervision.review import caseload_review
from caseworker.supervision.sessions import THINK_FAMILY_QUESTION, cases_of, sessions_of
from caseworker.supervision.trends import monthly_figures

PACK_FORMAT = "caseworker-supervision-pack"
PACK_FORMAT_VERSION = 1
PACK_FORMATS = ("json", "md", "docx", "pdf")


@dataclass(frozen=True)
class Pack:
    content: dict[str, Any]  # what the JSON holds
    document: Document  # the same, for people


def pack_format(fmt: str) -> str:
    chosen = str(fmt or "").strip().lower().lstrip(".")
    if chosen not in PACK_FORMATS:
        given = f"{fmt!r} is not one" if str(fmt or "").strip() else "none given"
        raise ValidationFailed(
            [FieldError("format", "Format", f"use json, md, docx or pdf; {given}")]
        )
    return chosen


def _names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Name and reference, so a reader can find the client on the caseload."""
    return {c: f"{name} ({client_reference(c)})" for c, name in client_names(session, ids).items()}


def _session_content(session: Session, sup: SupervisionSession | None) -> dict[str, Any] | None:
    if sup is None:
        return None
    people = {w.id: w.name for w in session.scalars(select(Worker))}
    return {
        "id": str(sup.id),
        "held_on": sup.held_on.isoformat(),
        "supervisor": people.get(sup.supervisor_id, ""),
        "signed_off_at": sup.signed_off_at.isoformat() if sup.signed_off_at else None,
        "signed_off_by": sup.signed_as or None,
        "trail_head_at_sign_off": sup.trail_head or None,
        # The figures as they stood when it was signed (the pack's own are today's).
        "figures_at_sign_off": sup.figures if sup.signed_off_at else None,
        "cases": [
            {
                "client_id": str(r.case.client_id),
                "reasons": [x for x in r.case.reasons.splitlines() if x],
                "discussion": r.case.discussion,
                "decision": r.case.decision,
                "think_family": r.case.think_family,
                "discussed": r.case.discussed,
                "actions": [
                    {"what": a.what, "owner": a.owner, "due_on": a.due_on.isoformat()}
                    for a in r.actions
                ],
            }
            for r in cases_of(session, sup.id)
        ],
    }


def supervision_pack(
    session: Session, worker_id: uuid.UUID, today: date, *, session_id: uuid.UUID | None = None
) -> Pack:
    """The pack for this worker today, with their latest session (or the one given)."""
    review = caseload_review(session, worker_id, today)
    chosen = None
    if session_id is not None:
        chosen = session.get(SupervisionSession, session_id)
        if chosen is None or chosen.worker_id != worker_id:
            raise NotFound("No such supervision session for this worker.")
    else:
        held = sessions_of(session, worker_id)
        chosen = held[0] if held else None
    head = chain_head(session)
    months = monthly_figures(session, worker_id)
    content: dict[str, Any] = {
        "format": PACK_FORMAT,
        "format_version": PACK_FORMAT_VERSION,
        "caseworker_version": __version__,
        "prepared_on": today.isoformat(),
        **review.to_json(),
        "session": _session_content(session, chosen),
        "months": [
            {"month": m.month, "held_on": m.held_on.isoformat(), "counts": m.counts} for m in months
        ],
        "trail_head": {"seq": head[0], "hash": head[1]} if head else None,
    }
    return Pack(content, _document(session, review, content))


def _document(session: Session, review: CaseloadReview, content: dict[str, Any]) -> Document:
    ids = {c for f in review.figures.values() for c in f.client_ids}
    sup = content["session"]
    if sup:
        ids |= {uuid.UUID(c["client_id"]) for c in sup["cases"]}
    names = _names(session, ids)
    kids = child_names(session, {c for f in review.figures.values() for c in f.child_ids})
    doc = Document(f"Supervision: {review.worker_name}, {format_uk(review.today)}")
    head = content["trail_head"]
    doc.fields(
        [
            ("Worker", review.worker_name),
            ("Figures as of", format_uk(review.today)),
            ("Clients reviewed", str(content["clients_reviewed"])),
            ("No contact means", content.get("no_contact") or ""),
            (
                "Trail head",
                f"{short_hash(head['hash'])} (event {head['seq']}): {head['hash']}"
                if head
                else "the trail is empty",
            ),
        ]
    )
    doc.heading("Figures")
    for group in GROUPS:
        rows = [f for f in review.figures.values() if f.group == group]
        if not rows:
            continue
        doc.heading(group.capitalize(), 2)
        doc.table(
            ("Figure", "Count", "Clients (children: each child, and whose)"),
            [(f.label, str(f.count), _behind(f, names, kids)) for f in rows],
        )
    if review.equality:
        doc.heading("Equality monitoring")
        for what, counts in review.equality.items():
            doc.table(
                (what.replace("_", " ").capitalize(), "Clients"),
                [(k, str(v)) for k, v in counts.items()],
            )
    doc.heading("Supervision session")
    if not sup:
        doc.paragraph("No supervision session recorded for this worker yet.")
    else:
        signed = (
            f"signed off by {sup['signed_off_by']} at "
            f"{sup['signed_off_at'][:16].replace('T', ' ')} UTC"
            if sup["signed_off_at"]
            else "NOT SIGNED OFF: in progress"
        )
        doc.fields(
            [
                ("Held", format_uk(date.fromisoformat(sup["held_on"]))),
                ("Supervisor", sup["supervisor"]),
                ("Status", signed),
            ]
        )
        for case in sup["cases"]:
            doc.heading(names.get(uuid.UUID(case["client_id"]), case["client_id"]), 2)
            doc.fields(
                [
                    ("Why it came up", "; ".join(case["reasons"])),
                    ("Discussed", "yes" if case["discussed"] else "not yet"),
                    ("Discussion", case["discussion"]),
                    ("Decision", case["decision"]),
                    (THINK_FAMILY_QUESTION, case["think_family"]),
                ]
            )
            if case["actions"]:
                doc.table(
                    ("Action", "Owner", "By"),
                    [
                        (a["what"], a["owner"], format_uk(date.fromisoformat(a["due_on"])))
                        for a in case["actions"]
                    ],
                )
    if content["months"]:
        doc.heading("Month by month")
        keys = [k for k in review.figures if any(k in m["counts"] for m in content["months"])]
        labels = {k: f.label for k, f in review.figures.items()}
        doc.table(
            ("Figure", *(m["month"] for m in content["months"])),
            [(labels[k], *(str(m["counts"].get(k, 0)) for m in content["months"])) for k in keys],
        )
    return doc


def _behind(f: Any, names: dict[uuid.UUID, str], kids: dict) -> str:
    """Who is behind a figure: its clients, or for the children's figures each child (the
    count counts children) with the client whose child it is."""
    if f.child_ids:
        return "; ".join(
            f"{kids[k][0]}, child of {names.get(kids[k][1], '')}" if k in kids else str(k)[:8]
            for k in f.child_ids
        )
    return "; ".join(names.get(c, str(c)[:8]) for c in f.client_ids)


def render_pack(pack: Pack, fmt: str) -> bytes:
    chosen = pack_format(fmt)
    if chosen == "json":
        return (json.dumps(pack.content, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if chosen == "pdf":
        return to_pdf(pack.document)
    return render(pack.document, chosen)


def export_pack(
    session: Session,
    worker_id: uuid.UUID,
    today: date,
    path: Path | str,
    fmt: str,
    *,
    session_id: uuid.UUID | None = None,
) -> Path:
    """Write the pack atomically, recorded in the trail (the file is put in place only
    once the event is written). Returns the path written."""
    chosen = pack_format(fmt)
    pack = supervision_pack(session, worker_id, today, session_id=session_id)
    data = render_pack(pack, chosen)

    def on_the_trail() -> None:
        append_event(
            session,
            "export",
            "supervision_pack",
            entity_id=str(worker_id),
            summary=f"Supervision pack exported ({chosen})",
        )
        session.flush()

    return write_rendered(data, path, before_in_place=on_the_trail)
