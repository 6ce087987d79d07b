"""What meetings and reviews make due, as pure functions of the client's meetings and the
protocol (the agenda gathers them with every other capability's rules):

- the next multi-agency case review: the next date set at the last one held, else the rule
  `multi_agency_review` after it [000 §4.5];
- the next family support plan (or CAF/TAF) review: `family_plan_review` after the last,
  with its grace before it is overdue [004 ¶31];
- child protection: after an initial conference the first review conference
  (`cp_review_first`) and the first core group (`core_group_first`, until one is held);
  after a review conference the next (`cp_review_next`) [Working Together];
- the session-contract review after the sessions the contract names (5, 9, 13, ... by
  default), until a contract review is held [000 §4.7];
- minutes not yet distributed, `minutes_distribution` after the meeting [004 TS-9, CF-5];
- each action agreed at a meeting, by its own date.

A date set at the meeting itself (its "next date") wins over the protocol's interval:
the people in the room agreed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from caseworker.content import Protocol
from caseworker.core.dates import format_uk
from caseworker.diary import Due, DueKind, contract_review_after, due_after, overdue_after
from caseworker.meetings.kinds import MEETING_WORDS, WITH_MINUTES, MeetingKind
from caseworker.store.models import Meeting, MeetingAction


def _latest(meetings: Iterable[Meeting], *kinds: MeetingKind) -> Meeting | None:
    wanted = {k.value for k in kinds}
    held = [m for m in meetings if m.kind in wanted]
    return max(held, key=lambda m: (m.held_on, m.created_at), default=None)


def _words(meeting: Meeting) -> str:
    return MEETING_WORDS[MeetingKind(meeting.kind)].lower().replace("caf / taf", "CAF/TAF")


def _next(kind: DueKind, meeting: Meeting, rule_id: str, protocol: Protocol, every: str) -> Due:
    rule = protocol.rule(rule_id)
    held = format_uk(meeting.held_on)
    if meeting.next_on is not None:
        due, late = meeting.next_on, meeting.next_on
        reason = f"{every}: next date set at the {_words(meeting)} held {held}"
    else:
        due = due_after(rule, meeting.held_on, protocol=protocol)
        late = overdue_after(rule, meeting.held_on, protocol=protocol)
        reason = f"{every} ({rule}): last held {held}"
    assert isinstance(due, date) and isinstance(late, date)
    return Due(
        kind,
        meeting.client_id,
        due,
        reason,
        meeting.id,
        meeting.child_id,
        rule=rule_id,
        overdue_on=late,
    )


def review_dues(meetings: Sequence[Meeting], protocol: Protocol) -> list[Due]:
    out = []
    last = _latest(meetings, MeetingKind.MULTI_AGENCY_REVIEW)
    if last is not None:
        out.append(
            _next(
                DueKind.MULTI_AGENCY_REVIEW,
                last,
                "multi_agency_review",
                protocol,
                "multi-agency case review",
            )
        )
    last = _latest(meetings, MeetingKind.FAMILY_PLAN_REVIEW, MeetingKind.CAF_REVIEW)
    if last is not None:
        out.append(
            _next(
                DueKind.FAMILY_PLAN_REVIEW,
                last,
                "family_plan_review",
                protocol,
                "family support plan review",
            )
        )
    return out


def child_protection_dues(meetings: Sequence[Meeting], protocol: Protocol) -> list[Due]:
    last = _latest(meetings, MeetingKind.CP_INITIAL, MeetingKind.CP_REVIEW)
    if last is None:
        return []
    initial = last.kind == MeetingKind.CP_INITIAL.value
    rule_id = "cp_review_first" if initial else "cp_review_next"
    out = [_next(DueKind.CP_REVIEW, last, rule_id, protocol, "child-protection review conference")]
    if initial:
        core = _latest(meetings, MeetingKind.CORE_GROUP)
        if core is None or core.held_on < last.held_on:
            rule = protocol.rule("core_group_first")
            due = due_after(rule, last.held_on, protocol=protocol)
            assert isinstance(due, date)
            reason = f"first core group ({rule}): initial conference held {format_uk(last.held_on)}"
            out.append(
                Due(
                    DueKind.CORE_GROUP,
                    last.client_id,
                    due,
                    reason,
                    last.id,
                    last.child_id,
                    rule="core_group_first",
                    overdue_on=due,
                )
            )
    return out


def contract_dues(meetings: Sequence[Meeting], protocol: Protocol) -> list[Due]:
    """The contract review after the latest session that calls for one, unless a contract
    review has been held since that session."""
    sessions = sorted(
        (
            m
            for m in meetings
            if m.kind == MeetingKind.TREATMENT_SESSION.value and m.client_attended
        ),
        key=lambda m: (m.held_on, m.created_at),
    )
    due_after_session = [
        (n, m)
        for n, m in enumerate(sessions, start=1)
        if contract_review_after(n, protocol.session_contract)
    ]
    if not due_after_session:
        return []
    number, session = due_after_session[-1]
    review = _latest(meetings, MeetingKind.CONTRACT_REVIEW)
    if review is not None and review.held_on >= session.held_on:
        return []
    reason = f"session contract: review after session {number} (held {format_uk(session.held_on)})"
    return [
        Due(
            DueKind.CONTRACT_REVIEW,
            session.client_id,
            session.held_on,
            reason,
            session.id,
            overdue_on=session.held_on,
        )
    ]


def minutes_dues(meetings: Sequence[Meeting], protocol: Protocol) -> list[Due]:
    rule = protocol.rule("minutes_distribution")
    out = []
    for m in meetings:
        if MeetingKind(m.kind) not in WITH_MINUTES or m.minutes_sent_on is not None:
            continue
        due = due_after(rule, m.held_on, protocol=protocol)
        assert isinstance(due, date)
        reason = f"minutes of the {_words(m)} of {format_uk(m.held_on)} not yet distributed"
        out.append(
            Due(
                DueKind.MINUTES,
                m.client_id,
                due,
                reason,
                m.id,
                m.child_id,
                rule="minutes_distribution",
                overdue_on=due,
            )
        )
    return out


def action_dues(meetings: Sequence[Meeting], actions: Sequence[MeetingAction]) -> list[Due]:
    held = {m.id: m for m in meetings}
    out = []
    for a in actions:
        meeting = held.get(a.meeting_id)
        at = f" at the {_words(meeting)} of {format_uk(meeting.held_on)}" if meeting else ""
        # Who does what is the worker's own words (it may name the family): it goes in the
        # note, which the app shows and a calendar export never carries.
        out.append(
            Due(
                DueKind.MEETING_ACTION,
                a.client_id,
                a.due_on,
                f"action agreed{at}",
                a.id,
                overdue_on=a.due_on,
                note=f"{a.owner}: {a.what}",
            )
        )
    return out


def meeting_dues(
    meetings: Sequence[Meeting], actions: Sequence[MeetingAction], protocol: Protocol
) -> list[Due]:
    """Everything the client's meetings make due now."""
    return [
        *review_dues(meetings, protocol),
        *child_protection_dues(meetings, protocol),
        *contract_dues(meetings, protocol),
        *minutes_dues(meetings, protocol),
        *action_dues(meetings, actions),
    ]
