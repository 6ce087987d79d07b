"""The multi-agency assessment through its public functions: started from a CAF decision or
a concern, one open at a time; home visits and copies within its period; completion
refused without a home visit, signed, with the family care plan for needs identified;
sealed once completed; read back latest first."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from caseworker.assessment import (
    assessments_of,
    caf_decisions,
    complete_assessment,
    home_visits_in_period,
    parse_roles,
    record_copy,
    record_home_visit,
    start_assessment,
)
from caseworker.core.errors import NotAllowed, NotFound, ValidationFailed
from caseworker.people import clients
from caseworker.store.models import FamilyCarePlan, MultiAgencyAssessment, PreCaf, Worker

NOW = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)


def uk(d: date) -> str:
    return f"{d:%d/%m/%Y}"


@pytest.fixture
def ada(db, today) -> uuid.UUID:
    with db.session() as s:
        return clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today).id


def start(db, client_id, today, **raw) -> uuid.UUID:
    values = {"concern": "Children left alone while mother intoxicated",
              "lead_professional": "Jo Bloggs", "lead_agency": "Early Help",
              "started_on": uk(today - timedelta(days=14)), **raw}  # fmt: skip
    with db.session() as s:
        return start_assessment(s, client_id, values, today).id


def visit(db, assessment_id, today, on: date, by: str = "Sam Worker") -> None:
    with db.session() as s:
        record_home_visit(s, assessment_id, {"visited_on": uk(on), "visited_by": by,
                                             "note": "Home warm, food in"}, today)  # fmt: skip


def complete(db, assessment_id, today, **raw):
    values = {"outcome": "risk_identified", "summary": "Unsupervised at night", **raw}
    with db.session() as s:
        return complete_assessment(s, assessment_id, values, today, NOW).id


def errors(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_completion_without_a_home_visit_is_refused_naming_the_outcome(db, ada, today):
    maa = start(db, ada, today)
    with pytest.raises(ValidationFailed) as exc:
        complete(db, maa, today)
    message = errors(exc)["outcome"]
    assert "no home visit is recorded between 09/11/2026 and 23/11/2026" in message
    assert "record the visit first" in message
    with db.session() as s:
        assert s.get(MultiAgencyAssessment, maa).outcome is None  # nothing half-saved
    with pytest.raises(ValidationFailed) as exc:  # none chosen: the visit is what to say
        complete(db, maa, today, outcome="")
    assert [e.field for e in exc.value.errors] == ["outcome"]
    assert "no home visit" in exc.value.errors[0].message


def test_a_visit_outside_the_period_does_not_count():
    start, end = date(2026, 11, 9), date(2026, 11, 23)
    visits = [date(2026, 11, 8), date(2026, 11, 24), date(2026, 11, 23), date(2026, 11, 9)]
    assert home_visits_in_period(visits, start, end) == [date(2026, 11, 9), date(2026, 11, 23)]
    assert home_visits_in_period([date(2026, 11, 8)], start, end) == []


def test_completing_on_a_day_before_the_only_visit_is_refused(db, ada, today):
    maa = start(db, ada, today)
    visit(db, maa, today, today - timedelta(days=2))
    with pytest.raises(ValidationFailed) as exc:
        complete(db, maa, today, completed_on=uk(today - timedelta(days=5)))
    assert "no home visit is recorded between 09/11/2026 and 18/11/2026" in errors(exc)["outcome"]


def test_risk_identified_is_signed_and_sealed(db, ada, today):
    maa = start(db, ada, today)
    visit(db, maa, today, today - timedelta(days=3))
    complete(db, maa, today)
    with db.session() as s:
        done = s.get(MultiAgencyAssessment, maa)
        worker = s.get(Worker, db.worker_id)
        assert (done.outcome, done.completed_on, done.completed_by) == (
            "risk_identified", today, db.worker_id)  # fmt: skip
        assert done.signed_as == worker.name == "Sam Worker"
        assert done.completed_at.replace(tzinfo=UTC) == NOW  # stored as UTC
    with pytest.raises(NotAllowed, match="completed on 23/11/2026 and signed by Sam Worker"):
        visit(db, maa, today, today)
    with pytest.raises(NotAllowed, match="cannot be changed"):
        complete(db, maa, today)


def test_needs_identified_requires_the_care_plan_in_the_same_call(db, ada, today):
    maa = start(db, ada, today)
    visit(db, maa, today, today - timedelta(days=3))
    with pytest.raises(ValidationFailed) as exc:
        complete(db, maa, today, outcome="needs_identified")
    assert set(errors(exc)) == {"plan_lead", "plan_roles", "plan_review_on"}
    with pytest.raises(ValidationFailed) as exc:
        complete(db, maa, today, outcome="needs_identified", plan_lead="Jo Bloggs",
                 plan_roles="Health visitor weekly visits", plan_review_on=uk(today))  # fmt: skip
    assert errors(exc)["plan_roles"] == "line 1: write it as who; what they do"
    assert errors(exc)["plan_review_on"] == "must be in the future"
    complete(db, maa, today, outcome="needs_identified", plan_lead="Jo Bloggs",
             plan_roles="Health visitor; weekly visits\n\nSchool;  breakfast club ",
             plan_review_on=uk(today + timedelta(days=42)))  # fmt: skip
    with db.session() as s:
        [view] = assessments_of(s, ada)
        plans = s.query(FamilyCarePlan).all()
    assert len(plans) == 1
    assert view.plan is not None and view.plan.lead_professional == "Jo Bloggs"
    assert view.plan.roles == (("Health visitor", "weekly visits"), ("School", "breakfast club"))
    assert view.plan.review_on == today + timedelta(days=42)
    assert view.outcome == "needs_identified" and not view.is_open


def test_risk_identified_refuses_care_plan_fields_rather_than_losing_them(db, ada, today):
    maa = start(db, ada, today)
    visit(db, maa, today, today)
    with pytest.raises(ValidationFailed) as exc:
        complete(db, maa, today, plan_roles="School; breakfast club")
    assert "needs identified only" in errors(exc)["plan_roles"]


def test_outcome_and_summary_are_required(db, ada, today):
    maa = start(db, ada, today)
    visit(db, maa, today, today)
    with pytest.raises(ValidationFailed) as exc:
        complete(db, maa, today, outcome="", summary=" ")
    assert errors(exc) == {"outcome": "choose one (nothing is assumed)", "summary": "is required"}


def test_start_from_a_concern_needs_the_concern_and_a_lead(db, ada, today):
    with pytest.raises(ValidationFailed) as exc:
        start(db, ada, today, concern="", lead_professional="", started_on="")
    found = errors(exc)
    assert found["concern"].startswith("is required: say why it is started")
    assert found["lead_professional"] == "is required"
    assert found["started_on"] == "is required (dd/mm/yyyy)"
    with pytest.raises(ValidationFailed) as exc:
        start(db, ada, today, started_on=uk(today + timedelta(days=1)))
    assert errors(exc)["started_on"].startswith("is in the future")


def precaf(db, client_id, today, decision: str) -> uuid.UUID:
    with db.session() as s:
        row = PreCaf(client_id=client_id, started_on=today - timedelta(days=30),
                     decision=decision, decided_on=today - timedelta(days=20),
                     decided_at=NOW - timedelta(days=20), signed_as="Sam Worker")  # fmt: skip
        s.add(row)
        s.flush()
        return row.id


def test_start_from_a_precaf_decided_as_caf_needs_no_concern(db, ada, today):
    caf = precaf(db, ada, today, "caf")
    maa = start(db, ada, today, precaf_id=str(caf), concern="")
    with db.session() as s:
        [view] = assessments_of(s, ada)
    assert (view.id, view.precaf_id, view.concern) == (maa, caf, "")
    decided = today - timedelta(days=20)
    assert view.started_from == f"the pre-CAF's CAF / Early Help decision of {decided:%d/%m/%Y}"
    precaf(db, ada, today, "csc")
    with db.session() as s:  # what the start form offers (a CSC decision is not there)
        assert caf_decisions(s, ada) == ((str(caf), "CAF decided 03/11/2026"),)


def test_a_precaf_not_decided_as_caf_or_of_another_client_is_refused(db, ada, today):
    csc = precaf(db, ada, today, "csc")
    with pytest.raises(ValidationFailed) as exc:
        start(db, ada, today, precaf_id=csc, concern="")
    assert errors(exc) == {"precaf_id": "was not decided as CAF / Early Help: start the "
                                        "assessment from a concern"}  # fmt: skip
    with db.session() as s:
        bea = clients.create_client(s, {"given_name": "Bea", "family_name": "Lee"}, today).id
    theirs = precaf(db, bea, today, "caf")
    with pytest.raises(ValidationFailed) as exc:
        start(db, ada, today, precaf_id=theirs)
    assert "not one of this client's" in errors(exc)["precaf_id"]
    with pytest.raises(ValidationFailed) as exc:
        start(db, ada, today, precaf_id=precaf(db, ada, today, "caf"),
              started_on=uk(today - timedelta(days=25)))  # fmt: skip
    assert errors(exc)["started_on"] == "is before the pre-CAF decision it follows (03/11/2026)"


def test_a_second_open_assessment_is_refused_and_allowed_once_the_first_is_complete(db, ada, today):
    first = start(db, ada, today)
    still_open = r"started on 09/11/2026 \(led by Jo Bloggs\) is still open"
    with pytest.raises(NotAllowed, match=still_open):
        start(db, ada, today)
    visit(db, first, today, today)
    complete(db, first, today)
    second = start(db, ada, today, started_on=uk(today))
    with db.session() as s:
        views = assessments_of(s, ada)
    assert [v.id for v in views] == [second, first]  # latest first
    assert views[0].is_open and views[1].outcome_words.startswith("Risk identified")


def test_a_home_visit_must_fall_in_the_assessment_and_name_who_visited(db, ada, today):
    maa = start(db, ada, today)
    with pytest.raises(ValidationFailed) as exc:
        visit(db, maa, today, today - timedelta(days=15), by="")
    assert errors(exc) == {"visited_on": "is before the assessment started (09/11/2026)",
                           "visited_by": "is required"}  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        visit(db, maa, today, today + timedelta(days=1))
    assert errors(exc)["visited_on"].startswith("is in the future")
    with pytest.raises(NotFound):
        visit(db, uuid.uuid4(), today, today)


def test_copies_are_dated_and_the_care_plan_goes_out_once_there_is_one(db, ada, today):
    maa = start(db, ada, today)
    with db.session() as s:
        with pytest.raises(ValidationFailed) as exc:
            record_copy(s, maa, {"document": "care_plan", "recipient": "Ada Lee",
                                 "sent_on": uk(today)}, today)  # fmt: skip
    assert "no family care plan yet" in errors(exc)["document"]
    with db.session() as s:
        with pytest.raises(ValidationFailed) as exc:
            record_copy(s, maa, {"document": "", "recipient": "", "sent_on": ""}, today)
    assert set(errors(exc)) == {"document", "recipient", "sent_on"}
    with db.session() as s:
        record_copy(s, maa, {"document": "assessment", "recipient": "GP",
                             "sent_on": uk(today)}, today)  # fmt: skip
    visit(db, maa, today, today)
    complete(db, maa, today, outcome="needs_identified", plan_lead="Jo Bloggs",
             plan_roles="GP; medication review",
             plan_review_on=uk(today + timedelta(days=42)))  # fmt: skip
    with db.session() as s:  # after completion: a copy adds, it changes nothing sealed
        record_copy(s, maa, {"document": "care_plan", "recipient": "Ada Lee",
                             "sent_on": uk(today)}, today)  # fmt: skip
        [view] = assessments_of(s, ada)
    assert [(c.document, c.recipient, c.sent_on) for c in view.copies] == [
        ("assessment", "GP", today), ("care_plan", "Ada Lee", today)]  # fmt: skip
    assert [v.visited_by for v in view.visits] == ["Sam Worker"]


def test_parse_roles_keeps_each_line_and_names_a_bad_one():
    assert parse_roles("GP; review\n  \nSchool ; club") == [("GP", "review"), ("School", "club")]
    with pytest.raises(ValueError, match="line 2"):
        parse_roles("GP; review\nSchool")
    with pytest.raises(ValueError, match="line 1"):
        parse_roles("; nobody")


def test_a_moment_without_a_zone_is_a_bug_not_a_signature(db, ada, today):
    maa = start(db, ada, today)
    with db.session() as s, pytest.raises(ValueError, match="aware"):
        complete_assessment(s, maa, {}, today, datetime(2026, 11, 23, 15, 30))
