"""Meetings and reviews: multi-agency case reviews, family support plan and CAF/TAF
reviews, child-protection conferences and core groups, professionals' and antenatal
planning meetings, treatment reviews and sessions. Recorded with who was invited and came
(the parents, and agencies that did not), our part, decisions, agreed actions, the next
date and the minutes' distribution; what they make due is `meeting_dues`."""

from caseworker.meetings.dues import meeting_dues
from caseworker.meetings.kinds import (
    HELD_FOR,
    MEETING_KINDS,
    MEETING_WORDS,
    OUR_PART,
    WITH_MINUTES,
    MeetingKind,
)
from caseworker.meetings.records import (
    MEETING_FIELDS,
    actions_of,
    meetings_of,
    parse_actions,
    read_actions,
    record_meeting,
    sessions_attended,
    validate_meeting,
)

__all__ = [
    "HELD_FOR",
    "MEETING_FIELDS",
    "MEETING_KINDS",
    "MEETING_WORDS",
    "OUR_PART",
    "WITH_MINUTES",
    "MeetingKind",
    "actions_of",
    "meeting_dues",
    "meetings_of",
    "parse_actions",
    "read_actions",
    "record_meeting",
    "sessions_attended",
    "validate_meeting",
]
