"""Referrals, sharing decisions and letters: what leaves the caseload about a client, and
why it was allowed to (the consent position, or the basis for sharing without it).

Referrals to another agency are tracked until the agency answers (referrals.py), sent
through the consent check (sending.py), with what they make due: `referral_dues` (the
written confirmation of a verbal CSC referral, the chase of an unacknowledged one)."""

# Referrals (helper R): after sharing, which sending.py calls.
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
    awaiting_confirmation,
    confirm_in_writing,
    get_referral,
    is_csc,
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
from caseworker.referrals.sending import recipient_of, send_referral, sending_position
from caseworker.referrals.sharing import (
    BASES,
    BASIS_WORDS,
    CONSENT,
    ConsentPosition,
    consent_position,
    decide_sharing,
    decision_words,
    sharing_log,
    validate_sharing,
)

__all__ = [
    "BASES",
    "BASIS_WORDS",
    "BOUNCED",
    "CONSENT",
    "MODES",
    "OUTCOMES",
    "REFERRAL_TABLES",
    "URGENCY",
    "VERBAL",
    "WRITTEN",
    "ConsentPosition",
    "ReferralRecords",
    "ReferralView",
    "awaiting_confirmation",
    "confirm_in_writing",
    "consent_position",
    "csc_referral_made",
    "decide_sharing",
    "decision_words",
    "get_referral",
    "is_csc",
    "mark_sent",
    "ordinal",
    "re_referrals",
    "recipient_of",
    "record_acknowledgement",
    "record_chase",
    "record_outcome",
    "record_referral",
    "referral_dues",
    "referral_records",
    "referrals_of",
    "send_referral",
    "sending_position",
    "sharing_log",
    "status_words",
    "validate_referral",
    "validate_sharing",
]
