"""Referrals, sharing decisions and letters: what leaves the caseload about a client, and
why it was allowed to (the consent position, or the basis for sharing without it).

Referrals to another agency are tracked until the agency answers (referrals.py), sent
through the consent check (sending.py), with what they make due: `referral_dues` (the
written confirmation of a verbal CSC referral, the chase of an unacknowledged one).

Letters (caseworker.referrals.letters): drafted from a template (data/letters/, or the
service's own) and the safeguarding record, each fact with where it came from; edited,
finalised (consent check, sharing decision, sealed) and printed as Markdown, Word or PDF.
"""

from caseworker.content.letters import FIELDS as LETTER_FIELDS
from caseworker.content.letters import (
    LetterFieldMissing,
    LetterTemplate,
    letter_template,
    load_templates,
)
from caseworker.referrals.dues import TABLES as REFERRAL_TABLES
from caseworker.referrals.dues import (
    ReferralRecords,
    csc_referral_made,
    referral_dues,
    referral_records,
)
from caseworker.referrals.letter_facts import Fact, gather_facts, referral_facts
from caseworker.referrals.letters import (
    DRAFT_MARK,
    LETTER_FORMATS,
    LetterDraft,
    child_by_name,
    draft_letter,
    export_draft,
    export_letter,
    finalise_letter,
    get_letter,
    keep_letter_text,
    letter_document,
    letter_draft_key,
    letters_of,
    render_letter,
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
    "DRAFT_MARK",
    "LETTER_FIELDS",
    "LETTER_FORMATS",
    "MODES",
    "OUTCOMES",
    "REFERRAL_TABLES",
    "URGENCY",
    "VERBAL",
    "WRITTEN",
    "ConsentPosition",
    "Fact",
    "LetterDraft",
    "LetterFieldMissing",
    "LetterTemplate",
    "ReferralRecords",
    "ReferralView",
    "awaiting_confirmation",
    "child_by_name",
    "confirm_in_writing",
    "consent_position",
    "csc_referral_made",
    "decide_sharing",
    "decision_words",
    "draft_letter",
    "export_draft",
    "export_letter",
    "finalise_letter",
    "gather_facts",
    "get_letter",
    "get_referral",
    "is_csc",
    "keep_letter_text",
    "letter_document",
    "letter_draft_key",
    "letter_template",
    "letters_of",
    "load_templates",
    "mark_sent",
    "ordinal",
    "re_referrals",
    "recipient_of",
    "record_acknowledgement",
    "record_chase",
    "record_outcome",
    "record_referral",
    "referral_dues",
    "referral_facts",
    "referral_records",
    "referrals_of",
    "render_letter",
    "send_referral",
    "sending_position",
    "sharing_log",
    "status_words",
    "validate_referral",
    "validate_sharing",
]
