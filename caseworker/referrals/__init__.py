"""Referrals, sharing decisions and letters: what leaves the caseload about a client, and
why it was allowed to (the consent position, or the basis for sharing without it)."""

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
    "CONSENT",
    "ConsentPosition",
    "consent_position",
    "decide_sharing",
    "decision_words",
    "sharing_log",
    "validate_sharing",
]
