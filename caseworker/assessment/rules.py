"""The suggestion a pre-CAF's ratings lead to, for one child, and the reasons for it.

The decision is the worker's; this only suggests it, and says why, naming the elements.
The rules, highest first (the first decision with a reason wins):

csc (referral to children's social care), when any of:
  * a serious concern in a safety element: suspected significant harm or parenting
    capacity seriously impaired [004 ¶25, TS-4];
  * a serious concern about the child's caring role (child_caring_role): undue caring
    responsibilities falling on a child [004 TS-4]. "Undue" is the serious rating: some
    caring (helping at home, looking out for a sibling) is some concern and suggests a CAF,
    where young carers' support belongs [004 ¶7, ¶32]. It is a safety element, so the rule
    above would catch it too; it has its own reason because it is its own ground for a
    referral, in the words the referral will use;
  * domestic abuse together with a concern (some or serious) about the effect of use on
    the care of the children (domestic_abuse and substance_use_impact): when the two
    coexist "the effect on all aspects of children's lives was more serious" [003 "High
    levels of co-morbidity"], so two "some concerns" together are a serious one.

caf (a CAF / Early Help assessment), when any of:
  * some or serious concern in any element (additional needs below the social-care
    threshold [004 ¶35]);
  * a safety element rated not known, or not rated: "no additional needs" needs every
    safety element known, and a CAF "is an appropriate way to gather the information"
    [004 ¶35].

no_additional_needs otherwise: every safety element is rated no concern and no element
shows a concern.

A non-safety element rated not known (or not rated) does not raise the suggestion. The
seeds tie the threshold to the child's safety [004 TS-4, ¶35]; requiring all of the
checklist's elements to be known would push any family with one gap (employment, say)
into a CAF, which is the worker's call to make, not the rules'. Such elements are listed
in Suggestion.not_known, and named in the reason for no additional needs, so the worker
sees them beside the suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from caseworker.assessment.ratings import (
    NOT_KNOWN,
    SERIOUS_CONCERN,
    SOME_CONCERN,
    Rating,
    rank,
)
from caseworker.content.checklist import RATINGS, Checklist, load_checklist
from caseworker.core.errors import FieldError, NotFound, ValidationFailed

DOMESTIC_ABUSE = "domestic_abuse"
SUBSTANCE_USE_IMPACT = "substance_use_impact"
CHILD_CARING_ROLE = "child_caring_role"

# Rule ids, for a screen or a printed summary that wants to group or style reasons.
SERIOUS_SAFETY = "serious_safety_concern"
UNDUE_CARING = "undue_caring"
ABUSE_WITH_USE = "domestic_abuse_with_use"
CONCERN = "concern"
SAFETY_NOT_KNOWN = "safety_not_known"
SAFETY_CLEAR = "safety_clear"


@dataclass(frozen=True)
class Reason:
    rule: str  # one of the rule ids above
    elements: tuple[str, ...]  # the element ids that led here, in checklist order
    text: str  # in words, with the elements' labels, for the screen and the summary
    basis: str  # the seed it rests on, e.g. "004 TS-4"


@dataclass(frozen=True)
class Suggestion:
    decision: str  # no_additional_needs | caf | csc
    label: str  # the decision in the vocabulary's words ("CAF", "Early Help assessment", ...)
    reasons: tuple[Reason, ...]  # never empty: why this decision, and no higher
    not_known: tuple[str, ...] = ()  # element ids rated not known or not rated yet


def suggest(ratings: Mapping[str, Rating | str], checklist: Checklist | None = None) -> Suggestion:
    """The suggestion for one child from their ratings: element id -> Rating (or the bare
    rating id). Elements left out count as not rated. An element id the checklist does
    not have is NotFound; a rating that is not one of RATINGS is ValidationFailed."""
    checklist = checklist or load_checklist()
    levels = _levels(ratings, checklist)

    def labels(ids: list[str]) -> str:
        return ", ".join(checklist.element(i).label for i in ids)

    def at_least(rating: str, *, safety_only: bool = False) -> list[str]:
        return [
            e.id
            for e in checklist.elements
            if rank(levels[e.id]) >= rank(rating) and (e.safety or not safety_only)
        ]

    not_known = tuple(e for e, level in levels.items() if level == NOT_KNOWN)
    serious = checklist.rating_label(SERIOUS_CONCERN).lower()

    csc: list[Reason] = []
    serious_safety = [
        e for e in at_least(SERIOUS_CONCERN, safety_only=True) if e != CHILD_CARING_ROLE
    ]
    if serious_safety:
        text = f"{serious.capitalize()} about the child's safety: {labels(serious_safety)}"
        csc.append(Reason(SERIOUS_SAFETY, tuple(serious_safety), text, "004 ¶25, TS-4"))
    if levels[CHILD_CARING_ROLE] == SERIOUS_CONCERN:
        text = f"Undue caring falling on the child ({labels([CHILD_CARING_ROLE])}: {serious})"
        csc.append(Reason(UNDUE_CARING, (CHILD_CARING_ROLE,), text, "004 TS-4"))
    if all(rank(levels[e]) >= rank(SOME_CONCERN) for e in (DOMESTIC_ABUSE, SUBSTANCE_USE_IMPACT)):
        pair = [e.id for e in checklist.elements if e.id in (DOMESTIC_ABUSE, SUBSTANCE_USE_IMPACT)]
        text = f"A concern about both {labels(pair)}: together, more serious in every domain"
        basis = '003 "High levels of co-morbidity"'
        csc.append(Reason(ABUSE_WITH_USE, tuple(pair), text, basis))
    if csc:
        return _suggestion("csc", csc, not_known, checklist)

    caf: list[Reason] = []
    concerns = at_least(SOME_CONCERN)
    if concerns:
        caf.append(
            Reason(CONCERN, tuple(concerns), f"A concern about {labels(concerns)}", "004 ¶35")
        )
    unknown_safety = [e.id for e in checklist.elements if e.safety and levels[e.id] == NOT_KNOWN]
    if unknown_safety:
        text = (
            f"Not known yet, about the child's safety: {labels(unknown_safety)} "
            f"(the {checklist.decision_label('caf')} can gather it)"
        )
        caf.append(Reason(SAFETY_NOT_KNOWN, tuple(unknown_safety), text, "004 ¶35"))
    if caf:
        return _suggestion("caf", caf, not_known, checklist)

    safety = [e.id for e in checklist.elements if e.safety]
    text = "Every safety element is rated no concern, and no element shows a concern"
    if not_known:
        text += f"; not known (not safety elements): {labels(list(not_known))}"
    clear = Reason(SAFETY_CLEAR, tuple(safety), text, "004 ¶35")
    return _suggestion("no_additional_needs", [clear], not_known, checklist)


def _suggestion(
    decision: str, reasons: list[Reason], not_known: tuple[str, ...], checklist: Checklist
) -> Suggestion:
    return Suggestion(decision, checklist.decision_label(decision), tuple(reasons), not_known)


def _levels(ratings: Mapping[str, Rating | str], checklist: Checklist) -> dict[str, str]:
    """Every element's rating id, in checklist order; not rated is not known."""
    known = {e.id for e in checklist.elements}
    for element_id in ratings:
        if element_id not in known:
            raise NotFound(f"the {checklist.title} has no element {element_id!r}")
    levels: dict[str, str] = {}
    errors = []
    for element in checklist.elements:
        given = ratings.get(element.id)
        level = given.rating if isinstance(given, Rating) else given
        if level is None:
            level = NOT_KNOWN
        elif level not in RATINGS:
            problem = f"must be one of {', '.join(RATINGS)}, got {level!r}"
            errors.append(FieldError(element.id, element.label, problem))
        levels[element.id] = level
    if errors:
        raise ValidationFailed(errors)
    return levels
