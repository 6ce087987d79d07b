"""Letters drafted from a template and the record, edited, finalised and printed.

A draft is the template filled from the record (caseworker.referrals.letter_facts: each
fact with where it came from), then whatever the worker typed over it: the app's letter
form keeps that typing as a form draft under ``letter_draft_key`` (never lost), and the
CLI prints the same draft. Finalising runs the consent check for the recipient and logs
the sharing decision (caseworker.referrals.sharing.decide_sharing: consent given, or a
basis and a reason, or not shared), then writes the letter frozen with its date and the
facts it used (a Letter row, sealed in the database from the moment it is written), on
the trail. Output is Markdown, Word (through the service's letter.docx, docxtpl) or PDF
(fpdf2), the same text in each, written atomically; a draft's file says DRAFT.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.assessment.summary import child_in_words
from caseworker.content.letters import (
    WRITE_MARK,
    ChildToChoose,
    LetterTemplate,
    base_docx,
    letter_template,
    letterhead,
)
from caseworker.core.dates import format_uk
from caseworker.core.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from caseworker.core.validation import FormReader
from caseworker.documents import (
    Document,
    to_docx_from_template,
    to_markdown,
    to_pdf,
    write_rendered,
)
from caseworker.drafts import discard_draft, draft_for, keep_draft
from caseworker.referrals.letter_facts import (
    Fact,
    gather_facts,
    referral_facts,
    service_letterhead,
)
from caseworker.referrals.referrals import (
    awaiting_confirmation,
    confirm_in_writing,
    referral_children,
)
from caseworker.referrals.sharing import CONSENT, consent_position, decide_sharing
from caseworker.store.models import ChildRecord, Letter, Worker
from caseworker.store.trail import append_event

LETTER_FORMATS = ("md", "docx", "pdf")
DRAFT_MARK = "DRAFT: not finalised, not to be sent"
BODY_MAX = 20_000


@dataclass(frozen=True)
class LetterDraft:
    """A letter before it is finalised: what it says and the facts it was filled from."""

    template: LetterTemplate
    client_id: uuid.UUID
    child_id: uuid.UUID | None
    recipient: str
    title: str
    body: str
    facts: tuple[Fact, ...]  # only those the template uses, in the order it uses them
    typed: bool = False  # the body is the worker's edited draft, not the template's


def letter_draft_key(client_id: uuid.UUID, template_id: str, child_id: uuid.UUID | None) -> str:
    """The form draft a letter's typing is kept under (the app's form and the CLI share it)."""
    child = f" child_id={child_id}" if child_id else ""
    return f"LetterForm{child} client_id={client_id} template={template_id}"


def keep_letter_text(session: Session, letter: LetterDraft, body: str, recipient: str) -> None:
    """Keep the worker's edited text of the letter (the app's "edit"): the draft the CLI
    prints and finalising starts from, until the letter is finalised."""
    args = {"client_id": str(letter.client_id), "template": letter.template.id}
    if letter.child_id:
        args["child_id"] = str(letter.child_id)
    keep_draft(
        session,
        letter_draft_key(letter.client_id, letter.template.id, letter.child_id),
        "LetterEditForm",
        {"body": body, "recipient": recipient},
        args=args,
        client_id=letter.client_id,
    )


def _children(session: Session, client_id: uuid.UUID) -> list[ChildRecord]:
    stmt = select(ChildRecord).where(col(ChildRecord.client_id) == client_id)
    return list(session.scalars(stmt.order_by(col(ChildRecord.created_at))))


def child_by_name(session: Session, client_id: uuid.UUID, name: str) -> uuid.UUID:
    """The client's child whose given or full name is ``name`` (capitals forgiven)."""
    wanted = " ".join(name.split()).casefold()
    children = _children(session, client_id)
    found = [
        c.id
        for c in children
        if wanted in {c.given_name.casefold(), f"{c.given_name} {c.family_name}".casefold()}
    ]
    if len(found) != 1:
        names = ", ".join(child_in_words(c) for c in children) or "none on the register"
        raise NotFound(
            f"No child of this client is called {name.strip()!r} (their children: {names})"
            if not found
            else f"More than one child of this client is called {name.strip()!r}: use the full name"
        )
    return found[0]


