"""A screening opened in full: each question with the answer given and what it scored,
and whether the next step a positive screen suggested has since been done."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_
from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core import vocab
from caseworker.screening import instruments
from caseworker.screening.parental import DOMESTIC_ABUSE, EFFECT_ON_CARE, STORAGE
from caseworker.screening.sessions import answers_of, get_screening
from caseworker.store.models import Screening


@dataclass(frozen=True)
class AnsweredItem:
    label: str  # "3" for an instrument's item, the question's name for the parental screen
    question: str
    answer: str  # the option's words ("skipped" where a rule made it unnecessary)
    score: int | None  # None: not scored (skipped, or the parental screen)


# The parental screen's answers in the words of its form (the field order is the form's).
_PARENTAL_QUESTIONS: tuple[tuple[str, str, vocab.Choices], ...] = (
    ("occasion", "Occasion", vocab.SCREENING_OCCASIONS),
    ("parental_status", "Parental status", vocab.PARENTAL_STATUS),
    ("children_confirmed", "Children on the register are complete", ()),
    ("other_under_18s", "Other under-18s in the home", ()),
    ("pregnant_client", "Client is pregnant", ()),
    ("pregnant_partner", "Partner is pregnant", ()),
    ("due_date", "Due date", ()),
    ("help_received", "Help the children receive", ()),
    ("coping", "How coping with parenting", ()),
    ("use_affects_care", "Use affects care of the children", EFFECT_ON_CARE),
    ("child_caring_role", "A child cares for the client or runs the home", ()),
    ("treatment_pushes_caring", "Attending treatment pushes caring onto a child", ()),
    ("childcare_needed", "Childcare needed for appointments", ()),
    ("preferred_times", "Preferred times", ()),
    ("storage", "Storage of medication and substances", STORAGE),
    ("domestic_abuse", "Domestic abuse", DOMESTIC_ABUSE),
    ("mental_health", "Mental health", ()),
    ("agencies", "Agencies involved", ()),
    ("consent_recipient", "Consent to share with", ()),
    ("consent_state", "Consent", vocab.CONSENT_STATES),
    ("notes", "Notes", ()),
)


def _words(value: object, choices: vocab.Choices) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "not recorded"
    if choices:
        return vocab.label(choices, str(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def screening_answers(session: Session, screening_id: uuid.UUID) -> list[AnsweredItem]:
    """Every question of the screen in order with its answer (NotFound if it has gone).
    TOP is opened beside its start values instead (caseworker.screening.top)."""
    sc = get_screening(session, screening_id)
    if sc.instrument == "parental":
        return [
            AnsweredItem(label, label, _words(sc.answers.get(key), choices), None)
            for key, label, choices in _PARENTAL_QUESTIONS
            if key in sc.answers
        ]
    if sc.instrument == "top":
        return []
    inst = instruments.load(sc.instrument)
    given = answers_of(sc)
    items = []
    for item in inst.items:
        chosen = given.get(item.number)
        if chosen is None or not 0 <= chosen < len(item.options):
            items.append(AnsweredItem(str(item.number), item.text, "skipped", None))
            continue
        option = item.options[chosen]
        items.append(AnsweredItem(str(item.number), item.text, option.label, option.score))
    return items


@dataclass(frozen=True)
class FollowUp:
    """The follow-on instrument started from a positive short screen."""

    instrument: str  # its short name: "AUDIT"
    complete: bool
    on: date  # completed, or started while a draft


def follow_up_of(session: Session, screening: Screening) -> FollowUp | None:
    """The full instrument done after this positive short screen: continued from it, or
    screened separately since. None when the screen leads nowhere or nothing followed."""
    follow_on = instruments.load(screening.instrument).follow_on if screening.positive else None
    if follow_on is None or screening.status != "complete":
        return None
    since = screening.completed_on or screening.started_on
    stmt = (
        select(Screening)
        .where(
            col(Screening.client_id) == screening.client_id,
            col(Screening.instrument) == follow_on,
            or_(
                col(Screening.follows_id) == screening.id,
                and_(col(Screening.status) == "complete", col(Screening.started_on) >= since),
            ),
        )
        .order_by(col(Screening.created_at).desc())
    )
    rows = list(session.scalars(stmt))
    if not rows:
        return None
    done = next((r for r in rows if r.status == "complete"), None)
    row = done or rows[0]
    name = instruments.load(row.instrument).short_name
    return FollowUp(name, done is not None, row.completed_on or row.started_on)
