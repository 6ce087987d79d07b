"""The caseload review's boundaries, one figure at a time: a multi-agency assessment at
exactly 4 and 6 weeks, a referral to CSC decided but not made (and made), a signed-off
visit note as the home visit an assessment counts and as a contact, and a check-in not yet
missed."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from known_caseload import NOW, TODAY, ago, uk

from caseworker.assessment import complete_assessment, record_home_visit, start_assessment
from caseworker.diary import UK
from caseworker.people import add_child, clients
from caseworker.referrals import record_referral
from caseworker.supervision import caseload_review
from caseworker.visits import plan_visit, save_note, sign_off, start_visit


def client(s, name: str, **raw) -> uuid.UUID:
    made = clients.create_client(s, {"given_name": name, "family_name": "Edge", **raw}, TODAY)
    return made.id


def figure_ids(db, key: str, *, today: date = TODAY, now: datetime = NOW) -> set[uuid.UUID]:
    with db.session() as s:
        return set(caseload_review(s, None, today, now=now).figures[key].client_ids)


def test_an_assessment_is_past_4_and_6_weeks_from_the_day_after_each(db):
    ids = {}
    with db.session() as s:
        for days in (28, 29, 42, 43):
            ids[days] = client(s, f"Open{days}")
            start_assessment(s, ids[days], {"concern": "Neglect", "lead_professional": "Jo",
                                            "started_on": uk(ago(days))}, TODAY)  # fmt: skip
    assert figure_ids(db, "assessment_past_4_weeks") == {ids[29], ids[42], ids[43]}
    assert figure_ids(db, "assessment_past_6_weeks") == {ids[43]}
    assert figure_ids(db, "assessment_without_home_visit") == set(ids.values())


def test_a_risk_identified_makes_a_csc_referral_due_until_one_is_made(db):
    with db.session() as s:
        cid = client(s, "Risk")
        assessment = start_assessment(s, cid, {"concern": "Neglect", "lead_professional": "Jo",
                                               "started_on": uk(ago(20))}, TODAY)  # fmt: skip
        record_home_visit(s, assessment.id, {"visited_on": uk(ago(10)), "visited_by": "Jo"},
                          TODAY)  # fmt: skip
        complete_assessment(s, assessment.id,
                            {"outcome": "risk_identified", "summary": "Left alone at night",
                             "completed_on": uk(ago(1))},
                            TODAY, NOW)  # fmt: skip
    assert figure_ids(db, "csc_referral_not_made") == {cid}
    assert figure_ids(db, "open_concerns") == {cid}
    assert figure_ids(db, "assessment_without_home_visit") == set()  # completed: not open
    with db.session() as s:
        record_referral(
            s, cid,
            {"agency": "Children's social care", "reason": "Risk identified",
             "wanted_outcome": "An enquiry", "urgency": "urgent", "mode": "written",
             "made_on": uk(TODAY)},
            TODAY,
        )  # fmt: skip
    assert figure_ids(db, "csc_referral_not_made") == set()
    # Still an open concern: the referral to CSC has no outcome yet.
    assert figure_ids(db, "open_concerns") == {cid}
    assert figure_ids(db, "referral_without_feedback") == {cid}


def test_a_signed_visit_note_is_the_assessments_home_visit_and_a_contact(db):
    with db.session() as s:
        cid = client(s, "Visited")
        start_assessment(s, cid, {"concern": "Neglect", "lead_professional": "Jo",
                                  "started_on": uk(ago(50))}, TODAY)  # fmt: skip
    later = TODAY + timedelta(days=40)
    with db.session() as s:
        visit = plan_visit(s, cid, {"planned_for": uk(TODAY)}, TODAY)
        start_visit(s, visit.id, datetime(2026, 11, 23, 9, 0, tzinfo=UK), "10:00")
        save_note(s, visit.id, {"visited_on": uk(TODAY), "narrative": "Seen at home"},
                         TODAY)  # fmt: skip
    # Written but not signed off: not yet the record, nor the visit the assessment needs.
    assert cid in figure_ids(db, "assessment_without_home_visit")
    assert cid in figure_ids(db, "visit_not_signed_off")
    with db.session() as s:
        sign_off(s, visit.id, datetime(2026, 11, 23, 10, 30, tzinfo=UK))
    assert cid not in figure_ids(db, "assessment_without_home_visit")
    assert cid not in figure_ids(db, "visit_not_signed_off")
    # The visit today is the last contact: 40 days on it is past 28, 20 days on it is not.
    assert cid in figure_ids(db, "no_contact", today=later)
    assert cid not in figure_ids(db, "no_contact", today=TODAY + timedelta(days=20))


def test_a_check_in_is_missed_only_once_the_expected_return_has_passed(db):
    with db.session() as s:
        cid = client(s, "Out")
        visit = plan_visit(s, cid, {"planned_for": uk(TODAY)}, TODAY)
        start_visit(s, visit.id, datetime(2026, 11, 23, 9, 0, tzinfo=UK), "13:00")
    back_by = datetime(2026, 11, 23, 13, 0, tzinfo=UK)
    assert figure_ids(db, "missed_check_in", now=back_by) == set()
    assert figure_ids(db, "missed_check_in", now=back_by + timedelta(minutes=1)) == {cid}
    # A review of a past day judges its check-ins at that day's end.
    assert figure_ids(db, "missed_check_in", now=NOW + timedelta(hours=2)) == {cid}


def test_a_caf_decision_starts_the_assessments_clock_before_it_is_recorded(db):
    from caseworker.assessment import decide, elements, rate, start_precaf

    decided = ago(30)
    with db.session() as s:
        cid = client(s, "Caf", parental_status="all_live_with")
        child = add_child(
            s, cid, {"given_name": "Kit", "date_of_birth": "01/03/2019", "client_role": "mother",
                     "lives_with": "client"}, TODAY,
        ).id  # fmt: skip
        precaf = start_precaf(s, cid, decided)
    with db.session() as s:
        for e in elements():
            rate(s, precaf.id, [child], e.id, "some_concern" if e.id == "housing" else "no_concern")
    with db.session() as s:
        decide(s, precaf.id, {"decision": "caf", "caf_lead": "Ann Bell (school)",
                              "caf_consent": "given",
                              "actions": f"School; weekly check-in; {uk(TODAY)}"},
               decided, datetime(2026, 10, 24, 12, 0, tzinfo=UK))  # fmt: skip
    # 30 days since the decision: past the 4 weeks' warning, not yet the 6 weeks.
    assert figure_ids(db, "assessment_past_4_weeks") == {cid}
    assert figure_ids(db, "assessment_past_6_weeks") == set()
    assert figure_ids(db, "assessment_without_home_visit") == {cid}
    assert figure_ids(db, "open_concerns") == {cid}
    with db.session() as s:  # recorded now, started from the decision: the same clock
        assessment = start_assessment(
            s, cid, {"precaf_id": str(precaf.id), "lead_professional": "Ann Bell",
                     "started_on": uk(ago(2))}, TODAY,
        )  # fmt: skip
    assert figure_ids(db, "assessment_past_4_weeks") == {cid}
    assert figure_ids(db, "assessment_without_home_visit") == {cid}
    with db.session() as s:
        record_home_visit(s, assessment.id, {"visited_on": uk(ago(1)), "visited_by": "Ann"},
                          TODAY)  # fmt: skip
    assert figure_ids(db, "assessment_without_home_visit") == set()
    assert figure_ids(db, "open_concerns") == {cid}