def letter_child(
    session: Session, client_id: uuid.UUID, template: LetterTemplate, child_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The child a letter is about: the one chosen, or for a letter about one child with
    none chosen, the client's only child (ChildToChoose, naming them, if they have several
    or none). A family letter is about no child unless one is chosen."""
    if template.about != "child" or child_id is not None:
        return child_id
    children = _children(session, client_id)
    if len(children) != 1:
        raise ChildToChoose(template, [child_in_words(c) for c in children])
    return children[0].id


def _consent_words(session: Session, client_id: uuid.UUID, recipient: str, today: date) -> str:
    return consent_position(session, client_id, recipient, today).words


# The letter that confirms a verbal referral to children's social care in writing.
CONFIRMATION = "csc-confirmation"


def draft_letter(
    session: Session,
    client_id: uuid.UUID,
    template_id: str,
    today: date,
    *,
    child_id: uuid.UUID | None = None,
    recipient: str | None = None,
    given: dict[str, Fact] | None = None,
) -> LetterDraft:
    """The template filled from the record, then the worker's kept typing over it (if
    any). A child letter with no child chosen takes the only child; a field the record
    does not hold is LetterFieldMissing naming the template and the field."""
    template = letter_template(template_id)
    if template.id == CONFIRMATION and given is None:
        # The call it confirms: the latest verbal CSC referral not yet confirmed.
        waiting = awaiting_confirmation(session, client_id)
        if waiting:
            given = referral_facts(waiting[0])
            about = referral_children(session, waiting[0].id)
            if child_id is None and len(about) == 1:
                child_id = about[0]
    child_id = letter_child(session, client_id, template, child_id)
    # The worker's kept edit: its recipient is the one whose consent is checked.
    kept = draft_for(session, letter_draft_key(client_id, template.id, child_id))
    typed_body = str(kept.values.get("body") or "").strip() if kept else ""
    typed_to = str(kept.values.get("recipient") or "").strip() if kept else ""
    to = (recipient or "").strip() or typed_to or template.recipient
    facts = gather_facts(
        session,
        client_id,
        today,
        child_id=child_id,
        recipient=to,
        consent_words=_consent_words(session, client_id, to, today),
        given=given,
    )
    title, body = template.fill({name: fact.value for name, fact in facts.items()})
    used = tuple(facts[name] for name in template.fields)
    letter = LetterDraft(template, client_id, child_id, to, title, body, used)
    if typed_body:
        letter = replace(letter, body=typed_body, typed=True)
    return letter


def _body_blocks(doc: Document, body: str) -> None:
    """The letter's text: a line starting "## " is a heading, a blank line ends a paragraph."""
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = chunk.split("\n")
        while lines and lines[0].startswith("## "):
            doc.heading(lines.pop(0)[3:].strip(), 2)
        if lines:
            doc.paragraph("\n".join(lines))


def letter_document(
    title: str,
    body: str,
    recipient: str,
    letter_date: date,
    *,
    facts: tuple[Fact, ...] = (),
    signed: str = "",
) -> Document:
    """The letter as a Document. A draft (no ``signed``) says DRAFT at its top and lists
    the facts used and where each came from, for the worker to check."""
    doc = Document(title)
    if not signed:
        doc.paragraph(DRAFT_MARK, strong=True)
    doc.fields([("To", recipient), ("Date", format_uk(letter_date))])
    _body_blocks(doc, body)
    if signed:
        doc.paragraph(f"Finalised by {signed} on {format_uk(letter_date)}.")
    elif facts:
        doc.heading("Facts used and where they came from", 2)
        doc.table(("Fact", "Value", "From"), [(f.label, f.value, f.source) for f in facts])
    return doc


def render_letter(
    doc: Document,
    fmt: str,
    letter_date: date,
    template_id: str | None = None,
    heading: dict[str, str] | None = None,
) -> bytes:
    """The letter as a file's bytes; a Word letter's letterhead filled from ``heading``
    (letter_facts.service_letterhead), or the letterhead file as it is."""
    if fmt == "md":
        return to_markdown(doc).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "docx":
        return to_docx_from_template(
            doc,
            base_docx(template_id),
            {**(heading or letterhead()), "letter_date": format_uk(letter_date)},
        )
    raise ValidationFailed(
        [FieldError("format", "Format", f"use md, docx or pdf; {fmt!r} is not one")]
    )


