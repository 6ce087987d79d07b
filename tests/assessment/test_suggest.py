"""suggest(): the decision a pre-CAF's ratings point to, and its reasons, from the domain
(004 ¶25, ¶35, TS-4; 003 "High levels of co-morbidity")."""

from __future__ import annotations

import pytest

from caseworker.assessment import (
    CONCERN_ORDER,
    RATINGS,
    Rating,
    checklist,
    elements,
    suggest,
)
from caseworker.core.errors import NotFound, ValidationFailed

SAFETY = [e.id for e in elements() if e.safety]
OTHER = [e.id for e in elements() if not e.safety]


def rated(default: str = "no_concern", **changes: str) -> dict[str, str]:
    """Every element rated `default`, except those given."""
    return {e.id: default for e in elements()} | changes


def test_the_public_checklist():
    items = elements()
    assert len(items) == len({e.id for e in items}) == 27
    health = items[0]
    assert (health.id, health.domain, health.label, health.safety) == (
        "health",
        "child_development",
        "Health (including the unborn child)",
        True,
    )
    assert set(SAFETY) == {"health", "basic_care_safety", "substance_use_impact", "storage",
                           "supervision", "domestic_abuse", "child_caring_role"}  # fmt: skip
    assert RATINGS == ("no_concern", "some_concern", "serious_concern", "not_known")
    assert CONCERN_ORDER == ("no_concern", "not_known", "some_concern", "serious_concern")


def test_all_no_concern_is_no_additional_needs():
    s = suggest(rated())
    assert (s.decision, s.label) == ("no_additional_needs", "No additional needs")
    [reason] = s.reasons
    assert reason.elements == tuple(SAFETY)
    assert s.not_known == ()


def test_one_some_concern_is_a_caf():
    s = suggest(rated(housing="some_concern"))
    assert (s.decision, s.label) == ("caf", "CAF")
    [reason] = s.reasons
    assert reason.elements == ("housing",)
    assert "Housing" in reason.text


def test_a_serious_concern_outside_safety_is_still_a_caf():
    assert suggest(rated(housing="serious_concern")).decision == "caf"


@pytest.mark.parametrize("element", SAFETY)
def test_a_serious_concern_in_any_safety_element_is_csc(element):
    s = suggest(rated(**{element: "serious_concern", "learning": "some_concern"}))
    assert s.decision == "csc"
    assert s.label == "Referral to children's social care"
    # The reasons name the element that led there, and not the lesser concern.
    assert [r.elements for r in s.reasons] == [(element,)]
    assert checklist().element(element).label in s.reasons[0].text


def test_undue_caring_has_its_own_reason():
    [reason] = suggest(rated(child_caring_role="serious_concern")).reasons
    assert (reason.rule, reason.basis) == ("undue_caring", "004 TS-4")
    assert reason.text.startswith("Undue caring falling on the child")
    # Some caring is a concern for a CAF (young carers' support), not a referral.
    assert suggest(rated(child_caring_role="some_concern")).decision == "caf"


def test_domestic_abuse_with_a_concern_about_use_is_csc():
    s = suggest(
        rated(
            domestic_abuse="some_concern",
            substance_use_impact="some_concern",
            housing="some_concern",
            mental_health="some_concern",
        )
    )
    assert s.decision == "csc"
    [reason] = s.reasons
    assert reason.rule == "domestic_abuse_with_use"
    assert reason.elements == ("substance_use_impact", "domestic_abuse")
    assert "Domestic abuse" in reason.text and "Effect of use" in reason.text
    # Either one alone, with the same concerns elsewhere, is a CAF.
    assert suggest(rated(domestic_abuse="some_concern", housing="some_concern")).decision == "caf"
    alone = rated(substance_use_impact="some_concern", housing="some_concern")
    assert suggest(alone).decision == "caf"
    # Domestic abuse "not known" is not a concern: the pair needs both.
    unknown = rated(domestic_abuse="not_known", substance_use_impact="some_concern")
    assert suggest(unknown).decision == "caf"


def test_every_csc_rule_that_applies_is_a_reason():
    s = suggest(
        rated(
            domestic_abuse="serious_concern",
            substance_use_impact="some_concern",
            child_caring_role="serious_concern",
        )
    )
    assert [(r.rule, r.elements) for r in s.reasons] == [
        ("serious_safety_concern", ("domestic_abuse",)),
        ("undue_caring", ("child_caring_role",)),
        ("domestic_abuse_with_use", ("substance_use_impact", "domestic_abuse")),
    ]


@pytest.mark.parametrize("element", SAFETY)
def test_a_safety_element_not_known_is_never_no_additional_needs(element):
    s = suggest(rated(**{element: "not_known"}))
    assert s.decision == "caf"
    [reason] = s.reasons
    assert (reason.rule, reason.elements) == ("safety_not_known", (element,))
    assert s.not_known == (element,)
    # Not rated at all counts the same as not known.
    unrated = rated()
    del unrated[element]
    assert suggest(unrated).decision == "caf"


def test_nothing_rated_is_a_caf_naming_every_safety_element():
    s = suggest({})
    assert s.decision == "caf"
    assert [r.elements for r in s.reasons] == [tuple(SAFETY)]
    assert len(s.not_known) == 27


def test_a_non_safety_element_not_known_does_not_raise_the_suggestion_but_is_named():
    s = suggest(rated(employment_income="not_known", child_view="not_known"))
    assert s.decision == "no_additional_needs"
    assert s.not_known == ("employment_income", "child_view")
    assert "Employment and income" in s.reasons[0].text
    assert "The child's own view and understanding" in s.reasons[0].text


def test_the_caf_reasons_name_concerns_and_safety_gaps_apart():
    s = suggest(rated(housing="some_concern", learning="serious_concern", storage="not_known"))
    assert s.decision == "caf"
    assert [(r.rule, r.elements) for r in s.reasons] == [
        ("concern", ("learning", "housing")),
        ("safety_not_known", ("storage",)),
    ]


def test_ratings_with_evidence_and_source():
    ratings = {e: Rating("no_concern", "Seen at home visit", "observed") for e in rated()} | {
        "housing": Rating("some_concern", "Eviction notice", "confirmed_by_agency")
    }
    assert suggest(ratings).decision == "caf"


def test_the_words_follow_the_vocabulary():
    s = suggest({}, checklist("early_help"))
    assert s.label == "Early Help assessment"
    assert "the Early Help assessment can gather it" in s.reasons[0].text


def test_bad_input_is_a_clear_error():
    with pytest.raises(NotFound, match="no element 'housin'"):
        suggest({"housin": "no_concern"})
    with pytest.raises(ValidationFailed, match="Housing: must be one of") as err:
        suggest({"housing": "fine"})
    assert err.value.errors[0].field == "housing"
    with pytest.raises(ValidationFailed, match="Rating: must be one of"):
        Rating("worrying")
    with pytest.raises(ValidationFailed, match="Source: must be one of"):
        Rating("some_concern", "said so", "hearsay")
