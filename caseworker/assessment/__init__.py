"""The pre-CAF assessment: what is rated for each child, and the decision it suggests.

When a client is responsible for the care of children, the drug or alcohol worker does a
pre-CAF assessment [004 ¶35]: per child, each element of the checklist
(data/checklists/precaf.toml: the three CAF domains and the substance-specific section) is
rated no concern, some concern, serious concern or not known, with evidence and its source.
The ratings suggest one of three decisions, and say why:

    >>> from caseworker.assessment import suggest
    >>> s = suggest({"domestic_abuse": "some_concern", "substance_use_impact": "some_concern"})
    >>> s.decision, [r.elements for r in s.reasons]
    ('csc', [('substance_use_impact', 'domestic_abuse')])

The rules and why they are what they are: rules.py. The order of the ratings: ratings.py.
This package is pure (no database, no screens): it reads only the checklist file and the
protocol's vocabulary. Recording an assessment and the worker's decision builds on it.
"""

from __future__ import annotations

from caseworker.assessment.dues import assessment_dues
from caseworker.assessment.precaf import (
    CAF_CONSENT,
    CSC_GROUNDS,
    DECISION_FIELDS,
    FamilySuggestion,
    assessed_children,
    decide,
    family_suggestion,
    open_precaf,
    plan_of,
    precafs_of,
    rate,
    ratings_of,
    start_precaf,
    validate_decision,
)
from caseworker.assessment.prefill import Fact, facts, facts_for
from caseworker.assessment.ratings import CONCERN_ORDER, Rating, rank
from caseworker.assessment.records import TABLES as ASSESSMENT_TABLES
from caseworker.assessment.records import AssessmentRecords, assessment_records
from caseworker.assessment.rules import Reason, Suggestion, suggest
from caseworker.assessment.summary import (
    export_precaf_summary,
    find_precaf,
    latest_precaf,
    precaf_summary,
    summary_file_name,
)
from caseworker.assessment.view import AssessedChild, PreCafView, precaf_view
from caseworker.content.checklist import (
    DECISIONS,
    RATINGS,
    SOURCES,
    Checklist,
    Domain,
    Element,
    load_checklist,
)

# Decisions from least to most: a suggestion never goes down when a rating goes up.
DECISION_ORDER: tuple[str, ...] = DECISIONS


def checklist(vocabulary: str | None = None) -> Checklist:
    """The whole checklist (domains, elements, the labels of ratings, sources and decisions)
    in the words of `vocabulary` ("caf" or "early_help"; default: the local protocol's)."""
    return load_checklist(vocabulary)


def elements(vocabulary: str | None = None) -> tuple[Element, ...]:
    """Every element of the checklist, domain by domain: id, domain, label, safety, hint."""
    return load_checklist(vocabulary).elements


__all__ = [
    "ASSESSMENT_TABLES",
    "CAF_CONSENT",
    "CONCERN_ORDER",
    "CSC_GROUNDS",
    "DECISIONS",
    "DECISION_FIELDS",
    "DECISION_ORDER",
    "RATINGS",
    "SOURCES",
    "AssessedChild",
    "AssessmentRecords",
    "Checklist",
    "Domain",
    "Element",
    "Fact",
    "FamilySuggestion",
    "PreCafView",
    "Rating",
    "Reason",
    "Suggestion",
    "assessed_children",
    "assessment_dues",
    "assessment_records",
    "checklist",
    "decide",
    "elements",
    "export_precaf_summary",
    "facts",
    "facts_for",
    "family_suggestion",
    "find_precaf",
    "latest_precaf",
    "open_precaf",
    "plan_of",
    "precaf_summary",
    "precaf_view",
    "precafs_of",
    "rank",
    "rate",
    "ratings_of",
    "start_precaf",
    "suggest",
    "summary_file_name",
    "validate_decision",
]
