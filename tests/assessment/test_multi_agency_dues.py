"""What a multi-agency assessment makes due: pure rules over its records, at their edges,
and the item as the agenda stores it once one is started."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from caseworker import agenda
from caseworker.assessment import AssessmentRecords, multi_agency_dues, start_assessment
from caseworker.content import Protocol
from caseworker.diary import DueKind, DueStatus
from caseworker.people import clients
from caseworker.store.models import AssessmentHomeVisit, FamilyCarePlan, MultiAgencyAssessment

CLIENT = uuid.uuid4()
P = Protocol()


def assessment(started_on: date, **fields) -> MultiAgencyAssessment:
    return MultiAgencyAssessment(client_id=CLIENT, started_on=started_on,
                                 lead_professional="Jo Bloggs", **fields)  # fmt: skip


def dues(**records):
    return multi_agency_dues(AssessmentRecords(**records), P)


def test_an_open_assessment_is_due_at_six_weeks_and_says_no_home_visit_yet():
    a = assessment(date(2026, 11, 2), lead_agency="Early Help")
    [due] = dues(assessments=[a])
    assert due.kind is DueKind.ASSESSMENT and due.source_id == a.id
    assert (due.due_on, due.warn_on) == (date(2026, 12, 14), date(2026, 11, 30))
    assert due.rule == "assessment_due"
    assert due.reason == (
        "multi-agency assessment started 02/11/2026, led by Jo Bloggs (Early Help): complete "
        "within 6 weeks; no home visit yet (at least one is needed to complete it)"
    )


def test_six_weeks_from_a_month_end_are_42_days():
    [due] = dues(assessments=[assessment(date(2027, 1, 31))])
    assert (due.due_on, due.warn_on) == (date(2027, 3, 14), date(2027, 2, 28))
    [leap] = dues(assessments=[assessment(date(2028, 1, 31))])
    assert (leap.due_on, leap.warn_on) == (date(2028, 3, 13), date(2028, 2, 28))


def test_the_warning_shows_upcoming_from_week_four():
    [due] = dues(assessments=[assessment(date(2026, 11, 2))])
    assert due.status(date(2026, 11, 29)) is DueStatus.LATER  # 4 weeks less a day
    assert due.status(date(2026, 11, 30)) is DueStatus.UPCOMING  # 4 weeks: 14 days ahead
    assert due.status(date(2026, 12, 14)) is DueStatus.DUE_TODAY
    assert due.status(date(2026, 12, 15)) is DueStatus.OVERDUE


def test_a_local_protocol_changes_the_weeks():
    [due] = multi_agency_dues(
        AssessmentRecords(assessments=[assessment(date(2026, 11, 2))]),
        P.with_rules(assessment_due="5 weeks", assessment_warning="3 weeks"),
    )
    assert (due.due_on, due.warn_on) == (date(2026, 12, 7), date(2026, 11, 23))
    assert "complete within 5 weeks" in due.reason


def test_a_home_visit_is_named_in_place_of_the_warning():
    a = assessment(date(2026, 11, 2))
    visits = [
        AssessmentHomeVisit(assessment_id=a.id, client_id=CLIENT, visited_on=d, visited_by="Sam")
        for d in (date(2026, 11, 5), date(2026, 11, 12))
    ]
    other = AssessmentHomeVisit(assessment_id=uuid.uuid4(), client_id=CLIENT,
                                visited_on=date(2026, 11, 20), visited_by="Sam")  # fmt: skip
    [due] = dues(assessments=[a], home_visits=[*visits, other])
    assert due.reason.endswith("; last home visit 12/11/2026")
    assert "no home visit" not in due.reason


def completed(outcome: str, on: date) -> MultiAgencyAssessment:
    return assessment(date(2026, 10, 1), outcome=outcome, completed_on=on,
                      completed_at=datetime(2026, 11, 1, tzinfo=UTC), signed_as="Sam")  # fmt: skip


def test_risk_identified_makes_the_csc_referral_due_on_the_completion_day():
    a = completed("risk_identified", date(2026, 11, 3))
    [due] = dues(assessments=[a])
    assert (due.kind, due.due_on, due.source_id) == (DueKind.CSC_REFERRAL, date(2026, 11, 3), a.id)
    assert due.reason == ("the multi-agency assessment completed 03/11/2026 identified risk: "
                          "refer to children's social care")  # fmt: skip


def test_the_care_plan_review_is_due_on_its_review_date_naming_the_plan():
    a = completed("needs_identified", date(2026, 11, 3))
    plan = FamilyCarePlan(assessment_id=a.id, client_id=CLIENT, lead_professional="Jo Bloggs",
                          roles="GP; review", review_on=date(2027, 1, 12))  # fmt: skip
    [due] = dues(assessments=[a], care_plans=[plan])
    assert (due.kind, due.due_on, due.source_id) == (
        DueKind.FAMILY_PLAN_REVIEW, date(2027, 1, 12), plan.id)  # fmt: skip
    assert due.reason == (
        "review of the family care plan led by Jo Bloggs (multi-agency assessment started "
        "01/10/2026): the review date set in the plan"
    )
    assert [d.kind for d in dues(assessments=[a])] == []  # needs identified: no referral


def test_started_assessment_is_in_the_clients_agenda_with_the_six_week_date(db, today):
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today).id
    with db.session() as s:
        start_assessment(s, ada, {"concern": "Neglect", "lead_professional": "Jo Bloggs",
                                  "started_on": "31/10/2026"}, today)  # fmt: skip
    with db.session() as s:
        items = [d for d in agenda.due_items(s, ada) if d.kind is DueKind.ASSESSMENT]
    [item] = items
    assert (item.due_on, item.warn_on) == (date(2026, 12, 12), date(2026, 11, 28))
    assert "no home visit yet" in item.reason
    assert item.status(today) is DueStatus.LATER  # 23/11: in week 4, not yet warned
    assert item.status(date(2026, 11, 28)) is DueStatus.UPCOMING
    with db.session() as s:  # and the record's own diary, worked out from the records now
        open_, _ = agenda.client_items(s, ada)
    assert [(d.kind, d.due_on) for d in open_] == [(DueKind.ASSESSMENT, date(2026, 12, 12))]
