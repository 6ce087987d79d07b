"""Home visits: planned, out and back with a missed return at an injected moment, the note
written, signed off and sealed in the domain, addenda stamped beneath it, household changes
raising a re-assessment, and what all of it makes due."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from caseworker import agenda
from caseworker.core.errors import NotAllowed, ValidationFailed
from caseworker.diary import DueKind
from caseworker.people import add_child, clients
from caseworker.visits import (
    BACK,
    OUT,
    add_addendum,
    before_leaving,
    check_in,
    check_in_all,
    check_in_missed,
    child_field,
    item_field,
    item_note_field,
    missed_returns,
    note_shape,
    note_values,
    plan_visit,
    save_note,
    sign_off,
    signed_visit_dates,
    signed_visits,
    start_visit,
    visits_of,
)

TODAY = date(2026, 11, 23)
# 23/11/2026 is in GMT: UK clock time is UTC.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def family(db, *, take_home: bool = True) -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as s:
        client = clients.create_client(
            s,
            {"given_name": "Ada", "family_name": "Lee", "address": "1 Mill Lane",
             "take_home_medication": take_home, "risk_to_staff": True,
             "risk_to_staff_note": "partner aggressive to staff"},
            TODAY,
        )  # fmt: skip
        child = add_child(
            s,
            client.id,
            {"given_name": "Sam", "family_name": "Lee", "date_of_birth": "01/03/2019",
             "lives_with": "client", "client_role": "mother"},
            TODAY,
        )  # fmt: skip
        return client.id, child.id


def planned(db, client_id, **raw) -> uuid.UUID:
    with db.session() as s:
        plan = {"planned_for": "23/11/2026", "planned_at": "10:30", "back_by": "12:00"} | raw
        return plan_visit(s, client_id, plan, TODAY).id


def due(db, client_id) -> dict[DueKind, list]:
    out: dict[DueKind, list] = {}
    with db.session() as s:
        for d in agenda.due_items(s, client_id):
            out.setdefault(d.kind, []).append(d)
    return out


def written(db, visit_id, child_id, **extra) -> None:
    values = {
        "adults": "Ada; her partner",
        child_field(child_id, "seen"): True,
        child_field(child_id, "seen_alone"): True,
        child_field(child_id, "presentation"): "clean, cheerful",
        child_field(child_id, "own_words"): "I like my new bed",
        item_field("home_condition"): "no_concern",
        item_field("medication_storage"): "some_concern",
        item_note_field("medication_storage"): "methadone on the kitchen side",
        "explained_to_parent": "safe storage; a lockable box",
        "understood": "yes",
        "narrative": "Visited at 10:30. Ada was welcoming.",
        "actions": "DAS; bring a lockable box; 30/11/2026",
    } | extra
    with db.session() as s:
        save_note(s, visit_id, values, TODAY)


def test_the_plan_shows_the_risk_to_staff_and_is_a_diary_item(db):
    client_id, _ = family(db)
    visit_id = planned(db, client_id)
    with db.session() as s:
        first = before_leaving(s, client_id)
        [history] = visits_of(s, client_id)
    assert first.risk_to_staff and "partner aggressive" in first.risk_words
    assert history.visit.address == "1 Mill Lane"  # the client's, when none is given
    [visit] = due(db, client_id)[DueKind.VISIT]
    assert visit.source_id == visit_id and visit.due_on == TODAY
    assert visit.booked_at == datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


def test_a_plan_is_validated_like_every_form(db):
    client_id, _ = family(db)
    with db.session() as s, pytest.raises(ValidationFailed) as failed:
        plan_visit(s, client_id, {"planned_for": "22/11/2026", "joint_contact": "Jo",
                                  "planned_at": "14:00", "back_by": "13:00"}, TODAY)  # fmt: skip
    fields = {e.field for e in failed.value.errors}
    assert fields == {"planned_for", "joint_agency", "back_by"}


def test_a_return_missed_at_an_injected_moment_is_an_alert_until_check_in(db):
    client_id, _ = family(db)
    visit_id = planned(db, client_id)
    with db.session() as s:
        visit = start_visit(s, visit_id, NOW)
        assert visit.status == OUT
    [item] = due(db, client_id)[DueKind.CHECK_IN]
    expected = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert item.booked_at == expected
    assert DueKind.VISIT not in due(db, client_id)
    # Before the expected return: nothing missed. After it: the alert.
    assert not check_in_missed(item, expected - timedelta(minutes=1))
    assert check_in_missed(item, expected + timedelta(minutes=1))
    with db.session() as s:
        assert missed_returns(s, expected - timedelta(minutes=1)) == []
        [alert] = missed_returns(s, expected + timedelta(minutes=20))
    assert alert.visit_id == visit_id and alert.worker_name == "Sam Worker"
    assert "MISSED RETURN" in alert.words(expected + timedelta(minutes=20))
    assert "20 min ago" in alert.words(expected + timedelta(minutes=20))
    # Checking in clears it.
    with db.session() as s:
        [back] = check_in_all(s, expected + timedelta(minutes=25))
        assert back.status == BACK
    with db.session() as s:
        assert missed_returns(s, expected + timedelta(hours=1)) == []
    items = due(db, client_id)
    assert DueKind.CHECK_IN not in items
    assert DueKind.VISIT_SIGN_OFF in items  # back, with no note yet
    with db.session() as s, pytest.raises(NotAllowed, match="nothing to check in"):
        check_in(s, visit_id, expected + timedelta(hours=1))


def test_going_out_and_coming_back_are_on_the_trail(db):
    from sqlalchemy import select

    from caseworker.store.models import TrailEvent

    client_id, _ = family(db)
    visit_id = planned(db, client_id)
    with db.session() as s:
        start_visit(s, visit_id, NOW, back_by="11:15")
    with db.session() as s:
        check_in(s, visit_id, NOW + timedelta(hours=2))
    with db.session() as s:
        stmt = select(TrailEvent).where(TrailEvent.entity_id == str(visit_id))
        events = [(e.action, e.changes, e.worker_id) for e in s.scalars(stmt)]
    assert [a for a, _, _ in events] == ["create", "update", "update"]
    out, back = (str(changes.get("status")) for _, changes, _ in events[1:])
    assert OUT in out and BACK in back
    assert all(worker is not None for _, _, worker in events)


def test_out_needs_an_expected_return_still_to_come(db):
    client_id, _ = family(db)
    visit_id = planned(db, client_id, back_by="")
    with db.session() as s, pytest.raises(ValidationFailed, match="expect to be back"):
        start_visit(s, visit_id, NOW)
    with db.session() as s, pytest.raises(ValidationFailed, match="has passed"):
        start_visit(s, visit_id, NOW, back_by="09:00")


def test_storage_is_asked_only_with_take_home_medication_and_a_child(db):
    with_meds, _ = family(db)
    without, _ = family(db, take_home=False)
    with db.session() as s:
        asked = {i.id for i in note_shape(s, planned(db, with_meds)).items}
        not_asked = {i.id for i in note_shape(s, planned(db, without)).items}
    assert "medication_storage" in asked and "medication_storage" not in not_asked


def test_a_signed_note_is_sealed_in_the_domain_and_corrected_by_addenda(db):
    client_id, child_id = family(db)
    visit_id = planned(db, client_id)
    written(db, visit_id, child_id)
    assert DueKind.VISIT_SIGN_OFF in due(db, client_id)
    with db.session() as s:
        values = note_values(s, visit_id)
    assert values[child_field(child_id, "own_words")] == "I like my new bed"
    assert values["actions"] == "DAS; bring a lockable box; 30/11/2026"
    with db.session() as s:
        note = sign_off(s, visit_id, NOW + timedelta(hours=3))
        assert note.signed_as == "Sam Worker"
    items = due(db, client_id)
    assert DueKind.VISIT_SIGN_OFF not in items
    [action] = items[DueKind.VISIT_ACTION]
    assert action.due_on == date(2026, 11, 30) and "lockable box" in action.note
    with db.session() as s, pytest.raises(NotAllowed, match="sealed"):
        save_note(s, visit_id, {"narrative": "changed"}, TODAY)
    with db.session() as s, pytest.raises(NotAllowed, match="sealed"):
        sign_off(s, visit_id, NOW)
    stamp = NOW + timedelta(hours=5)
    with db.session() as s:
        add_addendum(s, visit_id, "The box was already bought.", stamp)
    with db.session() as s:
        [history] = visits_of(s, client_id)
    assert history.signed and history.note is not None
    assert history.note.narrative == "Visited at 10:30. Ada was welcoming."
    [addendum] = history.addenda
    assert addendum.text == "The box was already bought."
    assert addendum.stamped_as == "Sam Worker" and addendum.stamped_at == stamp
    assert [c.seen_alone for c in history.children] == [True]
    assert {o.item: o.answer for o in history.observations}["medication_storage"] == (
        "some_concern"
    )


def test_an_addendum_needs_a_signed_note(db):
    client_id, child_id = family(db)
    visit_id = planned(db, client_id)
    written(db, visit_id, child_id)
    with db.session() as s, pytest.raises(NotAllowed, match="signed-off"):
        add_addendum(s, visit_id, "more", NOW)


def test_the_note_is_validated(db):
    client_id, child_id = family(db)
    visit_id = planned(db, client_id)
    bad = {
        child_field(child_id, "seen"): False,
        child_field(child_id, "spoken_with"): True,
        item_field("new_adult"): "yes",
        "understood": "yes",
        "explained_to_parent": "",
        "actions": "DAS; something",
    }
    with pytest.raises(ValidationFailed) as failed:
        written(db, visit_id, child_id, **bad)
    fields = {e.field for e in failed.value.errors}
    assert fields == {
        child_field(child_id, "seen"),
        item_note_field("new_adult"),
        "explained_to_parent",
        "actions",
    }
    written(db, visit_id, child_id, narrative="")
    with db.session() as s, pytest.raises(ValidationFailed, match="Narrative"):
        sign_off(s, visit_id, NOW)


def test_a_household_change_on_a_signed_note_makes_a_precaf_due_again(db):
    from sqlalchemy import select

    from caseworker.store.models import ReassessmentTrigger

    client_id, child_id = family(db)
    visit_id = planned(db, client_id)
    change = {item_field("new_adult"): "yes", item_note_field("new_adult"): "Partner, drinks"}
    written(db, visit_id, child_id, **change)
    with db.session() as s:
        assert list(s.scalars(select(ReassessmentTrigger))) == []  # not until signed
        sign_off(s, visit_id, NOW)
    with db.session() as s:
        [trigger] = s.scalars(select(ReassessmentTrigger))
        assert trigger.kind == "new_adult" and trigger.on == TODAY
        assert "Partner" not in trigger.reason  # the reason goes into calendar exports
    [precaf] = due(db, client_id)[DueKind.PRECAF]
    assert precaf.reason.startswith("A new adult")
    assert "another adult moved into the home" in precaf.note


def test_signed_visits_are_the_ones_an_assessment_counts(db):
    client_id, child_id = family(db)
    first, second = planned(db, client_id), planned(db, client_id)
    written(db, first, child_id)
    written(db, second, child_id)
    with db.session() as s:
        sign_off(s, first, NOW)
    with db.session() as s:
        notes = [h.note for h in visits_of(s, client_id) if h.note is not None]
    assert [n.visit_id for n in signed_visits(notes)] == [first]
    assert signed_visits(notes, since=TODAY + timedelta(days=1)) == []
    with db.session() as s:
        assert signed_visit_dates(s, client_id) == [TODAY]


def test_a_visit_s_whole_life_is_accounted_for_by_the_trail(db):
    """Planned, out, back, written (its rows rewritten on each save), signed, added to:
    the trail replays to exactly the records (what `caseworker check` verifies)."""
    from caseworker.store.replay import Replay
    from caseworker.store.trail import verify_chain

    client_id, child_id = family(db)
    visit_id = planned(db, client_id)
    with db.session() as s:
        start_visit(s, visit_id, NOW)
    with db.session() as s:
        check_in(s, visit_id, NOW + timedelta(hours=1))
    written(db, visit_id, child_id)
    written(db, visit_id, child_id, narrative="Second save of the note.")
    with db.session() as s:
        sign_off(s, visit_id, NOW + timedelta(hours=2))
    with db.session() as s:
        add_addendum(s, visit_id, "One more thing.", NOW + timedelta(hours=3))
    replay = Replay()
    with db.snapshot() as conn:
        assert verify_chain(conn, replay=replay).ok
        report = replay.compare(conn)
    assert report.ok, report.differences


def test_a_cancelled_visit_leaves_the_diary_and_a_started_one_cannot_be_cancelled(db):
    from caseworker.visits import cancel_visit

    client_id, _ = family(db)
    visit_id, other = planned(db, client_id), planned(db, client_id)
    with db.session() as s, pytest.raises(ValidationFailed, match="Why"):
        cancel_visit(s, visit_id, "")
    with db.session() as s:
        cancel_visit(s, visit_id, "Ada rang: in hospital")
        start_visit(s, other, NOW)
    assert [d.source_id for d in due(db, client_id).get(DueKind.VISIT, [])] == []
    with db.session() as s, pytest.raises(NotAllowed, match="not yet started"):
        cancel_visit(s, other, "changed my mind")
    with db.session() as s, pytest.raises(NotAllowed, match="cancelled"):
        save_note(s, visit_id, {"narrative": "x"}, TODAY)


def test_a_signed_visit_lets_the_multi_agency_assessment_be_completed(db):
    """The assessment needs a home visit in its period: a signed-off visit note counts
    (an unsigned one does not), and its due item says so."""
    from caseworker.assessment import complete_assessment, start_assessment

    client_id, child_id = family(db)
    with db.session() as s:
        assessment = start_assessment(
            s, client_id, {"concern": "Worries at school", "lead_professional": "Jo Hart",
                           "started_on": "20/11/2026"}, TODAY,
        ).id  # fmt: skip
    visit_id = planned(db, client_id)
    written(db, visit_id, child_id)
    completion = {"outcome": "risk_identified", "summary": "Unsafe storage, unsupervised"}
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        complete_assessment(s, assessment, completion, TODAY, NOW)  # the note is unsigned
    assert "no home visit" in str(refused.value)
    assert "no home visit yet" in due(db, client_id)[DueKind.ASSESSMENT][0].reason
    with db.session() as s:
        sign_off(s, visit_id, NOW)
    assert "last home visit 23/11/2026" in due(db, client_id)[DueKind.ASSESSMENT][0].reason
    with db.session() as s:
        done = complete_assessment(s, assessment, completion, TODAY, NOW)
        assert done.outcome == "risk_identified"
    assert DueKind.CSC_REFERRAL in due(db, client_id)


def test_a_visit_planned_for_another_day_made_today_is_expected_back_today(db):
    """Left blank, the expected return is the plan's time on the day the worker goes out:
    on the plan's own day it would never be missed today, nor alarm a phone."""
    client_id, _ = family(db)
    visit_id = planned(db, client_id, planned_for="25/11/2026")
    with db.session() as s:
        visit = start_visit(s, visit_id, NOW)  # 23/11, 10:00
        assert visit.expected_back.astimezone(UTC) == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    with db.session() as s:
        assert [m.visit_id for m in missed_returns(s, NOW + timedelta(hours=3))] == [visit_id]


def test_a_visit_with_a_note_cannot_be_cancelled_and_a_cancelled_one_never_counts(db):
    from caseworker.visits import cancel_visit

    client_id, child_id = family(db)
    visit_id = planned(db, client_id)
    written(db, visit_id, child_id)
    with db.session() as s, pytest.raises(NotAllowed, match="cannot be cancelled"):
        cancel_visit(s, visit_id, "changed my mind")
