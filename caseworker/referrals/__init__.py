"""Referrals, sharing decisions and letters (issue 12): what leaves the service about a
family, checked against consent and logged as a sharing decision.

Letters (caseworker.referrals.letters): drafted from a template (data/letters/, or the
service's own) and the safeguarding record, each fact with where it came from; edited,
finalised (consent check, sharing decision, sealed) and printed as Markdown, Word or PDF.
"""

from __future__ import annotations

from caseworker.content.letters import (
    FIELDS as LETTER_FIELDS,
)
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

__all__ = [
    "DRAFT_MARK",
    "LETTER_FIELDS",
    "LETTER_FORMATS",
    "Fact",
    "LetterDraft",
    "LetterFieldMissing",
    "LetterTemplate",
    "child_by_name",
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
]
