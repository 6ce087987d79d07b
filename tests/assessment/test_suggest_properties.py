"""Properties of suggest() over random ratings: it never raises, always gives reasons that
name real elements, and is monotone (raising any one rating never lowers the decision)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker.assessment import CONCERN_ORDER, DECISION_ORDER, checklist, suggest

examples = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHECKLIST = checklist("caf")
IDS = [e.id for e in CHECKLIST.elements]
SAFETY = {e.id for e in CHECKLIST.elements if e.safety}

# Any subset of the elements rated, each with any rating (left out: not rated yet).
ratings = st.dictionaries(st.sampled_from(IDS), st.sampled_from(CONCERN_ORDER))


def level(decision: str) -> int:
    return DECISION_ORDER.index(decision)


@examples
@given(ratings)
def test_suggest_never_raises_and_always_says_why(given_ratings):
    s = suggest(given_ratings, CHECKLIST)
    assert s.decision in DECISION_ORDER
    assert s.label == CHECKLIST.decision_label(s.decision)
    assert s.reasons
    for reason in s.reasons:
        assert reason.elements and set(reason.elements) <= set(IDS)
        assert reason.text and reason.basis
    not_known = [i for i in IDS if given_ratings.get(i, "not_known") == "not_known"]
    assert list(s.not_known) == not_known


@examples
@given(ratings, st.sampled_from(IDS), st.data())
def test_raising_any_rating_never_lowers_the_decision(given_ratings, element, data):
    current = given_ratings.get(element, "not_known")
    higher = [r for r in CONCERN_ORDER if CONCERN_ORDER.index(r) > CONCERN_ORDER.index(current)]
    if not higher:  # already serious: nothing to raise it to
        higher = [current]
    raised = given_ratings | {element: data.draw(st.sampled_from(higher))}
    before = suggest(given_ratings, CHECKLIST).decision
    after = suggest(raised, CHECKLIST).decision
    assert level(after) >= level(before), (element, current, raised[element], before, after)


@examples
@given(ratings)
def test_no_additional_needs_only_when_every_safety_element_is_no_concern(given_ratings):
    s = suggest(given_ratings, CHECKLIST)
    safety_clear = all(given_ratings.get(e) == "no_concern" for e in SAFETY)
    any_concern = any(r in ("some_concern", "serious_concern") for r in given_ratings.values())
    assert (s.decision == "no_additional_needs") == (safety_clear and not any_concern)


@examples
@given(ratings)
def test_csc_exactly_as_the_seeds_say(given_ratings):
    def at_least_some(e: str) -> bool:
        return given_ratings.get(e) in ("some_concern", "serious_concern")

    serious_safety = any(given_ratings.get(e) == "serious_concern" for e in SAFETY)
    pair = at_least_some("domestic_abuse") and at_least_some("substance_use_impact")
    assert (suggest(given_ratings, CHECKLIST).decision == "csc") == (serious_safety or pair)
