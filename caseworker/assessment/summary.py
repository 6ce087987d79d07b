"""The pre-CAF for the case file: a printable summary (Markdown or Word) of the ratings
and their evidence, child by child, the suggestion the ratings lead to and why, and the
worker's signed decision with its reasons, action plan or grounds.

Built from the stored records only (the ratings are printed as they were saved, and the
suggestion is worked out again from them by the same rules the screen used), in the
checklist's words. A pre-CAF not yet decided prints too, marked "DRAFT — not decided"
at the top, so a draft is never filed as a decision. Writing one out is a disclosure of
client data outside the encrypted file, so it is recorded in the trail
(export_precaf_summary), as the diary's export is.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.assessment.precaf import CAF_CONSENT, CSC_GROUNDS, precafs_of
from caseworker.assessment.rules import suggest
from caseworker.content.checklist import Checklist, load_checklist
from caseworker.core import vocab
from caseworker.core.dates import age_on, format_uk
from caseworker.core.errors import NotFound
from caseworker.diary import format_uk_time
from caseworker.documents import Document, DocumentFormat, document_format, write_document
from caseworker.people import client_reference
from caseworker.store import Database
from caseworker.store.models import ChildRecord, Client, PlanAction, PreCaf, PreCafRating
from caseworker.store.trail import append_event

DRAFT = "DRAFT — not decided"
NOT_RATED = "Not rated"


def get_precaf(session: Session, precaf_id: uuid.UUID) -> PreCaf:
    precaf = session.get(PreCaf, precaf_id)
    if precaf is None:
        raise NotFound("That pre-CAF assessment no longer exists.")
    return precaf


def latest_precaf(session: Session, client_id: uuid.UUID) -> PreCaf:
    """The client's latest pre-CAF: the one being rated, else the latest decided (in the
    order the pre-CAF screen lists them: caseworker.assessment.precaf.precafs_of)."""
    precafs = precafs_of(session, client_id)
    if not precafs:
        raise NotFound("This client has no pre-CAF assessment yet.")
    return precafs[0]


def find_precaf(session: Session, client_id: uuid.UUID, reference: str | None = None) -> PreCaf:
    """The client's pre-CAF whose id is (or starts with, 6 characters at least)
    ``reference``; without one, the latest."""
    if not reference:
        return latest_precaf(session, client_id)
    ref = reference.strip().lower().replace("-", "")
    stmt = select(PreCaf).where(PreCaf.client_id == client_id)
    found = [p for p in session.scalars(stmt) if len(ref) >= 6 and p.id.hex.startswith(ref)]
    if len(found) != 1:
        raise NotFound(
            f"This client has no pre-CAF assessment {reference.strip()!r}"
            if not found
            else f"More than one of this client's pre-CAF assessments starts with {ref}"
        )
    return found[0]


def age_in_words(born: date, on: date) -> str:
    """'7', or in months under two ('14 months'), or 'under a month'."""
    years = age_on(born, on)
    if years >= 2:
        return str(years)
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    if months < 1:
        return "under a month"
    return f"{months} month{'s' if months != 1 else ''}"


def child_in_words(child: ChildRecord) -> str:
    """The child as the summary names them: 'Sam Lee', or 'Unborn child due 03/02/2027'
    (with a name too, where one is recorded)."""
    name = " ".join(p for p in (child.given_name, child.family_name) if p)
    if child.unborn:
        due = f"Unborn child due {format_uk(child.due_date)}" if child.due_date else "Unborn child"
        return f"{child.given_name} ({due.lower()})" if child.given_name else due
    return name or "A child with no name recorded"


def _assessed_on(precaf: PreCaf) -> date:
    return precaf.decided_on or precaf.started_on


def _ratings(session: Session, precaf_id: uuid.UUID) -> dict[uuid.UUID, dict[str, PreCafRating]]:
    out: dict[uuid.UUID, dict[str, PreCafRating]] = {}
    stmt = select(PreCafRating).where(PreCafRating.precaf_id == precaf_id)
    for row in session.scalars(stmt):
        out.setdefault(row.child_id, {})[row.element] = row
    return out


def _children(session: Session, ids: Sequence[uuid.UUID]) -> list[ChildRecord]:
    if not ids:
        return []
    rows = session.scalars(select(ChildRecord).where(col(ChildRecord.id).in_(list(ids))))
    # The unborn first, then the youngest: as the child register lists them.
    return sorted(
        rows,
        key=lambda c: (not c.unborn, -(c.date_of_birth or date.min).toordinal(), c.given_name),
    )


def _signed_at(at: datetime | None) -> str:
    if at is None:
        return ""
    return format_uk_time(at if at.tzinfo else at.replace(tzinfo=UTC))  # SQLite: naive UTC


def _child_section(
    doc: Document,
    child: ChildRecord,
    ratings: dict[str, PreCafRating],
    on: date,
    checklist: Checklist,
) -> None:
    doc.heading(child_in_words(child))
    born = child.date_of_birth
    doc.fields(
        [
            ("Date of birth", format_uk(born)),
            (f"Age on {format_uk(on)}", age_in_words(born, on) if born else ""),
            ("Due date", format_uk(child.due_date) if child.unborn else ""),
            ("Lives", "" if child.unborn else vocab.label(vocab.LIVES_WITH, child.lives_with)),
        ]
    )
    for domain in checklist.domains:
        doc.heading(domain.title, 2)
        rows = []
        for element_id in domain.elements:
            row = ratings.get(element_id)
            rating = checklist.rating_label(row.rating) if row else NOT_RATED
            source = checklist.source_label(row.source) if row and row.source else ""
            label = checklist.element(element_id).label
            rows.append([label, rating, row.evidence if row else "", source])
        doc.table(["Element", "Rating", "Evidence", "Source"], rows)
    suggestion = suggest({e: r.rating for e, r in ratings.items()}, checklist)
    doc.heading("What the ratings suggest", 2)
    doc.fields([("Suggestion", suggestion.label)])
    doc.table(["Why", "Based on"], [[r.text, r.basis] for r in suggestion.reasons])


def _decision_section(
    doc: Document, precaf: PreCaf, actions: Sequence[PlanAction], checklist: Checklist
) -> None:
    doc.heading("Decision")
    if precaf.decision is None:
        doc.paragraph(f"{DRAFT}: the ratings above are a draft, and no decision is signed.")
        return
    suggested = checklist.decision_label(precaf.suggested) if precaf.suggested else ""
    grounds = [g for g in precaf.csc_grounds.split(",") if g.strip()]
    doc.fields(
        [
            ("Decision", checklist.decision_label(precaf.decision)),
            ("Reason", precaf.reason),
            ("Suggested by the ratings", suggested),
            ("Why not the suggestion", precaf.against_suggestion),
            ("Re-screen on", format_uk(precaf.rescreen_on)),
            ("Lead", precaf.caf_lead),
            ("Consent to the assessment", vocab.label(CAF_CONSENT, precaf.caf_consent)),
            ("Agencies to involve", precaf.agencies),
            ("Grounds", "\n".join(vocab.label(CSC_GROUNDS, g.strip()) for g in grounds)),
        ]
    )
    if actions:
        doc.heading("Action plan", 2)
        doc.table(
            ["Owner agency", "Action", "Due by"],
            [[a.owner, a.what, format_uk(a.due_on)] for a in actions],
        )
    doc.heading("Signed", 2)
    doc.fields(
        [
            ("Signed by", precaf.signed_as),
            ("Decided on", format_uk(precaf.decided_on)),
            ("Signed at", _signed_at(precaf.decided_at)),
        ]
    )


def precaf_summary(
    session: Session, precaf_id: uuid.UUID, checklist: Checklist | None = None
) -> Document:
    """The pre-CAF as a document for the case file (see the module's docstring).
    NotFound if it no longer exists."""
    checklist = checklist or load_checklist()
    precaf = get_precaf(session, precaf_id)
    client = session.get(Client, precaf.client_id)
    if client is None:
        raise NotFound("The client of that pre-CAF assessment no longer exists.")
    ratings = _ratings(session, precaf.id)
    children = _children(session, list(ratings))
    actions = sorted(
        session.scalars(select(PlanAction).where(PlanAction.precaf_id == precaf.id)),
        key=lambda a: (a.due_on, a.owner, a.what),
    )
    doc = Document(f"{checklist.title}: summary for the case file")
    if precaf.decision is None:
        doc.paragraph(DRAFT, strong=True)
    superseded = session.get(PreCaf, precaf.supersedes_id) if precaf.supersedes_id else None
    doc.fields(
        [
            ("Client", f"{client.given_name} {client.family_name}".strip()),
            ("Reference", client_reference(client.id)),
            ("Started on", format_uk(precaf.started_on)),
            ("Occasion", precaf.occasion),
            (
                "Supersedes",
                f"the pre-CAF decided on {format_uk(superseded.decided_on)}"
                if superseded is not None and superseded.decided_on
                else "",
            ),
        ]
    )
    if not children:
        doc.paragraph("No child has been rated in this assessment yet.")
    for child in children:
        _child_section(doc, child, ratings[child.id], _assessed_on(precaf), checklist)
    _decision_section(doc, precaf, actions, checklist)
    return doc


def summary_file_name(session: Session, precaf_id: uuid.UUID, fmt: str | DocumentFormat) -> str:
    """A file name to offer: 'precaf-3f2a9c-2026-11-23.docx' (the client's reference, not
    their name, so a folder listing discloses no one)."""
    precaf = get_precaf(session, precaf_id)
    day = _assessed_on(precaf).isoformat()
    return f"precaf-{client_reference(precaf.client_id)}-{day}.{document_format(fmt).value}"


def _export(session: Session, precaf_id: uuid.UUID, path: Path | str, fmt: str) -> Path:
    form = document_format(fmt)
    doc = precaf_summary(session, precaf_id)
    precaf = get_precaf(session, precaf_id)
    state = "decided" if precaf.decision is not None else "draft, not decided"

    def on_the_trail() -> None:
        append_event(
            session,
            "export",
            "precaf",
            entity_id=str(precaf.id),
            client_id=precaf.client_id,
            summary=f"Pre-CAF summary exported ({form.value}, {state})",
        )
        session.flush()

    return write_document(doc, path, form, before_in_place=on_the_trail)


def export_precaf_summary(
    db_or_session: Database | Session, precaf_id: uuid.UUID, path: Path | str, fmt: str
) -> Path:
    """Write the pre-CAF's summary to ``path`` as "md" or "docx", atomically, and record
    the export in the trail (the file is put in place only once the event is written).
    Given a Database it commits the event itself; given a Session, the event commits
    with the caller's transaction. Returns the path written; a bad format is
    ValidationFailed naming ``format``, a folder that is missing or cannot be written
    a StorageError saying so (nothing written, nothing recorded)."""
    if isinstance(db_or_session, Session):
        return _export(db_or_session, precaf_id, path, fmt)
    with db_or_session.session() as session:
        return _export(session, precaf_id, path, fmt)