def _write(
    session: Session,
    doc: Document,
    path: Path | str,
    fmt: str,
    when: date,
    client_id: uuid.UUID,
    entity_id: str,
    what: str,
    template_id: str,
) -> Path:
    data = render_letter(doc, fmt, when, template_id, service_letterhead(session))

    def on_the_trail() -> None:
        append_event(
            session,
            "export",
            "letter",
            entity_id=entity_id,
            client_id=client_id,
            summary=f"{what} written ({fmt})",
        )
        session.flush()

    return write_rendered(data, path, before_in_place=on_the_trail)


def export_draft(
    session: Session, letter: LetterDraft, path: Path | str, fmt: str, today: date
) -> Path:
    """Write the draft (marked DRAFT, with its facts) atomically; on the trail."""
    doc = letter_document(letter.title, letter.body, letter.recipient, today, facts=letter.facts)
    return _write(
        session,
        doc,
        path,
        fmt,
        today,
        letter.client_id,
        letter.template.id,
        f"Draft letter {letter.template.id}",
        letter.template.id,
    )


def export_letter(session: Session, letter_id: uuid.UUID, path: Path | str, fmt: str) -> Path:
    """Write a finalised letter as it was frozen; on the trail."""
    row = get_letter(session, letter_id)
    doc = letter_document(
        row.title, row.body, row.recipient, row.letter_date, signed=row.signed_as or "the worker"
    )
    return _write(
        session,
        doc,
        path,
        fmt,
        row.letter_date,
        row.client_id,
        str(row.id),
        f"Letter {row.template}",
        row.template,
    )


def get_letter(session: Session, letter_id: uuid.UUID) -> Letter:
    row = session.get(Letter, letter_id)
    if row is None:
        raise NotFound("No such letter.")
    return row


def letters_of(session: Session, client_id: uuid.UUID) -> list[Letter]:
    """The client's finalised letters, newest first."""
    stmt = select(Letter).where(col(Letter.client_id) == client_id)
    return list(session.scalars(stmt.order_by(col(Letter.finalised_at).desc())))


def _signer(session: Session) -> Worker:
    worker_id = session.info.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    if worker is None:
        raise NotAllowed("Only a named worker can finalise a letter: unlock as yourself.")
    return worker


def finalise_letter(
    session: Session, letter: LetterDraft, raw: dict, today: date, now: datetime
) -> Letter | None:
    """Finalise the draft with the form's answers: ``body`` (the text as sent),
    ``recipient``, ``share`` (False: the worker decided not to send it), ``basis`` and
    ``reason`` (caseworker.referrals.sharing). The sharing decision is logged first, share
    or not; a letter not shared is not finalised (None). A body still holding a
    "[write: ...]" mark, or consent missing with no basis, is ValidationFailed naming the
    field, and nothing is written."""
    f = FormReader(raw)
    body = f.text("body", "Letter", required=True, max_len=BODY_MAX)
    recipient = f.text("recipient", "To", required=True, max_len=200)
    if body and WRITE_MARK in body:
        f.fail("body", "Letter", "still has a [write: ...] part: write it, or take it out")
    f.result()
    worker = _signer(session)
    share = raw.get("share", True) is not False
    letter_id = uuid.uuid4()
    decision = decide_sharing(
        session,
        letter.client_id,
        {
            "what": f"Letter: {letter.title}",
            "recipient": recipient,
            "share": share,
            # No basis given: consent, which the check refuses unless it is given.
            "basis": raw.get("basis") or (CONSENT if share else ""),
            "reason": raw.get("reason") or "",
            "source_table": "letter",
            "source_id": letter_id if share else None,
        },
        today,
        now,
    )
    if not share:
        return None
    row = Letter(
        id=letter_id,
        client_id=letter.client_id,
        child_id=letter.child_id,
        template=letter.template.id,
        recipient=recipient,
        title=letter.title,
        body=body,
        facts=[[fact.label, fact.value, fact.source] for fact in letter.facts],
        letter_date=today,
        finalised_at=now.astimezone(UTC),
        finalised_by=worker.id,
        signed_as=worker.name,
        sharing_decision_id=decision.id,
    )
    session.add(row)
    session.flush()
    if letter.template.id == CONFIRMATION:
        # The written confirmation is sent: the verbal referral's 48-hour item ends.
        waiting = awaiting_confirmation(session, letter.client_id)
        if waiting:
            confirm_in_writing(session, waiting[0].id, row.id, today)
    discard_draft(session, letter_draft_key(letter.client_id, letter.template.id, letter.child_id))
    return row
