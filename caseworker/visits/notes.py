"""The visit note: written (kept as a draft by the form while it is typed, saved as often
as the worker likes), then signed off, after which it is append-only.

A signed-off note, its children, observations and actions are sealed: refused here with a
clear message, and by the database's triggers for anything else (caseworker.store.sealed).
A correction is an addendum with its own stamp, shown beneath the note; an addendum is
never edited either.

Signing off is when the note becomes the record: its actions enter the diary, it counts as
the home visit of a running multi-agency assessment (`signed_visits`), and a change in the
household it records (a child come back home, a new adult moved in) writes a
re-assessment trigger, which makes a pre-CAF due again [004 Recommended actions 7].

The form's fields are flat (a form is one dict of values): per child and per checklist
item they are named by `child_field` and `item_field`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.content.visit_checklist import (
    YES,
    VisitChecklist,
    VisitItem,
    load_visit_checklist,
)
from caseworker.core import vocab
from caseworker.core.dates import format_uk
from caseworker.core.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from caseworker.core.validation import NOTES, PARAGRAPH, FormReader
from caseworker.diary import uk_date
from caseworker.meetings import read_actions
from caseworker.people import get_client
from caseworker.store.models import (
    ChildRecord,
    ReassessmentTrigger,
    Visit,
    VisitAction,
    VisitAddendum,
    VisitChild,
    VisitNote,
    VisitObservation,
    Worker,
)
from caseworker.visits.plans import (
    CANCELLED,
    aware_utc,
    get_visit,
    visit_children,
)

# Whether the parent understood what was explained [003 "Direct work": parents "may
# experience difficulties in understanding what is said to them"].
UNDERSTOOD: vocab.Choices = (
    ("yes", "Yes"),
    ("partly", "Partly: to be explained again"),
    ("no", "No: to be explained again"),
)
CHILD_PARTS = ("seen", "seen_alone", "spoken_with", "presentation", "own_words")
NOTE_TEXT = ("adults", "explained_to_parent", "narrative", "concerns")
# The words of a household change, for the re-assessment's due item (no names: the due
# item's reason goes into calendar exports).
TRIGGER_WORDS = {
    "child_returned": "a child came back to live with the client",
    "new_adult": "another adult moved into the home",
}


def child_field(child_id: uuid.UUID, part: str) -> str:
    return f"child_{child_id.hex}_{part}"


def item_field(item_id: str) -> str:
    return f"obs_{item_id}"


def item_note_field(item_id: str) -> str:
    return f"obsnote_{item_id}"


def _sealed(note: VisitNote) -> None:
    if note.signed_off_at is not None:
        raise NotAllowed(
            f"This note was signed off by {note.signed_as} and is sealed: add an addendum "
            "to correct or add to it."
        )


def note_of(session: Session, visit_id: uuid.UUID) -> VisitNote | None:
    return session.scalars(select(VisitNote).where(col(VisitNote.visit_id) == visit_id)).first()


# ---- the note's fields ------------------------------------------------------------------


@dataclass(frozen=True)
class NoteShape:
    """What a visit's note asks: its children (in the home or visiting) and the items."""

    visit: Visit
    children: tuple[ChildRecord, ...]
    checklist: VisitChecklist
    items: tuple[VisitItem, ...]  # those asked on this visit


def note_shape(session: Session, visit_id: uuid.UUID) -> NoteShape:
    visit = get_visit(session, visit_id)
    client = get_client(session, visit.client_id)
    children = tuple(visit_children(session, client.id))
    checklist = load_visit_checklist()
    items = checklist.asked(child=bool(children), medication=client.take_home_medication)
    return NoteShape(visit, children, checklist, items)


def validate_note(raw: dict[str, Any], shape: NoteShape, today: date) -> dict[str, Any]:
    r = FormReader(raw)
    r.text("adults", "Adults present", max_len=PARAGRAPH)
    for child in shape.children:
        name = child.given_name or "the child"
        for part in CHILD_PARTS[:3]:
            r.flag(child_field(child.id, part))
        seen = r.clean[child_field(child.id, "seen")]
        if not seen and (
            r.clean[child_field(child.id, "seen_alone")]
            or r.clean[child_field(child.id, "spoken_with")]
        ):
            r.fail(
                child_field(child.id, "seen"), f"{name}: seen", "say yes: seen alone or spoken with"
            )
        r.text(child_field(child.id, "presentation"), f"{name}: presentation", max_len=PARAGRAPH)
        r.text(child_field(child.id, "own_words"), f"{name}: in their own words", max_len=NOTES)
    for item in shape.items:
        answer = raw.get(item_field(item.id)) or ""
        if answer and answer not in dict(item.answers):
            r.fail(item_field(item.id), item.label, "choose one of the options")
            answer = ""
        r.clean[item_field(item.id)] = answer
        r.text(item_note_field(item.id), f"{item.label}: note", max_len=PARAGRAPH)
        if item.trigger and answer == YES and not r.clean[item_note_field(item.id)]:
            r.fail(item_note_field(item.id), f"{item.label}: note", "say who, and since when")
    r.text("explained_to_parent", "Explained to the parent", max_len=NOTES)
    understood = raw.get("understood") or ""
    if understood and understood not in vocab.values(UNDERSTOOD):
        r.fail("understood", "Understood", "choose one of the options")
        understood = ""
    if understood and not r.clean["explained_to_parent"]:
        r.fail("explained_to_parent", "Explained to the parent", "say what was explained")
    r.clean["understood"] = understood
    r.text("narrative", "Narrative", max_len=NOTES)
    r.text("concerns", "Concerns", max_len=NOTES)
    read_actions(r, raw, today)
    return r.result()


