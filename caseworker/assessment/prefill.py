"""What the record already says about each element of the pre-CAF, and where it came from.

"Facts already recorded at screening are not asked again" [000 §4.4: agencies must
"cross-reference their assessment tools"]: the latest parental screen, the scored
instruments, the child register, the household and the client's profile are laid beside
the elements they bear on. The worker confirms a fact (it becomes the element's evidence,
with its source) or writes their own; nothing here rates anything - a fact is evidence,
the rating is the worker's judgement.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caseworker.content.checklist import SOURCES
from caseworker.core import vocab
from caseworker.core.dates import format_uk
from caseworker.screening import DOMESTIC_ABUSE, EFFECT_ON_CARE, STORAGE
from caseworker.store.models import ChildRecord, Client, HouseholdMember, Screening

_SCORED = {
    "audit": "AUDIT",
    "audit-c": "AUDIT-C",
    "fast": "FAST",
    "dast-10": "DAST-10",
    "sadq": "SADQ",
}


@dataclass(frozen=True)
class Fact:
    """Something the record says that bears on one element (for one child, or for all)."""

    element: str
    text: str  # what it says, in words
    where: str  # where it was recorded: "parental screen of 02/11/2026", "child register"
    source: str  # the checklist's source id: self_reported, observed, confirmed_by_agency
    child_id: uuid.UUID | None = None  # None: it bears on every child


def _latest(screenings: Sequence[Screening], *instruments: str) -> Screening | None:
    done = [
        s
        for s in screenings
        if s.status == "complete" and s.completed_on and s.instrument in instruments
    ]
    return max(done, key=lambda s: s.completed_on or date.min, default=None)


def _parental(screen: Screening) -> list[Fact]:
    a = screen.answers
    where = f"parental screen of {format_uk(screen.completed_on)}"
    out: list[Fact] = []

    def add(element: str, text: str) -> None:
        if text:
            out.append(Fact(element, text, where, "self_reported"))

    effect = a.get("use_affects_care")
    if effect and effect != "not_known":
        add(
            "substance_use_impact",
            "Use affects the care of the children: " + vocab.label(EFFECT_ON_CARE, effect).lower(),
        )
    storage = a.get("storage")
    if storage and storage != "not_known":
        add("storage", vocab.label(STORAGE, storage))
    abuse = a.get("domestic_abuse")
    if abuse:
        add("domestic_abuse", "Domestic abuse: " + vocab.label(DOMESTIC_ABUSE, abuse).lower())
    add("mental_health", str(a.get("mental_health") or ""))
    add("parent_view", "Coping with parenting: " + a["coping"] if a.get("coping") else "")
    caring = []
    if a.get("child_caring_role"):
        caring.append("a child cares for the client or runs the home")
    if a.get("treatment_pushes_caring"):
        caring.append("attending treatment pushes caring onto a child")
    if caring:
        add("child_caring_role", "; ".join(caring).capitalize())
    if a.get("help_received"):
        add("social_integration", "Help the children receive: " + str(a["help_received"]))
    if a.get("childcare_needed"):
        add("high_risk_periods", "Needs childcare to attend appointments")
    return out


def _child(child: ChildRecord, today: date) -> list[Fact]:
    where = "child register"
    # The register's own word for an agency's confirmation is not the checklist's.
    source = {"agency_confirmed": "confirmed_by_agency"}.get(child.source, child.source)
    source = source if source in SOURCES else "self_reported"
    out = []
    if child.unborn:
        due = f", due {format_uk(child.due_date)}" if child.due_date else ""
        out.append(Fact("health", f"Unborn{due}", where, source, child.id))
        out.append(Fact("high_risk_periods", f"Pregnancy{due}", where, source, child.id))
    elif child.date_of_birth and (today - child.date_of_birth).days < 365:
        out.append(Fact("high_risk_periods", "A baby under one", where, source, child.id))
    help_ = child.current_help
    if help_ and help_ != "none":
        worker = f" (social worker: {child.lead_social_worker})" if child.lead_social_worker else ""
        out.append(
            Fact(
                "family_social_relationships",
                f"Help: {vocab.label(vocab.CURRENT_HELP, help_)}{worker}",
                where,
                source,
                child.id,
            )
        )
    if child.school:
        out.append(Fact("learning", f"School: {child.school}", where, source, child.id))
    health = [
        f"GP: {child.gp}" if child.gp else "",
        f"health visitor: {child.health_visitor}" if child.health_visitor else "",
    ]
    if any(health):
        out.append(Fact("health", "; ".join(h for h in health if h), where, source, child.id))
    if child.young_carer:
        out.append(Fact("child_caring_role", "Recorded as a young carer", where, source, child.id))
    if child.contact_arrangement not in ("", "not_applicable"):
        contact = vocab.label(vocab.CONTACT_ARRANGEMENTS, child.contact_arrangement)
        out.append(
            Fact(
                "family_social_relationships",
                f"Contact with the other parent: {contact.lower()}",
                where,
                source,
                child.id,
            )
        )
    return out


def facts(
    client: Client,
    children: Sequence[ChildRecord],
    household: Sequence[HouseholdMember],
    screenings: Sequence[Screening],
    today: date,
) -> list[Fact]:
    """Everything the record says that bears on the checklist, element by element."""
    out: list[Fact] = []
    parental = _latest(screenings, "parental")
    if parental is not None:
        out += _parental(parental)
    for instrument, name in _SCORED.items():
        scored = _latest(screenings, instrument)
        if scored is not None and scored.total is not None:
            band = f" ({scored.band})" if scored.band else ""
            out.append(
                Fact(
                    "use_pattern",
                    f"{name} score {scored.total}{band}",
                    f"{name} of {format_uk(scored.completed_on)}",
                    "self_reported",
                )
            )
    if client.take_home_medication:
        out.append(Fact("storage", "Has take-home medication", "client profile", "observed"))
    if client.pregnant:
        out.append(
            Fact("high_risk_periods", "The client is pregnant", "client profile", "self_reported")
        )
    for member in household:
        if member.left_on is not None:
            continue
        if member.domestic_abuse:
            out.append(Fact("domestic_abuse", f"Domestic abuse recorded: {member.name}",
                            "household", "self_reported"))  # fmt: skip
        if member.substance_use:
            out.append(
                Fact(
                    "wider_family",
                    f"{member.name} ({member.relationship or 'household'}): {member.substance_use}",
                    "household",
                    "self_reported",
                )
            )
        elif member.relationship:
            out.append(
                Fact(
                    "wider_family",
                    f"{member.name}: {member.relationship}",
                    "household",
                    "self_reported",
                )
            )
    for child in children:
        out += _child(child, today)
    return out


def facts_for(all_facts: Sequence[Fact], element: str, child_id: uuid.UUID | None) -> list[Fact]:
    """The facts bearing on one element for one child (the family's facts included)."""
    return [
        f
        for f in all_facts
        if f.element == element and (f.child_id is None or f.child_id == child_id)
    ]
