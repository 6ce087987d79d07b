"""What a multi-agency assessment makes due (to be built: completing it within the
protocol's `assessment_due`, warned from `assessment_warning`; the family care plan's
review; a CSC referral when it identifies risk)."""

from __future__ import annotations

from caseworker.assessment.records import AssessmentRecords
from caseworker.content import Protocol
from caseworker.diary import Due


def multi_agency_dues(records: AssessmentRecords, protocol: Protocol) -> list[Due]:
    return []
