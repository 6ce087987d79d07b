"""Everything due for one client, from every capability's rules, with what the worker did
about each (caseworker.agenda.actions): pure, no database.

A closed case has nothing due. Its rules would still find a re-screen or a TOP review
"due", but nobody works a closed case, and an OVERDUE that can never be done would only
teach workers to ignore the word. Reopening the case (a change to the client record)
recomputes its items from the records, so nothing is lost by closing.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseworker.agenda.actions import apply_due_actions
from caseworker.assessment import AssessmentRecords, assessment_dues
from caseworker.content import Protocol
from caseworker.diary import Due, soonest_first
from caseworker.meetings import meeting_dues
from caseworker.referrals import ReferralRecords, csc_referral_made, referral_dues
from caseworker.screening import screening_dues
from caseworker.store.models import (
    ChildRecord,
    Client,
    DueAction,
    Meeting,
    MeetingAction,
    Screening,
)
from caseworker.supervision.dues import SupervisionRecords, supervision_dues
from caseworker.visits import VisitRecords, visit_dues

# Bump when a rule changes what it returns for the same records: every open caseload
# then recomputes its stored items on its next open.
RULES_VERSION = 6
NO_ASSESSMENT = AssessmentRecords()
NO_VISITS = VisitRecords()
NO_REFERRALS = ReferralRecords()
NO_SUPERVISION = SupervisionRecords()


def client_dues(
    client: Client,
    children: Sequence[ChildRecord],
    screenings: Sequence[Screening],
    protocol: Protocol,
    *,
    meetings: Sequence[Meeting] = (),
    meeting_actions: Sequence[MeetingAction] = (),
    due_actions: Sequence[DueAction] = (),
    assessment: AssessmentRecords = NO_ASSESSMENT,
    visits: VisitRecords = NO_VISITS,
    referrals: ReferralRecords = NO_REFERRALS,
    supervision: SupervisionRecords = NO_SUPERVISION,
) -> tuple[list[Due], list[Due]]:
    """(open, done) for this client now, each soonest first."""
    if client.status == "closed":
        return [], []
    screening = screening_dues(client, children, screenings, protocol)
    dues = [
        *assessment_dues(client, children, screenings, screening, assessment, protocol),
        *meeting_dues(meetings, meeting_actions, protocol),
        *visit_dues(visits),
        *referral_dues(referrals, protocol),
        *supervision_dues(supervision),
    ]
    # The pre-CAF's decision asks for a CSC referral; once one is recorded, it is made.
    dues = [d for d in dues if not csc_referral_made(d, referrals)]
    open_, done = apply_due_actions(dues, due_actions, protocol)
    return soonest_first(open_), sorted(done, key=lambda d: d.done_on or d.due_on, reverse=True)


def dues_for(
    client: Client,
    children: Sequence[ChildRecord],
    screenings: Sequence[Screening],
    protocol: Protocol,
    *,
    meetings: Sequence[Meeting] = (),
    meeting_actions: Sequence[MeetingAction] = (),
    due_actions: Sequence[DueAction] = (),
    assessment: AssessmentRecords = NO_ASSESSMENT,
    visits: VisitRecords = NO_VISITS,
    referrals: ReferralRecords = NO_REFERRALS,
    supervision: SupervisionRecords = NO_SUPERVISION,
) -> list[Due]:
    """What is open for this client now, soonest first."""
    return client_dues(
        client,
        children,
        screenings,
        protocol,
        meetings=meetings,
        meeting_actions=meeting_actions,
        due_actions=due_actions,
        assessment=assessment,
        visits=visits,
        referrals=referrals,
        supervision=supervision,
    )[0]
