"""The screening-instrument engine: exact scores at every band edge, rules, carry-over,
clear errors for bad answers and for bad instrument files, and the local protocol."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from caseworker.content import instruments as instrument_files
from caseworker.content import protocol
from caseworker.content.instruments import load_file
from caseworker.content.protocol import Protocol
from caseworker.core.errors import CaseworkerError, ContentFileError
from caseworker.screening import instruments
from caseworker.screening.instruments import score, score_instrument

ALL = ["audit", "audit-c", "dast-10", "fast", "sadq"]


# ------------------------------------------------------------ answer builders


def audit(*indices: int) -> dict[int, int]:
    """AUDIT answers from the option indexes of items 1..10 in order."""
    assert len(indices) == 10
    return dict(enumerate(indices, start=1))


def dast(yes: set[int]) -> dict[int, int]:
    """DAST-10 answers: "yes" (index 1) to the items in `yes`, "no" (index 0) to the rest."""
    return {n: (1 if n in yes else 0) for n in range(1, 11)}


def sadq_with_total(total: int) -> dict[int, int]:
    answers = {}
    for n in range(1, 21):
        answers[n] = min(3, total)
        total -= answers[n]
    assert total == 0
    return answers


# ------------------------------------------------------------ the shipped files


def test_available_lists_the_five_scored_instruments_not_top():
    assert instruments.available() == ALL


def test_every_shipped_instrument_validates_with_its_links():
    loaded = instrument_files.validate_all()
    assert sorted(i.id for i in loaded) == ALL


PUBLISHED_SCORES = {
    # instrument: {item: option scores in published order}
    "audit": {
        **{n: (0, 1, 2, 3, 4) for n in range(1, 9)},
        9: (0, 2, 4),
        10: (0, 2, 4),
    },
    "audit-c": {n: (0, 1, 2, 3, 4) for n in (1, 2, 3)},
    "fast": {1: (0, 1, 2, 3, 4), 2: (0, 1, 2, 3, 4), 3: (0, 1, 2, 3, 4), 4: (0, 2, 4)},
    "dast-10": {n: ((1, 0) if n == 3 else (0, 1)) for n in range(1, 11)},
    "sadq": {n: (0, 1, 2, 3) for n in range(1, 21)},
}


@pytest.mark.parametrize("iid", ALL)
def test_option_scores_are_the_published_ones(iid):
    inst = instruments.load(iid)
    assert {i.number: i.scores for i in inst.items} == PUBLISHED_SCORES[iid]


def test_option_labels_follow_the_published_order():
    a = instruments.load("audit")
    assert [o.label for o in a.item(1).options] == [
        "Never",
        "Monthly or less",
        "2 to 4 times a month",
        "2 to 3 times a week",
        "4 or more times a week",
    ]
    assert [o.label for o in a.item(2).options] == [
        "0 to 2",
        "3 to 4",
        "5 to 6",
        "7 to 9",
        "10 or more",
    ]
    assert [o.label for o in a.item(9).options] == [
        "No",
        "Yes, but not in the last year",
        "Yes, during the last year",
    ]
    assert [o.label for o in instruments.load("dast-10").item(3).options] == ["No", "Yes"]
    assert [o.label for o in instruments.load("sadq").item(1).options] == [
        "Almost never",
        "Sometimes",
        "Often",
        "Nearly always",
    ]


def test_sadq_has_five_sections_of_four():
    sadq = instruments.load("sadq")
    assert len(sadq.sections) == 5
    for section in sadq.sections:
        assert len([i for i in sadq.items if i.section == section.id]) == 4


def test_top_data_file_ships_beside_the_instruments():
    assert (instrument_files.instruments_dir() / "top.json").is_file()


# ------------------------------------------------------------ AUDIT


@pytest.mark.parametrize(
    ("answers", "total", "band", "positive"),
    [
        (audit(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, "lower risk", False),
        (audit(2, 1, 1, 1, 1, 0, 1, 0, 0, 0), 7, "lower risk", False),
        (audit(2, 1, 1, 1, 1, 1, 1, 0, 0, 0), 8, "increasing risk", True),
        (audit(4, 4, 4, 3, 0, 0, 0, 0, 0, 0), 15, "increasing risk", True),
        (audit(4, 4, 4, 3, 1, 0, 0, 0, 0, 0), 16, "higher risk", True),
        (audit(4, 4, 4, 4, 3, 0, 0, 0, 0, 0), 19, "higher risk", True),
        (audit(4, 4, 4, 4, 4, 0, 0, 0, 0, 0), 20, "possible dependence", True),
        (audit(4, 4, 4, 4, 4, 4, 4, 4, 2, 2), 40, "possible dependence", True),
        # items 9-10 score 0 / 2 / 4
        (audit(3, 1, 1, 0, 0, 0, 0, 0, 1, 0), 7, "lower risk", False),
        (audit(3, 1, 1, 0, 0, 0, 0, 0, 1, 1), 9, "increasing risk", True),
        (audit(3, 1, 1, 0, 0, 0, 0, 0, 0, 2), 9, "increasing risk", True),
    ],
)
def test_audit_band_edges(answers, total, band, positive):
    r = score("audit", answers)
    assert (r.total, r.band, r.positive) == (total, band, positive)
    assert r.flags == (("possible dependence: refer for medical review",) if total >= 20 else ())


def test_audit_items_9_and_10_map_index_to_0_2_4():
    assert score("audit", {1: 0, 9: 1, 10: 0}).total == 2
    assert score("audit", {1: 0, 9: 0, 10: 1}).total == 2
    assert score("audit", {1: 0, 9: 2, 10: 0}).total == 4
    assert score("audit", {1: 0, 9: 2, 10: 2}).total == 8
    assert score("audit", {1: 0, 9: 1, 10: 2}).item_scores == {1: 0, 9: 2, 10: 4}


def test_audit_never_drinks_skips_items_2_to_8():
    r = score("audit", {1: 0, 9: 1, 10: 2})
    assert r.total == 6
    assert r.skipped == (2, 3, 4, 5, 6, 7, 8)
    assert r.asked == (1, 9, 10)
    assert r.rules_applied == ("never-drinks",)


def test_audit_answers_to_skipped_items_are_ignored_not_counted():
    answers = audit(0, 4, 4, 4, 4, 4, 4, 4, 0, 1)
    r = score("audit", answers)
    assert r.total == 2
    assert r.ignored == (2, 3, 4, 5, 6, 7, 8)


def test_audit_items_2_and_3_both_zero_skip_items_4_to_8():
    assert instruments.next_item("audit", {1: 2, 2: 0, 3: 0}) == 9
    r = score("audit", {1: 2, 2: 0, 3: 0, 9: 0, 10: 1})
    assert r.total == 4
    assert r.skipped == (4, 5, 6, 7, 8)
    assert r.rules_applied == ("no-consumption",)


def test_audit_item_3_above_zero_keeps_items_4_to_8():
    assert instruments.next_item("audit", {1: 2, 2: 0, 3: 1}) == 4
    with pytest.raises(CaseworkerError, match=r"items 4, 5, 6, 7, 8 are not answered"):
        score("audit", {1: 2, 2: 0, 3: 1, 9: 0, 10: 0})


def test_next_item_drives_the_audit_with_the_rules_applied_live():
    assert instruments.next_item("audit", {}) == 1
    assert instruments.next_item("audit", {1: 0}) == 9
    assert instruments.next_item("audit", {1: 0, 9: 0}) == 10
    assert instruments.next_item("audit", {1: 0, 9: 0, 10: 0}) is None
    assert instruments.next_item("audit", {1: 1}) == 2
    done = audit(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
    assert instruments.next_item("audit", done) is None
    p = instruments.progress("audit", {1: 1, 2: 1})
    assert (p.next_item, p.still_to_ask, p.complete) == (3, (3, 4, 5, 6, 7, 8, 9, 10), False)


# ------------------------------------------------------------ AUDIT-C and carry-over


@pytest.mark.parametrize(
    ("cutoff", "answers", "total", "positive"),
    [
        (None, {1: 2, 2: 1, 3: 1}, 4, False),
        (None, {1: 3, 2: 1, 3: 1}, 5, True),
        (4, {1: 1, 2: 1, 3: 1}, 3, False),
        (4, {1: 2, 2: 1, 3: 1}, 4, True),
        (6, {1: 3, 2: 1, 3: 1}, 5, False),
        (6, {1: 4, 2: 1, 3: 1}, 6, True),
        (None, {1: 0, 2: 0, 3: 0}, 0, False),
        (None, {1: 4, 2: 4, 3: 4}, 12, True),
        (12, {1: 4, 2: 4, 3: 3}, 11, False),
        (12, {1: 4, 2: 4, 3: 4}, 12, True),
        (1, {1: 0, 2: 0, 3: 0}, 0, False),
        (1, {1: 1, 2: 0, 3: 0}, 1, True),
    ],
)
def test_audit_c_cutoff_edges(cutoff, answers, total, positive):
    r = score("audit-c", answers, audit_c_cutoff=cutoff)
    assert (r.total, r.positive) == (total, positive)
    assert r.band == ("positive: complete the full AUDIT" if positive else "lower risk")
    assert r.cutoff == (cutoff or 5)


@pytest.mark.parametrize("bad", [0, 13, -1, True, "5"])
def test_audit_c_cutoff_out_of_range_is_a_clear_error(bad):
    with pytest.raises(CaseworkerError, match="cut-off"):
        score("audit-c", {1: 1, 2: 1, 3: 1}, audit_c_cutoff=bad)


def test_audit_c_cutoff_is_ignored_by_instruments_with_a_fixed_cutoff():
    assert score("audit", audit(2, 1, 1, 1, 1, 1, 1, 0, 0, 0), audit_c_cutoff=12).positive


def test_audit_c_cutoff_comes_from_the_local_protocol():
    # The service's own file, in the config folder (conftest gives each test an empty one).
    protocol.local_protocol_path().write_text("audit_c_cutoff = 6\n", encoding="utf-8")
    protocol.load_protocol.cache_clear()
    try:
        r = score("audit-c", {1: 3, 2: 1, 3: 1})
        assert (r.total, r.positive, r.cutoff) == (5, False, 6)
        assert score("audit-c", {1: 3, 2: 1, 3: 1}, audit_c_cutoff=5).positive
    finally:
        protocol.load_protocol.cache_clear()
    inst = instruments.load("audit-c")
    assert not score_instrument(
        inst, {1: 3, 2: 1, 3: 1}, protocol=Protocol(audit_c_cutoff=6)
    ).positive


def test_audit_c_positive_continues_into_audit_carrying_items_1_to_3():
    r = score("audit-c", {1: 3, 2: 2, 3: 1})
    assert r.positive and r.next_instrument == "audit"
    assert r.carried == {1: 3, 2: 2, 3: 1}
    carried = instruments.carry_over("audit-c", "audit", {1: 3, 2: 2, 3: 1})
    assert carried == {1: 3, 2: 2, 3: 1}
    assert instruments.still_to_ask("audit", carried) == [4, 5, 6, 7, 8, 9, 10]
    assert instruments.next_item("audit", carried) == 4
    full = score("audit", {**carried, 4: 1, 5: 0, 6: 0, 7: 1, 8: 0, 9: 0, 10: 1})
    assert full.total == 3 + 2 + 1 + 1 + 1 + 2
    assert full.asked == tuple(range(1, 11))


def test_audit_c_negative_suggests_nothing_further():
    r = score("audit-c", {1: 1, 2: 1, 3: 1})
    assert r.next_instrument is None and r.carried == {}
    assert "re-screen" in r.suggests


def test_carried_never_drinks_leaves_only_items_9_and_10():
    carried = instruments.carry_over("audit-c", "audit", {1: 0, 2: 0, 3: 0})
    assert instruments.still_to_ask("audit", carried) == [9, 10]


def test_fast_answers_carry_to_audit_items_3_5_8_10():
    assert instruments.carry_over("fast", "audit", {1: 1, 2: 2, 3: 3, 4: 2}) == {
        3: 1,
        5: 2,
        8: 3,
        10: 2,
    }
    assert instruments.carry_over("fast", "audit", {1: 4}) == {3: 4}
    assert instruments.carry_over("audit", "audit-c", audit(1, 2, 3, 0, 0, 0, 0, 0, 0, 0)) == {
        1: 1,
        2: 2,
        3: 3,
    }


def test_carry_over_between_unlinked_instruments_is_a_clear_error():
    with pytest.raises(CaseworkerError, match="do not carry over from 'sadq' to 'audit'"):
        instruments.carry_over("sadq", "audit", {})


# ------------------------------------------------------------ FAST


@pytest.mark.parametrize(
    ("answers", "total", "positive", "stopped_by"),
    [
        ({1: 0}, 0, False, "stage-1-negative"),
        ({1: 3}, 3, True, "stage-1-positive"),
        ({1: 4}, 4, True, "stage-1-positive"),
        ({1: 1, 2: 0, 3: 0, 4: 0}, 1, False, None),
        ({1: 2, 2: 0, 3: 0, 4: 0}, 2, False, None),
        ({1: 2, 2: 1, 3: 0, 4: 0}, 3, True, None),
        ({1: 1, 2: 0, 3: 0, 4: 1}, 3, True, None),
        ({1: 1, 2: 1, 3: 0, 4: 0}, 2, False, None),
        ({1: 2, 2: 4, 3: 4, 4: 2}, 14, True, None),
    ],
)
def test_fast_two_stages(answers, total, positive, stopped_by):
    r = score("fast", answers)
    assert (r.total, r.positive, r.stopped_by) == (total, positive, stopped_by)
    assert r.band == ("positive: complete the full AUDIT" if positive else "negative")
    assert r.next_instrument == ("audit" if positive else None)


def test_fast_stage_1_stops_without_items_2_to_4():
    assert instruments.next_item("fast", {1: 0}) is None
    assert instruments.next_item("fast", {1: 3}) is None
    assert instruments.next_item("fast", {1: 4}) is None
    assert instruments.next_item("fast", {1: 1}) == 2
    assert instruments.next_item("fast", {1: 2}) == 2
    r = score("fast", {1: 3, 2: 4, 3: 4, 4: 2})  # later answers are ignored after a stop
    assert (r.total, r.skipped, r.ignored) == (3, (2, 3, 4), (2, 3, 4))


def test_fast_stage_2_needs_items_2_to_4():
    with pytest.raises(CaseworkerError, match="items 2, 3, 4 are not answered"):
        score("fast", {1: 1})


# ------------------------------------------------------------ DAST-10


@pytest.mark.parametrize(
    ("yes", "total", "band", "positive"),
    [
        ({3}, 0, "no problems reported", False),
        (set(), 1, "low", False),  # "no" to item 3 (able to stop) scores 1
        ({1, 3}, 1, "low", False),
        ({1, 2, 3}, 2, "low", False),
        ({1, 2}, 3, "moderate", True),
        ({1, 2, 3, 4}, 3, "moderate", True),
        ({1, 2, 3, 4, 5, 6}, 5, "moderate", True),
        ({1, 2, 4, 5, 6}, 6, "substantial", True),
        ({1, 2, 4, 5, 6, 7, 8}, 8, "substantial", True),
        ({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 9, "severe", True),
        ({1, 2, 4, 5, 6, 7, 8, 9}, 9, "severe", True),
        ({1, 2, 4, 5, 6, 7, 8, 9, 10}, 10, "severe", True),
    ],
)
def test_dast10_band_edges_and_item_3_reversal(yes, total, band, positive):
    r = score("dast-10", dast(yes))
    assert (r.total, r.band, r.positive) == (total, band, positive)


def test_dast10_item_3_scores_on_no():
    assert score("dast-10", dast({3})).item_scores[3] == 0
    assert score("dast-10", dast(set())).item_scores[3] == 1


# ------------------------------------------------------------ SADQ


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "mild", False),
        (15, "mild", False),
        (16, "moderate", True),
        (30, "moderate", True),
        (31, "severe", True),
        (60, "severe", True),
    ],
)
def test_sadq_band_edges(total, band, positive):
    r = score("sadq", sadq_with_total(total))
    assert (r.total, r.band, r.positive) == (total, band, positive)
    flagged = ("possible dependence: refer for medical review",)
    assert r.flags == (flagged if total >= 16 else ())


# ------------------------------------------------------------ bad answers


def test_missing_required_item_names_it():
    answers = dast(set())
    del answers[7]
    with pytest.raises(CaseworkerError, match=r"DAST-10: item 7 is not answered"):
        score("dast-10", answers)


@pytest.mark.parametrize(
    ("iid", "answers", "message"),
    [
        ("audit", {1: 0, 9: 3, 10: 0}, r"AUDIT item 9: option index 3 is out of range \(0 to 2"),
        ("audit", {1: 5}, r"AUDIT item 1: option index 5 is out of range \(0 to 4"),
        ("audit-c", {1: -1, 2: 0, 3: 0}, r"item 1: option index -1 is out of range"),
        ("dast-10", {**dast(set()), 4: 2}, r"DAST-10 item 4: option index 2 is out of range"),
        ("sadq", {**sadq_with_total(0), 20: 4}, r"SADQ item 20: option index 4 is out of range"),
        ("fast", {1: 1, 2: 0, 3: 0, 4: 3}, r"FAST item 4: option index 3 is out of range"),
        ("audit", {**audit(*[0] * 10), 11: 0}, r"AUDIT has no item 11 \(its items are 1 to 10\)"),
        ("sadq", {0: 0}, r"SADQ has no item 0"),
        ("audit-c", {"1": 0, 2: 0, 3: 0}, r"keyed by item number"),
        ("audit-c", {1: 1.0, 2: 0, 3: 0}, r"must be an option index"),
        ("audit-c", {1: True, 2: 0, 3: 0}, r"must be an option index"),
        ("audit-c", [0, 0, 0], r"must be a mapping"),
    ],
)
def test_bad_answers_are_clear_value_errors(iid, answers, message):
    with pytest.raises(CaseworkerError, match=message):
        score(iid, answers)
    with pytest.raises(CaseworkerError, match=message):
        instruments.next_item(iid, answers)


def test_unknown_instrument_lists_the_available_ones():
    with pytest.raises(CaseworkerError, match="unknown instrument 'audt'; available: ") as err:
        score("audt", {})
    for iid in ALL:
        assert iid in str(err.value)
    with pytest.raises(CaseworkerError, match="unknown instrument 'top'"):
        instruments.load("top")
    with pytest.raises(CaseworkerError, match="unknown instrument"):
        instruments.load("../protocol")


# ------------------------------------------------------------ bad instrument files


@pytest.fixture
def raw_audit() -> dict:
    return json.loads((instrument_files.instruments_dir() / "audit.json").read_text("utf-8"))


@pytest.fixture
def raw_fast() -> dict:
    return json.loads((instrument_files.instruments_dir() / "fast.json").read_text("utf-8"))


def write(tmp_path: Path, raw: dict, name: str | None = None) -> Path:
    path = tmp_path / f"{name or raw['id']}.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def broken(raw: dict, change) -> dict:
    raw = copy.deepcopy(raw)
    change(raw)
    return raw


def _dup_item(r):
    r["items"][2]["number"] = 2


def _gap(r):
    r["bands"][1]["min"] = 9


def _overlap(r):
    r["bands"][1]["min"] = 7


def _short(r):
    r["bands"][-1]["max"] = 39


def _past_max(r):
    r["bands"][-1]["max"] = 41


def _below_zero(r):
    r["bands"][0]["min"] = -1


def _str_score(r):
    r["items"][0]["options"][1]["score"] = "1"


def _float_score(r):
    r["option_sets"]["harm"][1]["score"] = 2.0


def _bool_score(r):
    r["items"][1]["options"][1]["score"] = True


def _rule_unknown_item(r):
    r["rules"][0]["when"]["item"] = 11


def _rule_skips_unknown(r):
    r["rules"][0]["skip"].append(12)


def _rule_bad_option(r):
    r["rules"][0]["when"]["option_in"] = [5]


def _rule_skips_backwards(r):
    r["rules"][1]["skip"] = [2, 4]


def _rule_bad_kind(r):
    r["rules"][0]["kind"] = "jump"


def _rule_bad_when(r):
    r["rules"][0]["when"] = {"item": 1}


def _dup_rule(r):
    r["rules"][1]["id"] = r["rules"][0]["id"]


def _unknown_option_set(r):
    r["items"][3]["options"] = "frequncy"


def _typo_field(r):
    r["band"] = r.pop("bands")


def _missing_bands(r):
    del r["bands"]


def _missing_text(r):
    del r["items"][4]["text"]


def _one_option(r):
    r["items"][0]["options"] = r["items"][0]["options"][:1]


def _numbering(r):
    r["items"][9]["number"] = 11


def _unknown_section(r):
    r["items"][0]["section"] = "nowhere"


def _positive_at_range(r):
    r["positive_at"] = 41


def _positive_at_setting(r):
    r["positive_at"] = {"config": "audit_cutoff"}


def _positive_at_text_setting(r):
    r["positive_at"] = {"config": "vocabulary"}  # a protocol setting, but words, not a number


def _band_token(r):
    r["bands"][0]["max"] = "cutoff"


def _flag_range(r):
    r["flags"][0]["min"] = 50


def _carry_unknown_item(r):
    r["carries_to"]["fast"] = {"11": 1}


def _kind(r):
    r["kind"] = "outcome-profile"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_dup_item, "duplicate item number 2"),
        (_gap, "bands leave a gap: no band covers totals 8 to 8"),
        (_overlap, "band 'increasing risk' (7-15) overlaps the band before it, which ends at 7"),
        (_short, "no band covers totals 40 to 40"),
        (_past_max, "bands run past the highest possible total 40"),
        (_below_zero, "starts at -1, below the lowest possible total 0"),
        (_str_score, "item 1 option 1 score must be a whole number, got '1'"),
        (_float_score, "option set 'harm' option 1 score must be a whole number, got 2.0"),
        (_bool_score, "score must be a whole number, got True"),
        (_rule_unknown_item, "rule 'never-drinks' refers to item 11, which does not exist"),
        (_rule_skips_unknown, "rule 'never-drinks' skips item 12, which does not exist"),
        (_rule_bad_option, "refers to option 5 of item 1, which has options 0 to 4"),
        (_rule_skips_backwards, "skips item 2, which does not come after"),
        (_rule_bad_kind, "kind must be 'skip' or 'stop', got 'jump'"),
        (_rule_bad_when, "'when' must be"),
        (_dup_rule, "duplicate rule id 'never-drinks'"),
        (_unknown_option_set, "item 4 uses unknown option set 'frequncy'"),
        (_typo_field, "unknown field(s) 'band'"),
        (_missing_bands, "missing the field 'bands'"),
        (_missing_text, "items[4] is missing the field 'text'"),
        (_one_option, "item 1 must offer at least two options"),
        (_numbering, "items must be numbered 1 to 10 in order"),
        (_unknown_section, "item 1 is in unknown section 'nowhere'"),
        (_positive_at_range, "positive_at must be 1 to 40"),
        (_positive_at_setting, "unknown protocol setting 'audit_cutoff'"),
        (_positive_at_text_setting, "unknown protocol setting 'vocabulary'"),
        (_band_token, "must be a whole number or one of 'positive_at', 'positive_at - 1'"),
        (_flag_range, "flags[0] min must be 0 to 40"),
        (_carry_unknown_item, "carries_to 'fast' maps from '11', which is not an item here"),
        (_kind, "kind must be 'screening'"),
    ],
)
def test_malformed_instrument_file_names_the_file_and_the_problem(
    tmp_path, raw_audit, change, problem
):
    path = write(tmp_path, broken(raw_audit, change))
    with pytest.raises(ContentFileError) as err:
        load_file(path)
    assert isinstance(err.value, CaseworkerError)
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_stop_rule_outcome_must_agree_with_the_cutoff(tmp_path, raw_fast):
    def monthly_is_positive(r):
        r["rules"][1]["when"]["option_in"] = [2, 3, 4]

    path = write(tmp_path, broken(raw_fast, monthly_is_positive))
    with pytest.raises(ContentFileError, match="says positive, but it can stop at a total of 2"):
        load_file(path)


def test_follow_on_needs_a_carry_over_mapping(tmp_path, raw_fast):
    path = write(tmp_path, broken(raw_fast, lambda r: r.pop("carries_to")))
    with pytest.raises(ContentFileError, match="follow_on names 'audit'"):
        load_file(path)


def test_unreadable_files_are_clear_errors(tmp_path, raw_audit):
    bad = tmp_path / "audit.json"
    bad.write_text('{"id": "audit",', encoding="utf-8")
    with pytest.raises(ContentFileError, match=r"audit.json: is not valid JSON \(line 1"):
        load_file(bad)
    with pytest.raises(ContentFileError, match="file not found"):
        load_file(tmp_path / "nothing.json")
    renamed = write(tmp_path, raw_audit, name="other")
    with pytest.raises(ContentFileError, match="id 'audit' does not match the file name"):
        load_file(renamed)


@pytest.fixture
def local_instruments(tmp_path, monkeypatch):
    """A copy of the shipped instruments folder that a test may break."""
    folder = tmp_path / "instruments"
    shutil.copytree(instrument_files.instruments_dir(), folder)
    monkeypatch.setattr(instrument_files, "instruments_dir", lambda: folder)
    instruments.clear_cache()
    yield folder
    instruments.clear_cache()


def test_a_broken_shipped_file_is_reported_by_load(local_instruments):
    path = local_instruments / "sadq.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["bands"][1]["max"] = 29
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(
        ContentFileError, match=r"sadq.json: bands leave a gap: no band covers totals 30 to 30"
    ):
        score("sadq", sadq_with_total(0))
    assert score("dast-10", dast({3})).total == 0  # the other instruments still work


def test_carry_over_to_an_item_with_different_options_is_caught(local_instruments):
    path = local_instruments / "fast.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["carries_to"]["audit"]["4"] = 2
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ContentFileError, match="maps item 4 to item 2, but their options score"):
        instrument_files.validate_all()
    with pytest.raises(ContentFileError, match=r"fast\.json"):
        instruments.carry_over("fast", "audit", {1: 1})


def test_validate_all_catches_a_follow_on_to_a_missing_instrument(local_instruments):
    (local_instruments / "audit.json").unlink()
    with pytest.raises(ContentFileError, match="refers to instrument 'audit', which does not"):
        instrument_files.validate_all()
