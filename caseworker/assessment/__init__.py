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
from caseworker.assessment.multi_agency import (
    COPY_DOCUMENTS,
    NEEDS_IDENTIFIED,
    OUTCOMES,
    PLAN_FIELDS,
    RISK_IDENTIFIED,
    complete_assessment,
    home_visits_in_period,
    open_assessment,
    parse_roles,
    record_copy,
    record_home_visit,
    start_assessment,
)
from caseworker.assessment.multi_agency_dues import multi_agency_dues
from caseworker.assessment.multi_agency_views import (
    OUTCOME_WORDS,
    AssessmentView,
    CarePlanView,
    CopyView,
    HomeVisitView,
    assessments_of,
    caf_decisions,
)
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
    "COPY_DOCUMENTS",
    "CSC_GROUNDS",
    "DECISIONS",
    "DECISION_FIELDS",
    "DECISION_ORDER",
    "NEEDS_IDENTIFIED",
    "OUTCOMES",
    "OUTCOME_WORDS",
    "PLAN_FIELDS",
    "RATINGS",
    "RISK_IDENTIFIED",
    "SOURCES",
    "AssessedChild",
    "AssessmentRecords",
    "AssessmentView",
    "CarePlanView",
    "Checklist",
    "CopyView",
    "Domain",
    "Element",
    "Fact",
    "FamilySuggestion",
    "HomeVisitView",
    "PreCafView",
    "Rating",
    "Reason",
    "Suggestion",
    "assessed_children",
    "assessment_dues",
    "assessment_records",
    "assessments_of",
    "caf_decisions",
    "checklist",
    "complete_assessment",
    "decide",
    "elements",
    "export_precaf_summary",
    "facts",
    "facts_for",
    "family_suggestion",
    "find_precaf",
    "home_visits_in_period",
    "latest_precaf",
    "multi_agency_dues",
    "open_assessment",
    "open_precaf",
    "parse_roles",
    "plan_of",
    "precaf_summary",
    "precaf_view",
    "precafs_of",
    "rank",
    "rate",
    "ratings_of",
    "record_copy",
    "record_home_visit",
    "start_assessment",
    "start_precaf",
    "suggest",
    "summary_file_name",
    "validate_decision",
]
