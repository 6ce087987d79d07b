"""The multi-agency assessment [000 §4.4]: started from a pre-CAF decided as CAF / Early
Help or from a concern, led by a named professional, with its home visits and the copies
sent, and completed with an outcome: needs identified (a family care plan [000 §4.5]) or
risk identified (a child-protection response: a referral to children's social care).

It cannot be completed without at least one home visit in its period: seeing the home is
what tells the agencies how the children live, which no office meeting does. The visits
counted are the dated entries recorded here (record_home_visit) and the visits
capability's signed-off notes (caseworker.visits.signed_visit_dates).

Completing it signs it (worker, date, moment) and seals it: the database refuses any change
to it, its visits and its plan afterwards (caseworker.store.sealed), and so does this
module, first and in words. Copies are the one thing still recorded after completion (the
care plan goes out once it exists); they add to it and change nothing in it.

What it makes due: caseworker.assessment.multi_agency_dues. Reading it back:
caseworker.assessment.multi_agency_views.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.dates import format_uk
from caseworker.core.errors import NotAllowed, NotFound
from caseworker.core.validation import NAME, NOTES, PARAGRAPH, FormReader
from caseworker.core.vocab import Choices
from caseworker.store.models import (
    AssessmentCopy,
    AssessmentHomeVisit,
    Client,
    FamilyCarePlan,
    MultiAgencyAssessment,
    PreCaf,
    Worker,
)
from caseworker.visits import signed_visit_dates

NEEDS_IDENTIFIED, RISK_IDENTIFIED = "needs_identified", "risk_identified"
OUTCOMES: Choices = (
    (NEEDS_IDENTIFIED, "Needs identified: a family care plan"),
    (RISK_IDENTIFIED, "Risk identified: a child-protection response (refer to CSC)"),
)
COPY_DOCUMENTS: Choices = (
    ("assessment", "The assessment"),
    ("care_plan", "The family care plan"),
)
# The fields of the completion form that describe the family care plan.
PLAN_FIELDS = ("plan_lead", "plan_roles", "plan_review_on")


def home_visits_in_period(visited_on: Iterable[date], started_on: date, until: date) -> list[date]:
    """The home visits that count for an assessment started on `started_on` and completed
    on `until`: those on a day from the one to the other, soonest first. Given dates, so
    any record of a visit (this module's entries, a signed-off visit note) can be counted."""
    return sorted(d for d in visited_on if started_on <= d <= until)


# ---- reading one, and refusing what a sealed one does not allow ---------------------------


def _assessment(session: Session, assessment_id: uuid.UUID) -> MultiAgencyAssessment:
    found = session.get(MultiAgencyAssessment, assessment_id)
    if found is None:
        raise NotFound("That multi-agency assessment is no longer on the record.")
    return found


def _still_open(assessment: MultiAgencyAssessment) -> None:
    if assessment.outcome is not None:
        raise NotAllowed(
            f"This multi-agency assessment was completed on {format_uk(assessment.completed_on)}"
            f" and signed by {assessment.signed_as or 'a worker'}: it cannot be changed. "
            "Start a new assessment if the family's situation has changed."
        )


def open_assessment(session: Session, client_id: uuid.UUID) -> MultiAgencyAssessment | None:
    """The client's assessment still open (not completed), if any: there is at most one."""
    stmt = select(MultiAgencyAssessment).where(
        col(MultiAgencyAssessment.client_id) == client_id,
        col(MultiAgencyAssessment.outcome).is_(None),
    )
    return session.scalars(stmt).first()


def _visits(session: Session, assessment_id: uuid.UUID) -> list[AssessmentHomeVisit]:
    stmt = select(AssessmentHomeVisit).where(
        col(AssessmentHomeVisit.assessment_id) == assessment_id
    )
    return list(session.scalars(stmt))


def _on_or_after(r: FormReader, field: str, label: str, day: date | None, since: date,
                 what: str) -> None:  # fmt: skip
    if day is not None and day < since:
        r.fail(field, label, f"is before {what} ({format_uk(since)})")


# ---- starting one --------------------------------------------------------------------------


def _precaf(session: Session, client_id: uuid.UUID, r: FormReader) -> PreCaf | None:
    raw = r.raw.get("precaf_id")
    if raw in (None, ""):
        r.clean["precaf_id"] = None
        return None
    try:
        precaf_id = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
    except ValueError:
        precaf_id = None
    precaf = session.get(PreCaf, precaf_id) if precaf_id else None
    if precaf is None or precaf.client_id != client_id:
        r.fail("precaf_id", "Pre-CAF", "is not one of this client's pre-CAF assessments")
        precaf = None
    elif precaf.decision != "caf":
        r.fail("precaf_id", "Pre-CAF", "was not decided as CAF / Early Help: start the "
               "assessment from a concern")  # fmt: skip
        precaf = None
    r.clean["precaf_id"] = precaf.id if precaf else None
    return precaf


def validate_start(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> dict[str, Any]:
    r = FormReader(raw)
    precaf = _precaf(session, client_id, r)
    has_precaf = precaf is not None or r.has_error("precaf_id")
    concern = r.text("concern", "Concern", max_len=PARAGRAPH)
    if not has_precaf and not concern:
        r.fail("concern", "Concern", "is required: say why it is started (no pre-CAF led to it)")
    r.text("lead_professional", "Lead professional", required=True, max_len=NAME)
    r.text("lead_agency", "Lead agency", max_len=NAME)
    started = r.date("started_on", "Started on", kind="event", today=today, required=True,
                     future="is in the future: record it once it has started")  # fmt: skip
    if precaf is not None and precaf.decided_on is not None:
        _on_or_after(r, "started_on", "Started on", started, precaf.decided_on,
                     "the pre-CAF decision it follows")  # fmt: skip
    return r.result()


def start_assessment(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> MultiAgencyAssessment:
    """A multi-agency assessment started for this client (one open at a time)."""
    if session.get(Client, client_id) is None:
        raise NotFound("That client is no longer on the caseload.")
    already = open_assessment(session, client_id)
    if already is not None:
        raise NotAllowed(
            f"A multi-agency assessment started on {format_uk(already.started_on)} (led by "
            f"{already.lead_professional}) is still open for this client: complete it "
            "before starting another."
        )
    clean = validate_start(session, client_id, raw, today)
    assessment = MultiAgencyAssessment(client_id=client_id, **clean)
    session.add(assessment)
    session.flush()
    return assessment


# ---- its home visits and copies -----------------------------------------------------------


def record_home_visit(
    session: Session, assessment_id: uuid.UUID, raw: dict[str, Any], today: date
) -> AssessmentHomeVisit:
    """A home visit made during the assessment (before it is completed)."""
    assessment = _assessment(session, assessment_id)
    _still_open(assessment)
    r = FormReader(raw)
    visited = r.date("visited_on", "Visited on", kind="event", today=today, required=True,
                     future="is in the future: record a visit once it is made")  # fmt: skip
    _on_or_after(r, "visited_on", "Visited on", visited, assessment.started_on,
                 "the assessment started")  # fmt: skip
    r.text("visited_by", "Visited by", required=True, max_len=NAME)
    r.text("note", "What was seen", max_len=NOTES)
    clean = r.result()
    visit = AssessmentHomeVisit(assessment_id=assessment.id, client_id=assessment.client_id,
                                **clean)  # fmt: skip
    session.add(visit)
    session.flush()
    return visit


def record_copy(
    session: Session, assessment_id: uuid.UUID, raw: dict[str, Any], today: date
) -> AssessmentCopy:
    """A copy sent, dated: of the assessment to a practitioner involved, or of the family
    care plan (once there is one) to a parent or an agency."""
    assessment = _assessment(session, assessment_id)
    r = FormReader(raw)
    document = r.choice("document", "Document", COPY_DOCUMENTS, None)
    r.text("recipient", "Sent to", required=True, max_len=NAME)
    sent = r.date("sent_on", "Sent on", kind="event", today=today, required=True,
                  future="is in the future: record a copy once it is sent")  # fmt: skip
    _on_or_after(r, "sent_on", "Sent on", sent, assessment.started_on, "the assessment started")
    if document == "care_plan":
        plan = session.scalars(
            select(FamilyCarePlan).where(col(FamilyCarePlan.assessment_id) == assessment.id)
        ).first()
        if plan is None:
            r.fail("document", "Document",
                   "there is no family care plan yet: it comes with an outcome of needs "
                   "identified")  # fmt: skip
        elif assessment.completed_on is not None:
            _on_or_after(r, "sent_on", "Sent on", sent, assessment.completed_on,
                         "the care plan was agreed")  # fmt: skip
    clean = r.result()
    copy = AssessmentCopy(assessment_id=assessment.id, client_id=assessment.client_id, **clean)
    session.add(copy)
    session.flush()
    return copy


# ---- completing it -------------------------------------------------------------------------


def parse_roles(text: str) -> list[tuple[str, str]]:
    """Each line "who; what they do" as (who, what); a bad line raises ValueError naming it."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        who, sep, what = (p.strip() for p in line.partition(";"))
        if not sep or not who or not what or ";" in what:
            raise ValueError(f"line {number}: write it as who; what they do")
        out.append((who, what))
    return out


def _care_plan(r: FormReader, today: date) -> None:
    r.text("plan_lead", "Care plan: lead professional", required=True, max_len=NAME)
    roles = r.text("plan_roles", "Care plan: roles", required=True, max_len=NOTES)
    try:
        r.clean["roles"] = parse_roles(roles)
    except ValueError as exc:
        r.fail("plan_roles", "Care plan: roles", str(exc))
    review = r.date("plan_review_on", "Care plan: review date", kind="planned", today=today,
                    required=True)  # fmt: skip
    if review is not None and review <= today:
        r.fail("plan_review_on", "Care plan: review date", "must be in the future")


def validate_completion(
    assessment: MultiAgencyAssessment,
    visited_on: Iterable[date],
    raw: dict[str, Any],
    today: date,
) -> dict[str, Any]:
    r = FormReader(raw)
    done = r.date("completed_on", "Completed on", kind="event", today=today,
                  future="is in the future: complete it on the day") or today  # fmt: skip
    if r.has_error("completed_on"):
        done = today
    _on_or_after(r, "completed_on", "Completed on", done, assessment.started_on,
                 "the assessment started")  # fmt: skip
    r.clean["completed_on"] = done
    if home_visits_in_period(visited_on, assessment.started_on, done):
        outcome = r.choice("outcome", "Outcome", OUTCOMES, None)
    else:
        # Whatever was chosen, no outcome can be recorded: this is the one thing to say.
        start, end = format_uk(assessment.started_on), format_uk(done)
        period = f"on {start}" if start == end else f"between {start} and {end}"
        r.fail("outcome", "Outcome", f"cannot be recorded yet: no home visit is recorded "
               f"{period}. An assessment is completed only after at least one home visit: "
               "record the visit first.")  # fmt: skip
        outcome = raw.get("outcome") if raw.get("outcome") in dict(OUTCOMES) else None
    r.text("summary", "What the assessment found", required=True, max_len=NOTES)
    if outcome == NEEDS_IDENTIFIED:
        _care_plan(r, today)
    elif outcome == RISK_IDENTIFIED and any(
        str(raw.get(f) or "").strip() for f in ("plan_roles", "plan_review_on")
    ):
        r.fail("plan_roles", "Care plan: roles",
               "a family care plan follows needs identified only: clear the care plan's "
               "roles and review date, or choose needs identified")  # fmt: skip
    return r.result()


def _signer(session: Session) -> Worker:
    worker_id = session.info.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    if worker is None:
        raise NotAllowed("No worker is signed in to this caseload: an assessment is signed.")
    return worker


def complete_assessment(
    session: Session, assessment_id: uuid.UUID, raw: dict[str, Any], today: date, now: datetime
) -> MultiAgencyAssessment:
    """Complete the assessment with its outcome, signed by the worker at the keyboard; with
    needs identified, its family care plan. Refused (on the outcome) without a home visit in
    its period. Once completed it is sealed."""
    if now.tzinfo is None:
        raise ValueError("the moment of signing must be an aware datetime")
    assessment = _assessment(session, assessment_id)
    _still_open(assessment)
    visits = _visits(session, assessment.id)
    # Its own dated entries and the signed-off visit notes (caseworker.visits) both count.
    days = [v.visited_on for v in visits] + signed_visit_dates(session, assessment.client_id)
    clean = validate_completion(assessment, days, raw, today)
    worker = _signer(session)
    if clean["outcome"] == NEEDS_IDENTIFIED:
        roles = "\n".join(f"{who}; {what}" for who, what in clean["roles"])
        session.add(FamilyCarePlan(assessment_id=assessment.id, client_id=assessment.client_id,
                                   lead_professional=clean["plan_lead"], roles=roles,
                                   review_on=clean["plan_review_on"]))  # fmt: skip
    # The dependants first: once the outcome is set, the seal refuses any change to them.
    session.flush()
    assessment.summary = clean["summary"]
    assessment.completed_on = clean["completed_on"]
    assessment.completed_at = now.astimezone(UTC)
    assessment.completed_by = worker.id
    assessment.signed_as = worker.name
    assessment.outcome = clean["outcome"]
    session.flush()
    return assessment
