"""The facts a letter is filled from, each with where in the record it came from.

Letters draw on the safeguarding record only: the client and children, the network, the
latest pre-CAF, the AUDIT / AUDIT-C screenings, the consent decisions. Never on session
notes (no meeting is read here at all, so a treatment session's notes cannot leak into a
letter). A fact the record does not hold is left out, so a template that needs it fails
naming the field (caseworker.content.letters.LetterFieldMissing); a fact the worker must
write (what they want to happen) is a [write: ...] mark that finalising refuses.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.assessment import checklist, latest_precaf
from caseworker.assessment.summary import age_in_words, child_in_words
from caseworker.content.letters import WRITE_MARK, letterhead
from caseworker.core.dates import format_uk
from caseworker.core.errors import NotFound
from caseworker.core.vocab import LIVES_WITH, NETWORK_ROLES, label
from caseworker.store.models import (
    ChildRecord,
    Client,
    NetworkContact,
    PreCaf,
    PreCafRating,
    Screening,
    Setting,
    Worker,
)

CONCERNS = ("some_concern", "serious_concern")
PARENTING = "parenting_capacity"  # the checklist's domain of the parents and carers
ALCOHOL = ("audit", "audit-c")
NONE_RECORDED = "None recorded."


@dataclass(frozen=True)
class Fact:
    """One fact of the record as a letter uses it, and where it came from."""

    field: str
    label: str
    value: str
    source: str


def _name(given: str, family: str) -> str:
    return " ".join(p for p in (given, family) if p)


def _client_facts(client: Client) -> list[Fact]:
    src = "Client record"
    return [
        Fact("client_name", "Client", _name(client.given_name, client.family_name), src),
        Fact(
            "client_dob",
            "Client's date of birth",
            format_uk(client.date_of_birth) or "not recorded",
            src,
        ),
        Fact("client_address", "Client's address", client.address or "address not recorded", src),
    ]


def _age(child: ChildRecord, today: date) -> str:
    if child.unborn:
        return f"unborn, due {format_uk(child.due_date)}" if child.due_date else "unborn"
    if child.date_of_birth is None:
        return "age not recorded"
    return f"aged {age_in_words(child.date_of_birth, today)}"


def _child_line(child: ChildRecord, today: date) -> str:
    parts = [child_in_words(child), _age(child, today)]
    parts.append(child.school or "school not recorded")
    lives = label(LIVES_WITH, child.lives_with)
    parts.append(
        f"lives with: {lives}"
        + (f" ({child.lives_with_detail})" if child.lives_with_detail else "")
    )
    return "; ".join(parts)


def _children_facts(
    children: list[ChildRecord], child: ChildRecord | None, today: date
) -> list[Fact]:
    out = [
        Fact(
            "children",
            "Children",
            "\n".join(_child_line(c, today) for c in children) or NONE_RECORDED,
            "Child register",
        ),
    ]
    carers = [c for c in children if c.young_carer]
    out.append(
        Fact(
            "caring_roles",
            "Caring roles",
            "\n".join(f"{child_in_words(c)} has a caring role or role reversal." for c in carers)
            or "No child is recorded with a caring role.",
            "Child register (caring role)",
        )
    )
    if child is not None:
        src = f"Child register: {child_in_words(child)}"
        out += [
            Fact("child_name", "Child", child_in_words(child), src),
            Fact("child_age", "Child's age", _age(child, today), src),
            Fact(
                "child_dob",
                "Child's date of birth",
                format_uk(child.due_date if child.unborn else child.date_of_birth)
                or "not recorded",
                src,
            ),
            Fact("child_school", "Child's school", child.school or "school not recorded", src),
            Fact("child_gp", "Child's GP", child.gp or "GP not recorded", src),
            Fact(
                "child_health_visitor",
                "Child's health visitor",
                child.health_visitor or "health visitor",
                src,
            ),
        ]
    return out


def _network_fact(session: Session, client_id: uuid.UUID) -> Fact:
    stmt = select(NetworkContact).where(
        col(NetworkContact.client_id) == client_id, col(NetworkContact.ended_on).is_(None)
    )
    lines = []
    for c in session.scalars(stmt.order_by(col(NetworkContact.agency))):
        who = ", ".join(p for p in (c.team, c.contact_name, c.phone, c.email) if p)
        role = label(NETWORK_ROLES, c.role)
        lines.append(f"{c.agency} ({role})" + (f": {who}" if who else ""))
    return Fact(
        "agencies",
        "Agencies involved",
        "\n".join(lines) or "No other agency recorded.",
        "Network (current contacts)",
    )


def _precaf_facts(
    session: Session, client_id: uuid.UUID, children: list[ChildRecord]
) -> list[Fact]:
    try:
        precaf: PreCaf = latest_precaf(session, client_id)
    except NotFound:
        none = "No pre-CAF assessment recorded."
        return [
            Fact("concerns", "Concerns by domain", none, "Pre-CAF"),
            Fact("parenting_capacity", "Parenting capacity", none, "Pre-CAF"),
        ]
    when = (
        f"decided {format_uk(precaf.decided_on)}"
        if precaf.decision
        else f"begun {format_uk(precaf.started_on)}, not decided"
    )
    src = f"Pre-CAF ({when})"
    lists = checklist()
    elements = {e.id: e for e in lists.elements}
    ratings_words = dict(lists.ratings)
    names = {c.id: child_in_words(c) for c in children}
    rows = list(session.scalars(select(PreCafRating).where(PreCafRating.precaf_id == precaf.id)))
    concerns: list[str] = []
    parenting: list[str] = []
    for domain in lists.domains:
        lines = []
        for row in rows:
            element = elements.get(row.element)
            if element is None or element.domain != domain.id:
                continue
            if domain.id != PARENTING and row.rating not in CONCERNS:
                continue
            evidence = f": {row.evidence}" if row.evidence else ""
            lines.append(
                f"{names.get(row.child_id, 'a child')}, {element.label}: "
                f"{ratings_words.get(row.rating, row.rating)}{evidence}"
            )
        if domain.id == PARENTING:
            parenting += lines
        elif lines:
            concerns += [f"{domain.title}:", *(f"- {line}" for line in lines)]
    return [
        Fact(
            "concerns",
            "Concerns by domain",
            "\n".join(concerns) or "The pre-CAF rates no concern.",
            src,
        ),
        Fact(
            "parenting_capacity",
            "Parenting capacity",
            "\n".join(parenting) or "Not rated in the pre-CAF.",
            src,
        ),
    ]


def _alcohol_fact(session: Session, client_id: uuid.UUID) -> Fact:
    stmt = select(Screening).where(
        col(Screening.client_id) == client_id,
        col(Screening.instrument).in_(ALCOHOL),
        col(Screening.status) == "complete",
    )
    latest = session.scalars(stmt.order_by(col(Screening.completed_on).desc())).first()
    if latest is None:
        return Fact(
            "alcohol",
            "Reported alcohol consumption",
            "No AUDIT or AUDIT-C screening recorded.",
            "Screenings",
        )
    name = latest.instrument.upper()
    band = f" ({latest.band})" if latest.band else ""
    return Fact(
        "alcohol",
        "Reported alcohol consumption",
        f"{name} score {latest.total}{band}, screened {format_uk(latest.completed_on)}.",
        f"Screening: {name} of {format_uk(latest.completed_on)}",
    )


def _worker_facts(session: Session) -> list[Fact]:
    worker_id = session.info.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    service, source = service_name(session)
    return [
        Fact("worker_name", "Worker", worker.name if worker else "", "Worker at the keyboard"),
        Fact("service_name", "Service", service, source),
    ]


def service_name(session: Session) -> tuple[str, str]:
    """The service a letter comes from, and where that was found: the letterhead's, if
    the service has set one, else the name given when the caseload was set up."""
    if named := letterhead()["service_name"]:
        return named, "Letterhead"
    setting = session.get(Setting, "service_name")
    return (setting.value if setting else ""), "Caseload set-up"


def service_letterhead(session: Session) -> dict[str, str]:
    """The letterhead's fields, with the service named as service_name finds it."""
    return {**letterhead(), "service_name": service_name(session)[0]}


