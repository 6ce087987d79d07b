"""What a multi-agency assessment makes due, as pure functions of the client's assessment
records and the protocol [000 §4.4-4.5]:

- an open assessment: completing it, the rule `assessment_due` (6 weeks) after it started,
  shown as upcoming from `assessment_warning` (4 weeks) on however far the due date still
  is, and saying when no home visit is recorded yet (it cannot be completed without one);
- one completed with risk identified: the referral to children's social care, due the day
  it was completed (the referrals capability records it made);
- a family care plan: its review, on the date set in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from caseworker.assessment.records import AssessmentRecords
from caseworker.content import Protocol
from caseworker.core.dates import format_uk
from caseworker.diary import Due, DueKind, due_after
from caseworker.store.models import AssessmentHomeVisit, MultiAgencyAssessment

RISK_IDENTIFIED = "risk_identified"  # caseworker.assessment.multi_agency OUTCOMES


def _lead(assessment: MultiAgencyAssessment) -> str:
    agency = f" ({assessment.lead_agency})" if assessment.lead_agency else ""
    return f"{assessment.lead_professional}{agency}"


def _to_complete(
    assessment: MultiAgencyAssessment,
    visits: Sequence[AssessmentHomeVisit],
    protocol: Protocol,
    decided_on: date | None = None,
    visit_days: Sequence[date] = (),
) -> Due:
    """`decided_on`: the CAF decision it was started from. Its clock started then (the
    pre-CAF's item counted from that day), so recording the assessment later does not
    give it more time."""
    due_rule, warn_rule = protocol.rule("assessment_due"), protocol.rule("assessment_warning")
    started = format_uk(assessment.started_on)
    since = min(assessment.started_on, decided_on or assessment.started_on)
    reason = f"multi-agency assessment started {started}, led by {_lead(assessment)}"
    reason += f": complete within {due_rule.due}"
    if since != assessment.started_on:
        reason += f" of the CAF decision of {format_uk(since)}"
    # Its own dated entries, and the signed-off visit notes made since it started.
    days = [v.visited_on for v in visits if v.assessment_id == assessment.id]
    days += [d for d in visit_days if d >= assessment.started_on]
    if not days:
        reason += "; no home visit yet (at least one is needed to complete it)"
    else:
        reason += f"; last home visit {format_uk(max(days))}"
    return Due(
        DueKind.ASSESSMENT,
        assessment.client_id,
        due_after(due_rule, since, protocol=protocol),
        reason,
        assessment.id,
        rule="assessment_due",
        warn_on=due_after(warn_rule, since, protocol=protocol),
    )


def multi_agency_dues(records: AssessmentRecords, protocol: Protocol) -> list[Due]:
    out = []
    decisions = {p.id: p.decided_on for p in records.precafs if p.decision == "caf"}
    for assessment in records.assessments:
        if assessment.outcome is None:
            decided_on = decisions.get(assessment.precaf_id) if assessment.precaf_id else None
            out.append(
                _to_complete(
                    assessment, records.home_visits, protocol, decided_on, records.visit_days
                )
            )
        elif assessment.outcome == RISK_IDENTIFIED and assessment.completed_on is not None:
            out.append(
                Due(
                    DueKind.CSC_REFERRAL,
                    assessment.client_id,
                    assessment.completed_on,
                    f"the multi-agency assessment completed {format_uk(assessment.completed_on)}"
                    " identified risk: refer to children's social care",
                    assessment.id,
                )
            )
    started = {a.id: a.started_on for a in records.assessments}
    for plan in records.care_plans:
        of = started.get(plan.assessment_id)
        after = f" (multi-agency assessment started {format_uk(of)})" if of else ""
        out.append(
            Due(
                DueKind.FAMILY_PLAN_REVIEW,
                plan.client_id,
                plan.review_on,
                f"review of the family care plan led by {plan.lead_professional}{after}:"
                " the review date set in the plan",
                plan.id,
                # Done from the diary, the next review follows the protocol's interval.
                rule="family_plan_review",
            )
        )
    return out
