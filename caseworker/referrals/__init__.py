"""Referrals, sharing decisions and letters: what leaves the caseload about a client, and
why it was allowed to (the consent position, or the basis for sharing without it).

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
    "DRAFT_MARK",
    "LETTER_FIELDS",
    "LETTER_FORMATS",
    "ConsentPosition",
    "Fact",
    "LetterDraft",
    "LetterFieldMissing",
    "LetterTemplate",
    "child_by_name",
    "consent_position",
    "decide_sharing",
    "decision_words",
    "draft_letter",
    "export_draft",
    "export_letter",
    "finalise_letter",
    "gather_facts",
    "get_letter",
    "keep_letter_text",
    "letter_document",
    "letter_draft_key",
    "letter_template",
    "letters_of",
    "load_templates",
    "referral_facts",
    "render_letter",
    "sharing_log",
    "validate_sharing",
]
