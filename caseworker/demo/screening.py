"""The demo's parental screens: what the client record says about children, recorded as
the screen that found it, dated so that what it makes due falls around today.

No due item is written here: the re-screen and pre-CAF dates follow from these screens
by screening's rules, and the agenda derives the stored items as the families are saved,
as for real work.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from caseworker.demo.family import FamilyBuilder
from caseworker.diary import due_after, latest_start
from caseworker.screening import responsible_for_children
from caseworker.store.models import ChildRecord


def parental_answers(b: FamilyBuilder, occasion: str = "review") -> dict[str, Any]:
    """What a parental screen would record about the family as drawn so far."""
    c = b.client
    partner_expecting = any(
        isinstance(r, ChildRecord) and r.unborn and r.client_role != "mother" for r in b.records
    )
    return {"occasion": occasion, "parental_status": c.parental_status,
            "pregnant_client": c.pregnant, "pregnant_partner": partner_expecting}  # fmt: skip


def add_screen(b: FamilyBuilder, on: date, occasion: str = "review") -> None:
    """Add it last, once the family is drawn: it records what the family looks like."""
    assert on <= b.today
    answers = parental_answers(b, occasion)
    b.add_parental_screen(on, answers, responsible_for_children(answers))


def random_parental_screen(b: FamilyBuilder) -> None:
    """Everyone asked about children had a parental screen, dated so that what it makes due
    (the re-screen; the pre-CAF too if children are in their care) falls between about a
    month overdue and three months ahead, as on a real caseload."""
    if b.client.parental_status == "not_asked":
        return
    rules = ["rescreen"]
    if responsible_for_children(parental_answers(b)):
        rules.append("precaf_due")
    # Each rule's length in days from today (a month or a working day is not a fixed length).
    intervals = [(due_after(rule, b.today) - b.today).days for rule in rules]
    # Each item due (screen date + interval) between 30 days ago and 90 days ahead.
    hi = 30 + min(intervals)
    lo = min(hi, max(0, max(intervals) - 90))
    add_screen(b, b.days_ago(lo, hi), b.weighted({"review": 70, "intake": 30}))


def screened(
    b: FamilyBuilder, *, rescreen_in: int | None = None, precaf_in: int | None = None
) -> None:
    """A parental screen dated so that the re-screen (or the pre-CAF) falls due in so many
    days (negative: that many days overdue), whatever the local protocol's intervals."""
    if precaf_in is not None:
        on = latest_start("precaf_due", b.today + timedelta(days=precaf_in))
    else:
        assert rescreen_in is not None
        on = latest_start("rescreen", b.today + timedelta(days=rescreen_in))
    add_screen(b, min(on, b.today))
