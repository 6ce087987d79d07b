"""Property tests: the engine against an independent calculation of each published instrument.

The expected values here are written straight from the published scoring rules
(option index to score, skip and stop rules, bands, cut-offs); nothing below calls
an engine helper except the public score(), next_item() and carry_over().
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker.core.errors import CaseworkerError
from caseworker.screening.instruments import carry_over, next_item, score

# A local setting, not a profile: loading a profile would change every other test file too.
examples = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FREQ = st.integers(0, 4)  # never ... daily or almost daily (or the item's own 5 options)
HARM = st.integers(0, 2)  # no / yes, but not in the last year / yes, during the last year
HARM_POINTS = [0, 2, 4]


def band_of(total: int, table: list[tuple[int, int, str]]) -> str:
    matches = [label for low, high, label in table if low <= total <= high]
    assert len(matches) == 1
    return matches[0]


# ------------------------------------------------------------ AUDIT

AUDIT_BANDS = [
    (0, 7, "lower risk"),
    (8, 15, "increasing risk"),
    (16, 19, "higher risk"),
    (20, 40, "possible dependence"),
]


def audit_expected(a: dict[int, int]) -> tuple[int, list[int]]:
    """(total, items asked in order) by the WHO rules: item 1 "never" -> items 9-10;
    items 2 and 3 both scoring 0 -> items 9-10. Items 1-8 score their index."""
    if a[1] == 0:
        order = [1, 9, 10]
    elif a[2] + a[3] == 0:
        order = [1, 2, 3, 9, 10]
    else:
        order = list(range(1, 11))
    total = sum(a[n] if n <= 8 else HARM_POINTS[a[n]] for n in order)
    return total, order


full_audit = st.fixed_dictionaries({**{n: FREQ for n in range(1, 9)}, 9: HARM, 10: HARM})


@examples
@given(full_audit, st.booleans())
def test_audit_matches_the_published_rules(answers, leave_out_skipped):
    total, order = audit_expected(answers)
    given_answers = {n: answers[n] for n in order} if leave_out_skipped else answers
    r = score("audit", given_answers)
    assert r.total == total
    assert r.band == band_of(total, AUDIT_BANDS)
    assert r.positive is (total >= 8)
    assert bool(r.flags) is (total >= 20)
    assert list(r.asked) == order


@examples
@given(full_audit)
def test_next_item_asks_the_audit_in_the_published_order(answers):
    _, order = audit_expected(answers)
    asked: dict[int, int] = {}
    sequence = []
    while (n := next_item("audit", asked)) is not None:
        sequence.append(n)
        asked[n] = answers[n]
        assert len(sequence) <= 10
    assert sequence == order
    assert score("audit", asked).total == audit_expected(answers)[0]


# ------------------------------------------------------------ AUDIT-C

audit_c = st.fixed_dictionaries({1: FREQ, 2: FREQ, 3: FREQ})


@examples
@given(audit_c, st.one_of(st.none(), st.integers(1, 12)))
def test_audit_c_matches_the_published_rules(answers, cutoff):
    total = answers[1] + answers[2] + answers[3]
    effective = 5 if cutoff is None else cutoff
    r = score("audit-c", answers, audit_c_cutoff=cutoff)
    assert r.total == total
    assert r.positive is (total >= effective)
    assert r.band == ("positive: complete the full AUDIT" if total >= effective else "lower risk")
    assert r.next_instrument == ("audit" if total >= effective else None)


@examples
@given(audit_c, full_audit)
def test_audit_c_answers_carry_into_the_audit_and_are_not_asked_twice(first, rest):
    combined = {**rest, 1: first[1], 2: first[2], 3: first[3]}
    total, order = audit_expected(combined)
    carried = carry_over("audit-c", "audit", first)
    assert carried == first
    asked = dict(carried)
    newly_asked = []
    while (n := next_item("audit", asked)) is not None:
        newly_asked.append(n)
        asked[n] = rest[n]
    assert newly_asked == [n for n in order if n > 3]
    r = score("audit", asked)
    assert (r.total, list(r.asked)) == (total, order)


# ------------------------------------------------------------ FAST

full_fast = st.fixed_dictionaries({1: FREQ, 2: FREQ, 3: FREQ, 4: HARM})


def fast_expected(a: dict[int, int]) -> tuple[int, bool, list[int]]:
    """Stage 1: "never" negative, "weekly"/"daily" positive, both stop on item 1 alone.
    Otherwise items 2-4; item 4 scores 0/2/4; 3 or more is positive."""
    if a[1] == 0:
        return 0, False, [1]
    if a[1] >= 3:
        return a[1], True, [1]
    total = a[1] + a[2] + a[3] + HARM_POINTS[a[4]]
    return total, total >= 3, [1, 2, 3, 4]


@examples
@given(full_fast, st.booleans())
def test_fast_matches_the_published_rules(answers, leave_out_unasked):
    total, positive, order = fast_expected(answers)
    given_answers = {n: answers[n] for n in order} if leave_out_unasked else answers
    r = score("fast", given_answers)
    assert (r.total, r.positive) == (total, positive)
    assert r.band == ("positive: complete the full AUDIT" if positive else "negative")
    asked: dict[int, int] = {}
    while (n := next_item("fast", asked)) is not None:
        asked[n] = answers[n]
    assert sorted(asked) == order


# ------------------------------------------------------------ DAST-10

DAST_BANDS = [
    (0, 0, "no problems reported"),
    (1, 2, "low"),
    (3, 5, "moderate"),
    (6, 8, "substantial"),
    (9, 10, "severe"),
]


@examples
@given(st.lists(st.booleans(), min_size=10, max_size=10))
def test_dast10_matches_the_published_rules(yes):
    answers = {n: int(said_yes) for n, said_yes in enumerate(yes, start=1)}  # no = 0, yes = 1
    total = sum(said_yes for n, said_yes in enumerate(yes, start=1) if n != 3) + (not yes[2])
    r = score("dast-10", answers)
    assert r.total == total
    assert r.band == band_of(total, DAST_BANDS)
    assert r.positive is (total >= 3)


# ------------------------------------------------------------ SADQ

SADQ_BANDS = [(0, 15, "mild"), (16, 30, "moderate"), (31, 60, "severe")]


@examples
@given(st.lists(st.integers(0, 3), min_size=20, max_size=20))
def test_sadq_matches_the_published_rules(indices):
    answers = dict(enumerate(indices, start=1))
    total = sum(indices)
    r = score("sadq", answers)
    assert r.total == total
    assert r.band == band_of(total, SADQ_BANDS)
    assert r.positive is (total >= 16)
    assert bool(r.flags) is (total >= 16)


# ------------------------------------------------------------ bad answers


OPTION_COUNTS = {
    "audit": {**{n: 5 for n in range(1, 9)}, 9: 3, 10: 3},
    "audit-c": {1: 5, 2: 5, 3: 5},
    "fast": {1: 5, 2: 5, 3: 5, 4: 3},
    "dast-10": {n: 2 for n in range(1, 11)},
    "sadq": {n: 4 for n in range(1, 21)},
}


@examples
@given(st.data())
def test_any_index_out_of_range_is_a_value_error_naming_the_item(data):
    iid = data.draw(st.sampled_from(sorted(OPTION_COUNTS)))
    counts = OPTION_COUNTS[iid]
    answers = {n: 0 for n in counts}
    item = data.draw(st.sampled_from(sorted(counts)))
    bad = data.draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=counts[item])))
    answers[item] = bad
    with pytest.raises(CaseworkerError, match=rf"item {item}: option index {bad} is out of range"):
        score(iid, answers)
