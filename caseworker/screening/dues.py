"""What screening makes due, as pure functions of the client's records and the protocol.

These rules are the only place screening's due dates are decided; nothing stores a due
item by hand. The agenda (caseworker.agenda) calls `screening_dues` whenever one of the
client's records changes, and for everyone when the protocol changes, and keeps the
stored due-item table in step with what they return.

Each rule says what is due *now* from the records; what the worker did about an item
(completed, booked or moved it from the diary) is applied by the agenda afterwards:
- re-screen parental status: the protocol's rule `rescreen` after the latest completed
  parental screen (it is the parental screen that is repeated at every review [004 ¶34];
  an AUDIT alone does not move it);
- pre-CAF: the rule `precaf_due` after the parental screen that found the client responsible
  for children (caring for them now, or expecting) [004 ¶35] - the first of an unbroken
  run of such screens - as long as the client still is: a later screen that finds no
  children in their care, or a profile that now says so, ends it;
- TOP review: the rule `top_review` after the latest TOP, until the exit TOP;
- medical review: from the first completed screening that flagged possible dependence
  (AUDIT 20+, SADQ 16+), due the day it was flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from caseworker.content import Protocol
from caseworker.core.dates import format_uk, naive_utc
from caseworker.diary import Due, DueKind, due_after
from caseworker.store.models import ChildRecord, Client, Screening

# Parental statuses that say positively that no child is in the client's care.
_NO_CHILD_IN_CARE = frozenset({"none_live_with", "not_a_parent"})


def _completed(screenings: Iterable[Screening], instrument: str | None = None) -> list[Screening]:
    """Completed screenings (of one instrument, if given), oldest first; drafts never count."""
    done = [
        s
        for s in screenings
        if s.status == "complete"
        and s.completed_on is not None
        and (instrument is None or s.instrument == instrument)
    ]
    # Same day: the order they were recorded in (stable for identical stamps).
    return sorted(done, key=lambda s: (s.completed_on, naive_utc(s.created_at)))


def _on(screening: Screening) -> str:
    return format_uk(screening.completed_on)


def rescreen_rule(screenings: Iterable[Screening], protocol: Protocol) -> Due | None:
    parental = _completed(screenings, "parental")
    if not parental:
        return None
    last = parental[-1]
    assert last.completed_on is not None
    rule = protocol.rule("rescreen")
    return Due(
        DueKind.RESCREEN,
        last.client_id,
        due_after(rule, last.completed_on),
        f"{rule.due} after the parental screen of {_on(last)}",
        last.id,
        rule="rescreen",
    )


def still_responsible_for_children(client: Client, children: Iterable[ChildRecord]) -> bool:
    """What the record says now: a child at home or expected, or a parental status that
    does not rule children in their care out (declined or not asked is not a "no")."""
    children = list(children)
    if client.pregnant or any(c.unborn or c.lives_with == "client" for c in children):
        return True
    return client.parental_status not in _NO_CHILD_IN_CARE


def precaf_rule(
    client: Client,
    children: Iterable[ChildRecord],
    screenings: Iterable[Screening],
    protocol: Protocol,
) -> Due | None:
    parental = _completed(screenings, "parental")
    if not parental or not parental[-1].positive:
        return None
    if not still_responsible_for_children(client, children):
        return None
    # A second screen that finds the same children does not move the date on.
    first = parental[-1]
    for screen in reversed(parental):
        if not screen.positive:
            break
        first = screen
    assert first.completed_on is not None
    rule = protocol.rule("precaf_due")
    return Due(
        DueKind.PRECAF,
        client.id,
        due_after(rule, first.completed_on),
        f"{rule.due} after the parental screen of {_on(first)} found children in the "
        "client's care (or expected)",
        first.id,
        rule="precaf_due",
    )


def top_review_rule(screenings: Iterable[Screening], protocol: Protocol) -> Due | None:
    tops = _completed(screenings, "top")
    if not tops or tops[-1].occasion == "exit":
        return None
    last = tops[-1]
    assert last.completed_on is not None
    rule = protocol.rule("top_review")
    return Due(
        DueKind.TOP_REVIEW,
        last.client_id,
        due_after(rule, last.completed_on),
        f"{rule.due} after the {last.occasion} TOP of {_on(last)}",
        last.id,
        rule="top_review",
    )


def medical_review_rule(screenings: Iterable[Screening]) -> Due | None:
    flagged = [s for s in _completed(screenings) if s.flags]
    if not flagged:
        return None
    first = flagged[0]
    assert first.completed_on is not None
    return Due(
        DueKind.MEDICAL_REVIEW,
        first.client_id,
        first.completed_on,
        f"{first.instrument.upper()} of {_on(first)}: {'; '.join(first.flags)}",
        first.id,
    )


def screening_dues(
    client: Client,
    children: Sequence[ChildRecord],
    screenings: Sequence[Screening],
    protocol: Protocol,
) -> list[Due]:
    """Everything screening makes due for this client now."""
    found = (
        rescreen_rule(screenings, protocol),
        precaf_rule(client, children, screenings, protocol),
        top_review_rule(screenings, protocol),
        medical_review_rule(screenings),
    )
    return [d for d in found if d is not None]
