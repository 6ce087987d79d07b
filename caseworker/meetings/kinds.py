"""The kinds of meeting and review, in the domain's words, and which of the protocol's
rules each one starts [000 §4.4-4.7; 004 ¶28, ¶31, TS-8, TS-9]."""

from __future__ import annotations

from enum import StrEnum

from caseworker.core.vocab import Choices
from caseworker.diary import DueKind


class MeetingKind(StrEnum):
    """Stored values: never change one (a service relabels them in MEETING_KINDS)."""

    MULTI_AGENCY_REVIEW = "multi_agency_review"
    FAMILY_PLAN_REVIEW = "family_plan_review"
    CAF_REVIEW = "caf_review"
    CP_INITIAL = "cp_initial"
    CP_REVIEW = "cp_review"
    CORE_GROUP = "core_group"
    PROFESSIONALS = "professionals"
    ANTENATAL = "antenatal"
    TREATMENT_REVIEW = "treatment_review"
    CONTRACT_REVIEW = "contract_review"
    TREATMENT_SESSION = "treatment_session"


MEETING_KINDS: Choices = (
    (MeetingKind.MULTI_AGENCY_REVIEW.value, "Multi-agency case review"),
    (MeetingKind.FAMILY_PLAN_REVIEW.value, "Family support plan review"),
    (MeetingKind.CAF_REVIEW.value, "CAF / TAF review"),
    (MeetingKind.CP_INITIAL.value, "Child-protection conference (initial)"),
    (MeetingKind.CP_REVIEW.value, "Child-protection conference (review)"),
    (MeetingKind.CORE_GROUP.value, "Core group"),
    (MeetingKind.PROFESSIONALS.value, "Professionals' meeting"),
    (MeetingKind.ANTENATAL.value, "Antenatal planning meeting"),
    (MeetingKind.TREATMENT_REVIEW.value, "Treatment review"),
    (MeetingKind.CONTRACT_REVIEW.value, "Session-contract review"),
    (MeetingKind.TREATMENT_SESSION.value, "Treatment session"),
)
MEETING_WORDS: dict[MeetingKind, str] = {MeetingKind(v): label for v, label in MEETING_KINDS}

# How we took part: a treatment representative attends a conference or core group, or
# sends a written report in their place [000 §4.6-4.7; 004 ¶28].
OUR_PART: Choices = (
    ("attended", "We attended"),
    ("written_report", "We sent a written report instead"),
    ("neither", "Neither attended nor sent a report"),
)

# Meetings whose minutes must go to every key professional [004 TS-9, CF-5]: a review or
# conference held without minutes distributed is itself due. A treatment session or a
# treatment review is our own work and has none.
WITH_MINUTES: frozenset[MeetingKind] = frozenset(
    {
        MeetingKind.MULTI_AGENCY_REVIEW,
        MeetingKind.FAMILY_PLAN_REVIEW,
        MeetingKind.CAF_REVIEW,
        MeetingKind.CP_INITIAL,
        MeetingKind.CP_REVIEW,
        MeetingKind.CORE_GROUP,
        MeetingKind.PROFESSIONALS,
        MeetingKind.ANTENATAL,
    }
)


# The meeting that deals with a due item of each kind: recording it is how the item is
# done (the diary offers it when a meeting is recorded from such an item).
HELD_FOR: dict[DueKind, MeetingKind] = {
    DueKind.MULTI_AGENCY_REVIEW: MeetingKind.MULTI_AGENCY_REVIEW,
    DueKind.FAMILY_PLAN_REVIEW: MeetingKind.FAMILY_PLAN_REVIEW,
    DueKind.CP_REVIEW: MeetingKind.CP_REVIEW,
    DueKind.CORE_GROUP: MeetingKind.CORE_GROUP,
    DueKind.CONTRACT_REVIEW: MeetingKind.CONTRACT_REVIEW,
}
