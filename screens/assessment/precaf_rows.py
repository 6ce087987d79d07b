"""What the pre-CAF screen puts in its cells: a rating by word and colour (the word alone
must say it: NO_COLOR), the facts on record, the suggestion and the decision in words.
Pure functions of a PreCafView, so the screen only places them."""

from __future__ import annotations

import uuid
from datetime import UTC

from rich.text import Text

from caseworker.assessment import (
    CSC_GROUNDS,
    AssessedChild,
    PreCafView,
    facts_for,
    rank,
)
from caseworker.core import vocab
from caseworker.diary import format_uk_time
from screens.widgets.text import shown

# Styles by rating; the word differs for each, so colour is never the only signal.
_STYLE = {
    "no_concern": "green",
    "some_concern": "bold yellow",
    "serious_concern": "bold red",
    "not_known": "italic",
}
NOT_RATED = "—"
SAFETY_MARK = "!"  # before a safety element's label (the legend says so)


def rating_cell(view: PreCafView, rating: str | None, *, short: bool = False) -> Text:
    if rating is None:
        return Text(NOT_RATED, style="dim")
    words = view.checklist.rating_label(rating)
    if short:  # a child's column in the family view: "serious", "some", "no", "not known"
        words = words.replace(" concern", "") if rating != "not_known" else words
    if rating == "serious_concern":
        words = words.upper()
    return Text(shown(words), style=_STYLE.get(rating, ""))


def element_label(view: PreCafView, element: str) -> str:
    e = view.checklist.element(element)
    return f"{SAFETY_MARK if e.safety else ' '} {e.label}"


def evidence_words(view: PreCafView, child: uuid.UUID | None, element: str) -> str:
    """The evidence recorded, else what the record already says (marked as such)."""
    if child is not None:
        rating = view.rating(child, element)
        if rating is not None and rating.evidence:
            return rating.evidence.replace("\n", " ")
    found = facts_for(view.facts, element, child)
    if found:
        return "on record: " + "; ".join(f.text for f in found)
    return ""


def family_rating(view: PreCafView, element: str) -> str | None:
    """The highest concern any child has for an element (None: no child rated it)."""
    ratings = [view.rating(c.id, element) for c in view.children]
    given = [r.rating for r in ratings if r is not None]
    return max(given, key=rank) if given else None


def domain_summary(view: PreCafView, child: uuid.UUID, domain_id: str) -> Text:
    """One domain for one child: the highest concern, and how many elements have it."""
    domain = next(d for d in view.checklist.domains if d.id == domain_id)
    ratings = [view.rating(child, e) for e in domain.elements]
    given = [r.rating for r in ratings if r is not None]
    if not given:
        return Text(NOT_RATED, style="dim")
    top = max(given, key=rank)
    text = rating_cell(view, top)
    count = given.count(top)
    unrated = len(domain.elements) - len(given)
    if top != "no_concern" and count > 1:
        text.append(f" ×{count}")
    if unrated:
        text.append(f" ({unrated} unrated)", style="dim")
    return text


def detail_lines(view: PreCafView, child: AssessedChild | None, element: str) -> list[str]:
    """The highlighted element in full: its hint, what is on record and where from, and
    the evidence given (for one child, or each child in the family view)."""
    e = view.checklist.element(element)
    lines = [
        f"{e.label}{' (safety element)' if e.safety else ''}" + (f": {e.hint}" if e.hint else "")
    ]
    for fact in facts_for(view.facts, element, child.id if child else None):
        lines.append(f"On record ({fact.where}): {fact.text}")
    for c in [child] if child else view.children:
        rating = view.rating(c.id, element)
        if rating is not None and (rating.evidence or rating.source):
            source = f" [{view.checklist.source_label(rating.source)}]" if rating.source else ""
            who = "" if child else f"{c.name}: "
            lines.append(f"Evidence{source}: {who}{rating.evidence}".rstrip())
    return lines


def suggestion_lines(view: PreCafView, child: AssessedChild | None) -> list[str]:
    """The suggestion beside the ratings: for the child shown, or the family and why."""
    s = view.suggestion
    if child is not None:
        mine = s.by_child[child.id]
        head = f"Suggested for {child.name}: {mine.label}"
        reasons = [r.text for r in mine.reasons]
    else:
        head = f"Suggested for the family: {s.label}"
        # Each reason once, with the children it holds for ("every child" if all).
        by_reason: dict[str, list[str]] = {}
        for c in view.children:
            if s.by_child[c.id].decision == s.decision:
                by_reason.setdefault(s.by_child[c.id].reasons[0].text, []).append(c.name)
        every = len(view.children) > 1
        reasons = [
            f"{'every child' if every and len(names) == len(view.children) else ', '.join(names)}"
            f": {text}"
            for text, names in by_reason.items()
        ]
    return [head + " (the decision is yours)", *(f"  because {r}" for r in reasons[:2])]


def decision_lines(view: PreCafView) -> list[str]:
    p = view.precaf
    if p is None or p.decision is None:
        return []
    label = view.checklist.decision_label(p.decision)
    signed = f"signed by {p.signed_as} on {p.decided_on:%d/%m/%Y}"
    if p.decided_at:
        at = p.decided_at if p.decided_at.tzinfo else p.decided_at.replace(tzinfo=UTC)
        signed = f"signed by {p.signed_as}, {format_uk_time(at)}"
    lines = [f"Decision: {label}, {signed}; sealed"]
    if p.suggested and p.suggested != p.decision:
        suggested = view.checklist.decision_label(p.suggested)
        lines.append(f"Against the suggestion ({suggested}): {p.against_suggestion}")
    if p.reason:
        lines.append(f"Reason: {p.reason}")
    if p.decision == "caf":
        consent = vocab.label((("given", "given"), ("refused", "refused")), p.caf_consent)
        lines.append(
            f"Led by {p.caf_lead}; consent {consent}; agencies: "
            f"{p.agencies.replace(chr(10), ', ') or 'none named'}"
        )
        lines += [f"  Action: {a.owner}: {a.what} by {a.due_on:%d/%m/%Y}" for a in view.plan]
    if p.decision == "csc":
        grounds = [vocab.label(CSC_GROUNDS, g) for g in p.csc_grounds.split(",") if g]
        lines.append("Grounds: " + "; ".join(grounds) + ". The referral is due in the diary.")
    if p.decision == "no_additional_needs" and p.rescreen_on:
        lines.append(f"Re-screen on {p.rescreen_on:%d/%m/%Y}")
    return lines