def gather_facts(
    session: Session,
    client_id: uuid.UUID,
    today: date,
    *,
    child_id: uuid.UUID | None = None,
    recipient: str = "",
    consent_words: str = "",
    given: Mapping[str, Fact] | None = None,
) -> dict[str, Fact]:
    """Every fact of the record a letter may use, by field. ``given`` adds facts from
    elsewhere (a referral's call: call_at, call_to, call_said; the outcome wanted)."""
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound("No such client.")
    stmt = select(ChildRecord).where(col(ChildRecord.client_id) == client_id)
    children = list(session.scalars(stmt.order_by(col(ChildRecord.created_at))))
    child = None
    if child_id is not None:
        child = next((c for c in children if c.id == child_id), None)
        if child is None:
            raise NotFound("That child is not on this client's record.")
    facts = [
        *_client_facts(client),
        *_children_facts(children, child, today),
        _network_fact(session, client_id),
        *_precaf_facts(session, client_id, children),
        _alcohol_fact(session, client_id),
        *_worker_facts(session),
        Fact("today", "Date", format_uk(today), "Today"),
        Fact("recipient", "To", recipient, "Chosen by the worker"),
        Fact("consent", "Consent", consent_words, "Consent decisions"),
        Fact(
            "desired_outcome",
            "What the worker wants to happen",
            f"{WRITE_MARK} what you want to happen, and by when]",
            "To be written by the worker",
        ),
    ]
    out = {f.field: f for f in facts}
    out.update(given or {})
    return out


def referral_facts(referral: Any) -> dict[str, Fact]:
    """The facts a referral gives a letter (the csc-confirmation's call: when, to whom, what
    was said; the outcome the referrer wants), from a referral record with the fields
    call_at, call_to, call_said and wanted_outcome (caseworker.referrals' Referral). Read
    by name so the letters do not depend on how the referral is stored."""
    made = getattr(referral, "made_on", None)
    src = f"Referral of {format_uk(made)}" if made else "Referral"
    out: dict[str, Fact] = {}
    call_at = getattr(referral, "call_at", None)
    if call_at is not None:
        from caseworker.core.dates import aware_utc
        from caseworker.diary import format_uk_time

        # SQLite gives the moment back naive (it is UTC): shown on the UK clock, with its zone.
        moment = format_uk_time(aware_utc(call_at) or call_at)
        out["call_at"] = Fact("call_at", "Date and time of the call", moment, src)
    for name, words in (("call_to", "Called"), ("call_said", "What was said")):
        value = str(getattr(referral, name, "") or "").strip()
        if value:
            out[name] = Fact(name, words, value, src)
    wanted = str(getattr(referral, "wanted_outcome", "") or "").strip()
    if wanted:
        out["desired_outcome"] = Fact(
            "desired_outcome", "What the referrer wants to happen", wanted, src
        )
    return out
