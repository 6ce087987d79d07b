"""The demo's meetings and reviews: what a family at each level of help would have had, dated
so that what they make due (the next review, the minutes, agreed actions) falls from a few
weeks overdue to a few weeks ahead - a diary with something in every view.

No due item is written here: the meetings capability's rules derive them, as for real work.
"""

from __future__ import annotations

from datetime import timedelta

from caseworker.demo.family import FamilyBuilder
from caseworker.store.models import ChildRecord, Meeting, MeetingAction

_OUR_ACTIONS = (
    "share a treatment update with the social worker",
    "book a joint home visit with the health visitor",
    "send the drug test results to the conference chair",
    "check the childcare plan for clinic days",
)


def _meeting(b: FamilyBuilder, kind: str, days_ago: int, *, minutes: bool = True,
             **fields: object) -> Meeting:  # fmt: skip
    held = b.today - timedelta(days=days_ago)
    meeting = Meeting(client_id=b.client.id, kind=kind, held_on=held,
                      invited="Social worker, health visitor, school nurse, key worker",
                      attended="Social worker, key worker", parents_attended=b.chance(0.7),
                      absent_agencies="School nurse" if b.chance(0.4) else "",
                      **fields)  # type: ignore[arg-type]  # fmt: skip
    if minutes:
        meeting.minutes_to = "Social worker, health visitor, school nurse, GP"
        meeting.minutes_sent_on = held + timedelta(days=b.rng.randint(1, 3))
    b.records.append(meeting)
    return meeting


def _action(b: FamilyBuilder, meeting: Meeting, due_in: int) -> None:
    what = b.pick(_OUR_ACTIONS)
    b.records.append(MeetingAction(meeting_id=meeting.id, client_id=b.client.id, what=what,
                                   owner="Key worker",
                                   due_on=b.today + timedelta(days=due_in)))  # fmt: skip


def add_meetings(b: FamilyBuilder, children: list[ChildRecord]) -> None:
    """By the highest help any child has: a child-protection plan has had its
    initial conference and core groups; a child in need, monthly multi-agency reviews;
    early help, a family support plan (CAF/TAF) review."""
    helps = {c.current_help for c in children}
    if "cp_plan" in helps:
        initial = b.rng.randint(20, 80)
        _meeting(b, "cp_initial", initial, our_part=b.weighted(
            {"attended": 70, "written_report": 30}))  # fmt: skip
        if b.chance(0.7):
            core = _meeting(b, "core_group", initial - 9, minutes=b.chance(0.6))
            _action(b, core, b.rng.randint(-7, 14))
    elif "child_in_need" in helps:
        last = b.rng.randint(10, 45)  # monthly: due from about 2 weeks overdue to 3 ahead
        review = _meeting(b, "multi_agency_review", last, minutes=b.chance(0.75))
        if b.chance(0.5):
            _action(b, review, b.rng.randint(-10, 10))
    elif "early_help" in helps and b.chance(0.6):
        _meeting(b, "caf_review", b.rng.randint(20, 60))
