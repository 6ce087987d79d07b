"""Referrals: validated (the outcome wanted is required), a verbal CSC referral's 48-hour
written confirmation (across the clock changes), the chase of an unacknowledged referral,
the outcome and feedback, the chain of re-referrals after a bounce, and the pre-CAF's CSC
referral answered by one recorded."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from caseworker import agenda
from caseworker.core.errors import NotAllowed, NotFound, ValidationFailed
from caseworker.diary import UK, DueKind
from caseworker.people import add_child, clients
from caseworker.referrals import (
    confirm_in_writing,
    mark_sent,
    re_referrals,
    record_acknowledgement,
    record_chase,
    record_outcome,
    record_referral,
    referrals_of,
)
from caseworker.store.models import TrailEvent

TODAY = date(2026, 11, 23)


def family(db) -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as s:
        client = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        child = add_child(
            s,
            client.id,
            {"given_name": "Sam", "family_name": "Lee", "date_of_birth": "01/03/2019",
             "lives_with": "client", "client_role": "mother"},
            TODAY,
        )  # fmt: skip
        return client.id, child.id


def verbal(child_id=None, **raw) -> dict:
    return {
        "agency": "Children's social care", "to_csc": True, "contact_name": "Sam Reid",
        "reason": "Sam left alone overnight", "evidence": "Seen on the visit of 20/11",
        "wanted_outcome": "A strategy discussion and a child-protection enquiry",
        "urgency": "urgent", "mode": "verbal", "call_on": "23/11/2026", "call_time": "10:00",
        "call_to": "Sam Reid, duty social worker", "call_said": "Sam was left alone",
        "child_ids": [child_id] if child_id else [],
    } | raw  # fmt: skip


def written(**raw) -> dict:
    return {
        "agency": "Health visiting", "reason": "Weight falling", "wanted_outcome": "A review",
        "urgency": "routine", "mode": "written", "made_on": "23/11/2026",
    } | raw  # fmt: skip


def due(db, client_id) -> dict[DueKind, list]:
    out: dict[DueKind, list] = {}
    with db.session() as s:
        for d in agenda.due_items(s, client_id):
            out.setdefault(d.kind, []).append(d)
    return out


def test_the_outcome_wanted_is_required_and_a_verbal_one_says_when_to_whom_what(db):
    client_id, _ = family(db)
    bad = verbal(wanted_outcome="", call_on="", call_time="25:00", call_to="", call_said="")
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        record_referral(s, client_id, bad | {"urgency": None}, TODAY)
    fields = {e.field for e in refused.value.errors}
    assert fields == {"wanted_outcome", "urgency", "call_on", "call_time", "call_to", "call_said"}
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        record_referral(s, client_id, written(made_on="24/11/2026"), TODAY)
    assert {e.field for e in refused.value.errors} == {"made_on"}
    with db.session() as s, pytest.raises(NotFound):
        record_referral(s, client_id, written(child_ids=[uuid.uuid4()]), TODAY)


def test_a_call_later_today_than_now_is_refused(db):
    # Entered at 10:00 (UTC; GMT in November), a call "at 23:50" today has not been made,
    # and its 48 hours would start 14 hours late.
    client_id, child_id = family(db)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        record_referral(s, client_id, verbal(child_id, call_time="23:50"), TODAY, now)
    [error] = refused.value.errors
    assert error.field == "call_time" and "later than now" in error.message
    with db.session() as s:  # a minute or two ahead (a watch read fast) is taken
        assert record_referral(s, client_id, verbal(child_id, call_time="10:02"), TODAY, now)
        # Yesterday's call at 23:50 was made before now.
        raw = verbal(child_id, call_on="22/11/2026", call_time="23:50")
        assert record_referral(s, client_id, raw, TODAY, now).call_at < now


def test_a_verbal_csc_referral_is_due_in_writing_48_hours_after_the_call(db):
    client_id, child_id = family(db)
    with db.session() as s:
        referral = record_referral(s, client_id, verbal(child_id), TODAY)
        assert referral.sent_on == TODAY  # a call is the referral made
        referral_id = referral.id
    dues = due(db, client_id)
    assert DueKind.REFERRAL_CHASE not in dues  # the written confirmation comes first
    [confirm] = dues[DueKind.CSC_CONFIRMATION]
    assert confirm.booked_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert confirm.due_on == date(2026, 11, 25)
    assert confirm.source_id == referral_id
    # The reason names no one (calendars sync to phones); the contact is the note.
    assert "Sam Reid" not in confirm.reason and "Sam Reid" in confirm.note
    with db.session() as s:
        views = referrals_of(s, client_id)
        assert views[0].child_ids == (child_id,)
        letter = uuid.uuid4()
        confirm_in_writing(s, referral_id, letter, TODAY + timedelta(days=1))
        confirm_in_writing(s, referral_id, letter, TODAY + timedelta(days=1))  # said twice: once
    assert DueKind.CSC_CONFIRMATION not in due(db, client_id)
    # What CSC acknowledges is the letter: its chase counts from the confirmation.
    [chase] = due(db, client_id)[DueKind.REFERRAL_CHASE]
    assert (chase.due_on, chase.source_id) == (date(2026, 11, 25), referral_id)
    assert "confirmed in writing on 24/11/2026" in chase.reason
    with db.session() as s, pytest.raises(NotAllowed, match="confirmed in writing"):
        confirm_in_writing(s, referral_id, uuid.uuid4(), TODAY + timedelta(days=1))


@pytest.mark.parametrize(
    ("call_on", "call_time", "expected_utc", "wall_hours"),
    [
        # The last Sunday of October 2026 is the 25th: the clocks go back, so 48 hours
        # after 10:00 BST on the Saturday is 09:00 GMT on the Monday (47 on the clock).
        ("24/10/2026", "10:00", datetime(2026, 10, 26, 9, 0, tzinfo=UTC), 47),
        # The last Sunday of March 2027 is the 28th: the clocks go forward, so 48 hours
        # after 10:00 GMT on the Saturday is 11:00 BST on the Monday (49 on the clock).
        ("27/03/2027", "10:00", datetime(2027, 3, 29, 10, 0, tzinfo=UTC), 49),
    ],
)
def test_the_48_hours_are_elapsed_hours_across_a_clock_change(
    db, call_on, call_time, expected_utc, wall_hours
):
    client_id, _ = family(db)
    today = date(2027, 4, 1)
    with db.session() as s:
        record_referral(s, client_id, verbal(call_on=call_on, call_time=call_time), today)
    [confirm] = due(db, client_id)[DueKind.CSC_CONFIRMATION]
    assert confirm.booked_at == expected_utc
    call = datetime.strptime(f"{call_on} {call_time}", "%d/%m/%Y %H:%M")
    local = confirm.booked_at.astimezone(UK).replace(tzinfo=None)
    assert (local - call) == timedelta(hours=wall_hours)
    assert local.hour == (9 if wall_hours == 47 else 11)


def test_an_agency_named_childrens_social_care_is_csc_without_the_tick(db):
    from caseworker.referrals import awaiting_confirmation

    client_id, _ = family(db)
    with db.session() as s:
        r = record_referral(s, client_id, verbal(to_csc=False, agency="Children’s Social Care"),
                            TODAY)  # fmt: skip
        assert r.to_csc
        assert [a.id for a in awaiting_confirmation(s, client_id)] == [r.id]
        other = record_referral(s, client_id, verbal(to_csc=False, agency="Adult social care"),
                                TODAY)  # fmt: skip
        assert not other.to_csc
    assert len(due(db, client_id)[DueKind.CSC_CONFIRMATION]) == 1


def test_a_referral_not_to_csc_or_written_needs_no_confirmation(db):
    client_id, _ = family(db)
    with db.session() as s:
        record_referral(s, client_id, verbal(to_csc=False, agency="School nurse"), TODAY)
        record_referral(s, client_id, written(to_csc=True, agency="CSC"), TODAY)
    assert DueKind.CSC_CONFIRMATION not in due(db, client_id)


def test_a_sent_referral_not_acknowledged_is_chased_and_each_chase_restarts_it(db):
    client_id, _ = family(db)
    with db.session() as s:
        referral = record_referral(s, client_id, written(), TODAY)
        referral_id = referral.id
    assert DueKind.REFERRAL_CHASE not in due(db, client_id)  # not sent yet
    with db.session() as s, pytest.raises(NotAllowed, match="Send the referral"):
        record_chase(s, referral_id, {"chased_on": "23/11/2026"}, TODAY)
    with db.session() as s:
        mark_sent(s.get(type(referral), referral_id), TODAY, None)
    [chase] = due(db, client_id)[DueKind.REFERRAL_CHASE]
    assert chase.due_on == date(2026, 11, 24)  # 1 working day: Monday 23rd to Tuesday
    later = date(2026, 11, 27)  # a Friday: the next working day is Monday
    with db.session() as s:
        record_chase(s, referral_id, {"chased_on": "27/11/2026", "note": "left a message"}, later)
    [chase] = due(db, client_id)[DueKind.REFERRAL_CHASE]
    assert chase.due_on == date(2026, 11, 30)
    assert "chased on 27/11/2026" in chase.reason
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        record_acknowledgement(s, referral_id, {"acknowledged_on": "20/11/2026"}, later)
    assert refused.value.errors[0].field == "acknowledged_on"
    with db.session() as s:
        record_acknowledgement(
            s, referral_id, {"acknowledged_on": "30/11/2026"}, later + timedelta(days=3)
        )
        [view] = referrals_of(s, client_id)
        assert view.status == "acknowledged 30/11/2026, awaiting the outcome"
        assert len(view.chases) == 1
    assert DueKind.REFERRAL_CHASE not in due(db, client_id)


def test_the_outcome_records_their_worker_and_when_feedback_arrived(db):
    client_id, _ = family(db)
    with db.session() as s:
        referral_id = record_referral(s, client_id, verbal(), TODAY).id
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        record_outcome(s, referral_id, {"outcome": "maybe", "feedback_on": ""}, TODAY)
    assert {e.field for e in refused.value.errors} == {"outcome", "feedback_on"}
    with db.session() as s:
        done = record_outcome(
            s, referral_id,
            {"outcome": "accepted", "outcome_worker": "Jo Hart", "feedback_on": "24/11/2026"},
            TODAY + timedelta(days=1),
        )  # fmt: skip
        assert done.acknowledged_on == date(2026, 11, 24)
        [view] = referrals_of(s, client_id)
        assert view.status == "accepted 24/11/2026 (Jo Hart)"
    with db.session() as s, pytest.raises(NotAllowed, match="already has its outcome"):
        record_chase(s, referral_id, {"chased_on": "24/11/2026"}, TODAY + timedelta(days=1))
    assert not {DueKind.REFERRAL_CHASE, DueKind.CSC_CONFIRMATION} & due(db, client_id).keys()
    with db.session() as s:
        changes = s.scalars(
            select(TrailEvent).where(TrailEvent.entity_id == str(referral_id))
        ).all()
        assert len(changes) >= 2  # made, then its outcome: each change is on the trail


def test_a_bounced_referral_sent_again_is_the_second_of_its_chain(db):
    client_id, _ = family(db)
    with db.session() as s:
        first = record_referral(s, client_id, verbal(), TODAY).id
    with db.session() as s, pytest.raises(NotAllowed, match="bounced back"):
        record_referral(s, client_id, verbal(previous_id=first), TODAY)
    with db.session() as s:
        record_outcome(s, first, {"outcome": "bounced", "feedback_on": "23/11/2026"}, TODAY)
        second = record_referral(s, client_id, verbal(previous_id=first), TODAY).id
        views = {v.referral.id: v for v in referrals_of(s, client_id)}
        assert views[second].chain_words == "2nd referral of a chain of 2"
        assert views[first].chain_words == "1st referral of a chain of 2"
        assert views[first].status == "bounced back 23/11/2026"
        assert re_referrals(list(views.values())) == 1


def test_a_csc_referral_recorded_answers_the_precaf_decision(db):
    from caseworker.assessment import decide, elements, rate, start_precaf
    from caseworker.screening import complete_parental

    client_id, child_id = family(db)
    now = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    with db.session() as s:
        complete_parental(
            s, client_id,
            {"parental_status": "all_live_with", "use_affects_care": "sometimes",
             "domestic_abuse": "yes", "storage": "unsafe"},
            TODAY - timedelta(days=21),
        )  # fmt: skip
        precaf = start_precaf(s, client_id, TODAY)
        for e in elements():
            rate(s, precaf.id, [child_id], e.id,
                 "serious_concern" if e.id == "basic_care_safety" else "no_concern")  # fmt: skip
        decide(s, precaf.id, {"decision": "csc", "csc_grounds": ["parenting_capacity"]},
               TODAY, now)  # fmt: skip
    assert DueKind.CSC_REFERRAL in due(db, client_id)
    # Not marked done by hand: only the referral recorded answers it.
    from caseworker.agenda import complete_due

    [item] = due(db, client_id)[DueKind.CSC_REFERRAL]
    with db.session() as s, pytest.raises(NotAllowed) as refused:
        complete_due(s, item, {"on": "23/11/2026", "note": "Phoned"}, TODAY)
    assert "done by recording it" in str(refused.value)
    assert DueKind.CSC_REFERRAL in due(db, client_id)
    with db.session() as s:  # before the decision, and not to CSC: neither answers it
        record_referral(s, client_id, verbal(call_on="20/11/2026"), TODAY)
        record_referral(s, client_id, written(), TODAY)
    assert DueKind.CSC_REFERRAL in due(db, client_id)
    with db.session() as s:
        record_referral(s, client_id, verbal(call_on="24/11/2026"), TODAY + timedelta(days=1))
    assert DueKind.CSC_REFERRAL not in due(db, client_id)


def test_a_written_referral_is_sent_only_through_a_sharing_decision(db):
    from caseworker.people import record_consent
    from caseworker.referrals import send_referral, sending_position, sharing_log
    from caseworker.store.models import Referral

    client_id, _ = family(db)
    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    with db.session() as s:
        referral_id = record_referral(s, client_id, written(), TODAY).id
        assert sending_position(s, referral_id, TODAY).state == "none"
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        send_referral(s, referral_id, {"share": True, "basis": "consent"}, TODAY, now)
    assert [e.field for e in refused.value.errors] == ["basis"]  # no consent to share on
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        send_referral(s, referral_id, {"basis": "statutory"}, TODAY, now)
    assert [e.field for e in refused.value.errors] == ["share"]  # nothing is assumed
    with db.session() as s:  # not shared: the decision is kept, the referral is not sent
        kept = send_referral(s, referral_id, {"share": False, "reason": "Ask Ada first"},
                             TODAY, now)  # fmt: skip
        assert kept.sent_on is None
    assert DueKind.REFERRAL_CHASE not in due(db, client_id)
    with db.session() as s:
        record_consent(s, client_id, {"recipient": "Health visiting", "state": "given",
                                      "decided_on": "23/11/2026"}, TODAY)  # fmt: skip
        assert sending_position(s, referral_id, TODAY).state == "given"
        on_consent = {"share": True, "basis": "consent", "sent_on": "23/11/2026"}
        sent = send_referral(s, referral_id, on_consent, TODAY, now + timedelta(minutes=5))
        assert sent.sent_on == TODAY
        log = sharing_log(s, client_id)
        assert [d.shared for d in log] == [True, False]
        assert (log[0].source_table, log[0].source_id) == ("referral", referral_id)
        assert s.get(Referral, referral_id).sharing_decision_id == log[0].id
    with db.session() as s, pytest.raises(NotAllowed, match="already sent"):
        send_referral(s, referral_id, {"share": True, "basis": "consent"}, TODAY, now)
    assert DueKind.REFERRAL_CHASE in due(db, client_id)


def test_the_caseload_shows_the_confirmation_countdown_before_anything_else(db):
    """An overdue pre-CAF is sooner by date, but the 48 hours are what the row shows."""
    from caseworker.screening import complete_parental

    client_id, child_id = family(db)
    with db.session() as s:
        complete_parental(s, client_id, {"parental_status": "all_live_with"},
                          TODAY - timedelta(days=60))  # fmt: skip
    with db.session() as s:
        assert agenda.next_due(s, [client_id])[client_id].kind is DueKind.PRECAF
        record_referral(s, client_id, verbal(child_id), TODAY)
    with db.session() as s:
        assert agenda.next_due(s, [client_id])[client_id].kind is DueKind.CSC_CONFIRMATION