def note_values(session: Session, visit_id: uuid.UUID) -> dict[str, Any]:
    """The saved note as the form's values (empty if none is saved yet)."""
    note = note_of(session, visit_id)
    if note is None:
        return {}
    values: dict[str, Any] = {name: getattr(note, name) for name in NOTE_TEXT}
    values["understood"] = note.understood or None
    for row in rows_of(session, VisitChild, note.id):
        for part in CHILD_PARTS:
            values[child_field(row.child_id, part)] = getattr(row, part)
    for obs in rows_of(session, VisitObservation, note.id):
        values[item_field(obs.item)] = obs.answer
        values[item_note_field(obs.item)] = obs.note
    values["actions"] = "\n".join(
        f"{a.owner}; {a.what}; {a.due_on:%d/%m/%Y}" for a in rows_of(session, VisitAction, note.id)
    )
    return values


def rows_of(session: Session, model: Any, note_id: uuid.UUID) -> list[Any]:
    return list(session.scalars(select(model).where(col(model.note_id) == note_id)))


def save_note(session: Session, visit_id: uuid.UUID, raw: dict[str, Any], today: date) -> VisitNote:
    """The note as typed, saved (not yet signed off: it may still change)."""
    shape = note_shape(session, visit_id)
    visit = shape.visit
    if visit.status == CANCELLED:
        raise NotAllowed("This visit was cancelled: there is no note to write.")
    clean = validate_note(raw, shape, today)
    note = note_of(session, visit_id)
    if note is None:
        out_at = aware_utc(visit.out_at)
        visited = uk_date(out_at) if out_at else visit.planned_for
        note = VisitNote(visit_id=visit.id, client_id=visit.client_id, visited_on=visited)
        session.add(note)
        session.flush()
    _sealed(note)
    for name in (*NOTE_TEXT, "understood"):
        if getattr(note, name) != clean[name]:
            setattr(note, name, clean[name])
    # The dependants are written afresh: until sign-off they are the note's working copy.
    for model in (VisitChild, VisitObservation, VisitAction):
        for row in rows_of(session, model, note.id):
            session.delete(row)
    session.flush()
    for child in shape.children:
        parts = {part: clean[child_field(child.id, part)] for part in CHILD_PARTS}
        session.add(
            VisitChild(note_id=note.id, client_id=note.client_id, child_id=child.id, **parts)
        )
    for item in shape.items:
        answer = clean[item_field(item.id)]
        if answer or clean[item_note_field(item.id)]:
            session.add(
                VisitObservation(
                    note_id=note.id,
                    client_id=note.client_id,
                    item=item.id,
                    answer=answer or "",
                    note=clean[item_note_field(item.id)],
                )
            )
    for owner, what, due in clean["actions"]:
        session.add(
            VisitAction(
                note_id=note.id, client_id=note.client_id, owner=owner, what=what, due_on=due
            )
        )
    session.flush()
    return note


# ---- signing off and addenda ------------------------------------------------------------


def _signer(session: Session) -> Worker:
    worker_id = session.info.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    if worker is None:
        raise NotAllowed("Only a named worker can sign a note: unlock as yourself.")
    return worker


def sign_off(session: Session, visit_id: uuid.UUID, now: datetime) -> VisitNote:
    """Sign the saved note off (the worker at the keyboard, at `now`) and seal it; write
    the re-assessment trigger for each household change it records."""
    note = note_of(session, visit_id)
    if note is None:
        raise NotAllowed("Save the visit note first: there is nothing to sign off.")
    _sealed(note)
    worker = _signer(session)
    if not note.narrative.strip():
        raise ValidationFailed(
            [FieldError("narrative", "Narrative", "is required before the note is signed off")]
        )
    checklist = load_visit_checklist()
    for obs in rows_of(session, VisitObservation, note.id):
        try:
            item = checklist.item(obs.item)
        except NotFound:  # an item since taken out of the file: nothing to trigger
            continue
        if item.trigger and obs.answer == YES:
            session.add(
                ReassessmentTrigger(
                    client_id=note.client_id,
                    kind=item.trigger,
                    on=note.visited_on,
                    reason=f"home visit of {format_uk(note.visited_on)}: "
                    f"{TRIGGER_WORDS.get(item.trigger, item.label)}",
                )
            )
    note.signed_off_at = now.astimezone(UTC)
    note.signed_off_by = worker.id
    note.signed_as = worker.name
    session.flush()
    return note


def add_addendum(session: Session, visit_id: uuid.UUID, text: str, now: datetime) -> VisitAddendum:
    """A correction or addition to a signed note, stamped (worker, moment); never edited."""
    note = note_of(session, visit_id)
    if note is None or note.signed_off_at is None:
        raise NotAllowed("An addendum is added to a signed-off note: edit the note itself.")
    worker = _signer(session)
    r = FormReader({"text": text})
    r.text("text", "Addendum", required=True, max_len=NOTES)
    clean = r.result()
    addendum = VisitAddendum(
        visit_id=visit_id,
        client_id=note.client_id,
        text=clean["text"],
        stamped_at=now.astimezone(UTC),
        stamped_by=worker.id,
        stamped_as=worker.name,
    )
    session.add(addendum)
    session.flush()
    return addendum
