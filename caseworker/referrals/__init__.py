"""Referrals, sharing decisions and letters (design.md: "referrals/").

Referrals to another agency, tracked until the agency answers, with what they make due:
`referral_dues` (the written confirmation of a verbal CSC referral, the chase of an
unacknowledged one)."""

from caseworker.referrals.dues import TABLES as REFERRAL_TABLES
from caseworker.referrals.dues import (
    ReferralRecords,
    csc_referral_made,
    referral_dues,
    referral_records,
)
from caseworker.referrals.referrals import (
    BOUNCED,
    MODES,
    OUTCOMES,
    URGENCY,
    VERBAL,
    WRITTEN,
    ReferralView,
    confirm_in_writing,
    get_referral,
    mark_sent,
    ordinal,
    re_referrals,
    record_acknowledgement,
    record_chase,
    record_outcome,
    record_referral,
    referrals_of,
    status_words,
    validate_referral,
)

__all__ = [
    "BOUNCED",
    "MODES",
    "OUTCOMES",
    "REFERRAL_TABLES",
    "URGENCY",
    "VERBAL",
    "WRITTEN",
    "ReferralRecords",
    "ReferralView",
    "confirm_in_writing",
    "csc_referral_made",
    "get_referral",
    "mark_sent",
    "ordinal",
    "re_referrals",
    "record_acknowledgement",
    "record_chase",
    "record_outcome",
    "record_referral",
    "referral_dues",
    "referral_records",
    "referrals_of",
    "status_words",
    "validate_referral",
]
