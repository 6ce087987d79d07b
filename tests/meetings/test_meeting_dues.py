"""What meetings and reviews make due: pure rules over meeting records, at their edges."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from caseworker.content import Protocol
from caseworker.core.errors import ValidationFailed
from caseworker.diary import DueKind
from caseworker.meetings import meeting_dues, parse_actions, validate_meeting
from caseworker.store.models import Meeting, MeetingAction

CLIENT = uuid.uuid4()
P = Protocol()


def meeting(kind: str, held_on: date, **fields) -> Meeting:
    return Meeting(client_id=CLIENT, kind=kind, held_on=held_on, **fields)


def kinds(dues) -> dict[DueKind, list]:
    out: dict[DueKind, list] = {}
    for d in dues:
        out.setdefault(d.kind, []).append(d)
    return out


def test_multi_agency_review_is_monthly_from_the_last_held_clamped_to_month_end():
    dues = kinds(meeting_dues([meeting("multi_agency_review", date(2027, 1, 31),
                                       minutes_sent_on=date(2027, 2, 1), minutes_to="all")],
                              [], P))  # fmt: skip
    (review,) = dues[DueKind.MULTI_AGENCY_REVIEW]
    assert review.due_on == date(2027, 2, 28)
    assert review.reason == "multi-agency case review (1 month): last held 31/01/2027"
    assert review.rule == "multi_agency_review"
    assert DueKind.MINUTES not in dues  # minutes went out


def test_the_latest_review_counts_and_a_next_date_set_at_it_wins():
    held = [
        meeting("multi_agency_review", date(2027, 1, 31)),
        meeting("multi_agency_review", date(2027, 3, 2), next_on=date(2027, 3, 30)),
    ]
    (review,) = kinds(meeting_dues(held, [], P))[DueKind.MULTI_AGENCY_REVIEW]
    assert review.due_on == date(2027, 3, 30)
    assert "next date set at the multi-agency case review held 02/03/2027" in review.reason


def test_a_local_protocol_of_six_weeks_changes_the_review_date():
    six_weeks = P.with_rules(multi_agency_review="6 weeks")
    dues = meeting_dues([meeting("multi_agency_review", date(2027, 1, 31))], [], six_weeks)
    assert kinds(dues)[DueKind.MULTI_AGENCY_REVIEW][0].due_on == date(2027, 3, 14)


def test_family_plan_review_due_at_six_weeks_overdue_after_eight_and_caf_reviews_count():
    (plan,) = kinds(meeting_dues([meeting("caf_review", date(2026, 11, 23))], [], P))[
        DueKind.FAMILY_PLAN_REVIEW
    ]
    assert (plan.due_on, plan.overdue_on) == (date(2027, 1, 4), date(2027, 1, 18))
    assert plan.status(date(2027, 1, 10)).value == "due"
    assert not plan.is_overdue(date(2027, 1, 18)) and plan.is_overdue(date(2027, 1, 19))


def test_initial_conference_makes_the_first_review_and_core_group_due():
    # 20/12/2027: ten working days skip Christmas, Boxing Day (substitute Monday 27th and
    # Tuesday 28th) and New Year's Day (Saturday: substitute Monday 03/01/2028).
    dues = kinds(meeting_dues([meeting("cp_initial", date(2027, 12, 20))], [], P))
    assert dues[DueKind.CORE_GROUP][0].due_on == date(2028, 1, 6)
    assert dues[DueKind.CP_REVIEW][0].due_on == date(2028, 3, 20)
    assert dues[DueKind.CP_REVIEW][0].rule == "cp_review_first"


def test_a_core_group_held_after_the_conference_ends_the_first_core_group_item():
    held = [meeting("cp_initial", date(2027, 12, 20)), meeting("core_group", date(2028, 1, 5))]
    assert DueKind.CORE_GROUP not in kinds(meeting_dues(held, [], P))


def test_a_review_conference_makes_the_next_six_monthly():
    held = [meeting("cp_initial", date(2027, 5, 31)), meeting("cp_review", date(2027, 8, 31))]
    (review,) = kinds(meeting_dues(held, [], P))[DueKind.CP_REVIEW]
    assert (review.due_on, review.rule) == (date(2028, 2, 29), "cp_review_next")


@pytest.mark.parametrize(("sessions", "after"), [(4, None), (5, 5), (8, 5), (9, 9), (13, 13)])
def test_session_contract_review_after_sessions_5_9_13(sessions, after):
    held = [meeting("treatment_session", date(2027, 1, n)) for n in range(1, sessions + 1)]
    dues = kinds(meeting_dues(held, [], P)).get(DueKind.CONTRACT_REVIEW, [])
    if after is None:
        assert dues == []
    else:
        assert dues[0].due_on == date(2027, 1, after)
        assert f"after session {after} " in dues[0].reason


def test_a_missed_session_is_not_counted_and_a_contract_review_closes_the_item():
    held = [meeting("treatment_session", date(2027, 1, n)) for n in range(1, 6)]
    held[2].client_attended = False
    assert DueKind.CONTRACT_REVIEW not in kinds(meeting_dues(held, [], P))
    held[2].client_attended = True
    held.append(meeting("contract_review", date(2027, 1, 6)))
    assert DueKind.CONTRACT_REVIEW not in kinds(meeting_dues(held, [], P))


def test_minutes_not_distributed_are_due_five_working_days_on_and_each_action_by_its_date():
    core = meeting("core_group", date(2027, 5, 28))
    action = MeetingAction(meeting_id=core.id, client_id=CLIENT, what="Refer to health visitor",
                           owner="Dr Patel", due_on=date(2027, 6, 11))  # fmt: skip
    dues = kinds(meeting_dues([core], [action], P))
    assert dues[DueKind.MINUTES][0].due_on == date(2027, 6, 7)  # over the late May bank holiday
    (agreed,) = dues[DueKind.MEETING_ACTION]
    assert agreed.due_on == date(2027, 6, 11)
    assert agreed.note == "Dr Patel: Refer to health visitor"
    assert "Patel" not in agreed.reason  # the reason goes into calendars: no names


def test_treatment_sessions_have_no_minutes():
    assert meeting_dues([meeting("treatment_session", date(2027, 1, 4))], [], P) == []


def test_actions_are_owner_what_date_per_line_and_a_bad_line_is_named():
    assert parse_actions("Dr Patel; refer; 11/06/2027\n\nMum; attend GP; 01/07/2027") == [
        ("Dr Patel", "refer", date(2027, 6, 11)),
        ("Mum", "attend GP", date(2027, 7, 1)),
    ]
    with pytest.raises(ValueError, match="line 2"):
        parse_actions("a; b; 01/01/2027\nno date here")


def test_a_meeting_form_names_each_bad_field():
    with pytest.raises(ValidationFailed) as failed:
        validate_meeting(
            {"held_on": "20/11/2026", "held_at": "25:00", "next_on": "19/11/2026",
             "minutes_sent_on": "19/11/2026", "actions": "x"},
            date(2026, 12, 1),
        )  # fmt: skip
    fields = {e.field for e in failed.value.errors}
    assert fields == {"kind", "held_at", "next_on", "minutes_to", "actions",
                      "minutes_sent_on"}  # fmt: skip
    with pytest.raises(ValidationFailed) as failed:
        validate_meeting({"kind": "core_group", "held_on": "02/12/2026"}, date(2026, 12, 1))
    (error,) = failed.value.errors
    assert (error.field, error.message) == (
        "held_on",
        "is in the future: record a meeting once it is held",
    )


def test_a_meeting_with_its_time_and_actions_is_saved_and_on_the_trail(db, today):
    """Every value of a meeting goes into the trail's hash and the export (a time of day
    once crashed the trail's JSON)."""
    import io

    from sqlalchemy import select

    from caseworker.meetings import meetings_of, record_meeting
    from caseworker.people import clients
    from caseworker.store.export import write_export
    from caseworker.store.models import TrailEvent

    with db.session() as s:
        client = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today)
        record_meeting(s, client.id, {"kind": "core_group", "held_on": f"{today:%d/%m/%Y}",
                                      "held_at": "9:05", "parents_attended": True,
                                      "actions": "Dr Patel; refer; 01/12/2026"},
                       today)  # fmt: skip
    with db.session() as s:
        (m,) = meetings_of(s, client.id)
        assert (m.held_at, m.parents_attended) == ("09:05", True)
        entities = {e.entity for e in s.scalars(select(TrailEvent))}
    assert {"meeting", "meeting_action", "dueitem"} <= entities
    out = io.StringIO()
    counts = write_export(db, out)
    assert counts["meeting"] == 1 and counts["meeting_action"] == 1
    assert '"held_at": "09:05"' in out.getvalue()
