"""The caseload review's figures against a caseload with known counts (tests/supervision/
known_caseload.py): every figure's count and exact clients, each drill-down as long as its
count, children counted once each, the boundaries (due today is not overdue, due in
exactly 7 days is within the week, exactly N days without contact is not yet "no
contact"), the whole caseload, and the cases a supervisor must decide on."""

from __future__ import annotations

import json
import uuid

import pytest
from known_caseload import NOW, TODAY, Built, ago, build

from caseworker.content import load_protocol
from caseworker.core.errors import NotFound, ValidationFailed
from caseworker.people import clients
from caseworker.screening import complete_parental
from caseworker.supervision import (
    FIGURE_KEYS,
    FIGURES,
    WHOLE_CASELOAD,
    caseload_review,
    cases_needing_decision,
)

# The keys the issue names: the pack and the screens rely on them.
NAMED_KEYS = {
    "parents_total", "parents_all_live_with", "parents_some_live_with",
    "parents_none_live_with", "parental_status_not_asked", "parental_status_declined",
    "children_none", "children_early_help", "children_child_in_need", "children_cp_plan",
    "children_looked_after", "unborn_children", "pregnant_clients", "young_carers",
    "never_screened", "rescreen_overdue", "precaf_due", "precaf_overdue",
    "assessment_past_4_weeks", "assessment_past_6_weeks", "assessment_without_home_visit",
    "verbal_referral_unconfirmed", "referral_without_feedback", "review_overdue",
    "review_due_7_days", "no_contact", "visit_not_signed_off", "missed_check_in",
    "open_concerns",
}  # fmt: skip

# Each client figure: the letters of the clients behind it (tests/supervision/known_caseload.py).
CLIENT_FIGURES = {
    "parents_total": "ABCHIJKL",
    "parents_all_live_with": "AHIK",
    "parents_some_live_with": "BJ",
    "parents_none_live_with": "CL",
    "parents_no_children_registered": "HL",  # still parents: the register lags
    "parental_status_not_asked": "D",
    "parental_status_declined": "E",
    "pregnant_clients": "G",
    "never_screened": "ADEIJKLMNOPQ",
    "rescreen_overdue": "F",  # C's is due today: not overdue
    "precaf_due": "BGH",
    "precaf_overdue": "H",
    "assessment_past_4_weeks": "IJ",
    "assessment_past_6_weeks": "I",
    "assessment_without_home_visit": "I",
    "verbal_referral_unconfirmed": "K",
    "csc_referral_not_made": "",
    "referral_without_feedback": "KL",
    "referral_chase_overdue": "L",
    "review_overdue": "M",
    "review_due_7_days": "N",  # O's is in 8 days
    # Last contact: C 91 days ago, F 92, H 40 (screens), M 35 (a review attended).
    "no_contact": "CFHM",
    "visit_not_signed_off": "Q",
    "missed_check_in": "P",
    "open_concerns": "IJK",  # open assessments (I, J); a CSC referral awaiting its outcome
}
# Each children's figure: the children behind it (their clients follow from them).
CHILD_FIGURES = {
    "children_total": ["A1", "A2", "B1", "B2", "C1", "G1", "I1", "J1", "J2", "K1"],
    "children_none": ["B1", "G1", "J2"],
    "children_early_help": ["A2", "J1"],
    "children_child_in_need": ["B2", "I1", "K1"],
    "children_cp_plan": ["A1"],
    "children_looked_after": ["C1"],
    "unborn_children": ["G1"],
    "young_carers": ["A2"],
}


@pytest.fixture
def built(db) -> Built:
    made = build(db)
    with db.session() as s:
        # G's unborn child was added by the parental screen, not by name.
        [unborn] = [c for c in clients_children(s, made.clients["G"]) if c.unborn]
        made.children["G1"] = unborn.id
    return made


def clients_children(s, client_id: uuid.UUID):
    from caseworker.people import children_of

    return children_of(s, client_id)


def review_of(db, worker_id, **kw):
    with db.session() as s:
        return caseload_review(s, worker_id, TODAY, now=NOW, **kw)


def test_the_figures_have_stable_keys_labels_and_groups():
    assert NAMED_KEYS <= set(FIGURE_KEYS)
    assert len(FIGURE_KEYS) == len(set(FIGURE_KEYS))
    assert set(FIGURE_KEYS) == set(CLIENT_FIGURES) | set(CHILD_FIGURES)  # every one tested
    for d in FIGURES:
        assert d.label and d.label[0].isupper()
        assert d.counts_children == (d.key in CHILD_FIGURES)


def test_every_figure_counts_exactly_the_clients_behind_it(db, built):
    review = review_of(db, db.worker_id)
    assert review.worker_name == "Sam Worker"
    assert list(review.figures) == list(FIGURE_KEYS)
    for key, letters in CLIENT_FIGURES.items():
        fig = review.figures[key]
        assert built.letters(fig.client_ids) == letters, key
        assert fig.count == len(letters) == len(fig.client_ids), key
        assert fig.child_ids == (), key
    for key, names in CHILD_FIGURES.items():
        fig = review.figures[key]
        assert set(fig.child_ids) == built.k(*names), key
        assert fig.count == len(names) == len(fig.child_ids), key
        assert set(fig.client_ids) == built.c(*{n[0] for n in names}), key
        assert len(fig.client_ids) == len(set(fig.client_ids)), key


def test_children_are_counted_once_each_and_the_help_figures_split_them(db, built):
    review = review_of(db, db.worker_id)
    help_keys = ["children_none", "children_early_help", "children_child_in_need",
                 "children_cp_plan", "children_looked_after"]  # fmt: skip
    split = [c for k in help_keys for c in review.figures[k].child_ids]
    assert sorted(split, key=str) == sorted(review.figures["children_total"].child_ids, key=str)
    assert len(split) == len(set(split)) == 10
    # Ada's two children, at two levels of help: she is behind both figures, once each.
    ada = built.clients["A"]
    assert review.figures["children_cp_plan"].client_ids == (ada,)
    assert review.figures["children_total"].client_ids.count(ada) == 1
    assert review.figures["children_total"].count == 10
    assert len(review.figures["children_total"].client_ids) == 7


def test_the_drill_down_of_each_figure_lists_as_many_clients_as_it_counts(db, built):
    review = review_of(db, db.worker_id)
    data = json.loads(json.dumps(review.to_json()))
    assert set(data["figures"]) == set(FIGURE_KEYS)
    for key, fig in data["figures"].items():
        listed = fig["child_ids"] if key in CHILD_FIGURES else fig["client_ids"]
        assert fig["count"] == len(listed) == review.figures[key].count, key
        assert fig["client_ids"] == [str(c) for c in review.figures[key].client_ids]
    assert data["clients_reviewed"] == 17  # A to Q: the closed case and Pat's left out
    assert data["worker_id"] == str(db.worker_id)
    assert data["no_contact"] == "28 days"


def test_the_lists_are_in_the_caseload_order(db, built):
    review = review_of(db, db.worker_id)
    letters = "ABCDEFGHIJKLMNOPQ"
    assert review.client_ids == tuple(built.clients[x] for x in letters)
    assert review.figures["parents_total"].client_ids == tuple(built.clients[x] for x in "ABCHIJKL")


def test_closed_cases_and_other_workers_clients_are_left_out_and_the_whole_caseload_has_them(
    db, built
):
    mine = review_of(db, db.worker_id)
    theirs = review_of(db, built.other_worker)
    everyone = review_of(db, None)
    s_client, r_client = built.clients["S"], built.clients["R"]
    assert s_client not in mine.client_ids and r_client not in mine.client_ids
    assert theirs.worker_name == "Pat Other"
    assert theirs.client_ids == (s_client,)
    assert theirs.figures["children_cp_plan"].child_ids == (built.children["S1"],)
    assert everyone.worker_name == WHOLE_CASELOAD
    assert set(everyone.client_ids) == set(mine.client_ids) | {s_client}
    cp = everyone.figures["children_cp_plan"]
    assert set(cp.child_ids) == built.k("A1", "S1")  # never the closed case's child
    assert everyone.figures["parents_total"].count == mine.figures["parents_total"].count + 1


def test_a_worker_not_on_the_caseload_is_refused(db, built):
    with db.session() as s, pytest.raises(NotFound, match="worker"):
        caseload_review(s, uuid.uuid4(), TODAY)


def test_equality_monitoring_counts_clients_without_naming_them(db, built):
    review = review_of(db, db.worker_id)
    assert review.equality["ethnicity"] == {
        "Black Caribbean": 1, "Not recorded": 15, "White British": 1,
    }  # fmt: skip
    # The form leaves a language not given blank: not recorded, not assumed English.
    assert review.equality["language"] == {"Not recorded": 16, "Polish": 1}
    assert review.equality["interpreter"] == {"Interpreter needed": 1, "No interpreter": 16}
    text = json.dumps(review.to_json()["equality"])
    assert "client" not in text.lower() and str(built.clients["C"]) not in text


def test_no_contact_counts_from_the_day_after_n_days(db):
    with db.session() as s:
        ids = {}
        for days in (27, 28, 29):
            client = clients.create_client(
                s, {"given_name": "Kim", "family_name": f"Day{days}"}, TODAY
            )
            complete_parental(s, client.id, {"parental_status": "not_a_parent"}, ago(days))
            ids[days] = client.id
        untouched = clients.create_client(s, {"given_name": "New", "family_name": "Client"}, TODAY)
    review = review_of(db, db.worker_id)
    # 28 days since the last contact is the day contact was due, not yet missed.
    assert set(review.figures["no_contact"].client_ids) == {ids[29]}
    # A client with nothing recorded counts from the day they were added: not flagged.
    assert untouched.id not in review.figures["no_contact"].client_ids
    given = review_of(db, db.worker_id, no_contact_days=27)
    assert set(given.figures["no_contact"].client_ids) == {ids[28], ids[29]}
    assert given.to_json()["no_contact"] == "27 days"
    # The protocol's rule is the local setting: a service may change it.
    shorter = load_protocol().with_rules(no_contact="4 weeks")
    assert review_of(db, db.worker_id, protocol=shorter).figures["no_contact"].count == 1
    weekly = load_protocol().with_rules(no_contact="1 week")
    assert review_of(db, db.worker_id, protocol=weekly).figures["no_contact"].count == 3


@pytest.mark.parametrize("days", [0, -3, 1.5, "28", True])
def test_a_no_contact_threshold_that_is_not_whole_days_is_refused(db, days):
    with db.session() as s, pytest.raises(ValidationFailed, match="whole number of days"):
        caseload_review(s, None, TODAY, no_contact_days=days)


def test_the_cases_needing_decision_come_most_at_risk_first(db, built):
    review = review_of(db, db.worker_id)
    cases = cases_needing_decision(review)
    by_client = {c.client_id: c for c in cases}
    assert [c.rank for c in cases] == list(range(1, len(cases) + 1))
    # Urgent first: a child on a plan (A), a verbal CSC referral not confirmed (K), a
    # missed check-in (P); K is named by the most figures.
    urgent = [c.client_id for c in cases if c.tier == 0]
    assert set(urgent) == built.c("A", "K", "P")
    assert [c.client_id for c in cases[:3]] == urgent
    assert cases[0].client_id == built.clients["K"]
    # Then whatever is overdue, then the rest.
    overdue = {c.client_id for c in cases if c.tier == 1}
    assert overdue == built.c("F", "H", "I", "J", "L", "M")
    assert [c.tier for c in cases] == sorted(c.tier for c in cases)
    k = by_client[built.clients["K"]]
    # The most pressing reason first (urgent, overdue, then the rest, each in FIGURES' order).
    assert k.keys == ("verbal_referral_unconfirmed", "open_concerns",
                      "never_screened", "referral_without_feedback")  # fmt: skip
    assert k.reasons[0] == "Verbal referral to CSC not confirmed in writing"
    # O is there only for never having been screened (its review is 8 days off).
    assert by_client[built.clients["O"]].keys == ("never_screened",)


def test_descriptive_figures_alone_put_no_one_before_the_supervisor(db, built):
    from caseworker.supervision import CaseloadReview, Figure

    review = review_of(db, db.worker_id)
    only_parents = {
        k: (f if k in {"parents_total", "children_none"} else Figure(f.key, f.label, f.group, ()))
        for k, f in review.figures.items()
    }
    assert review.figures["parents_total"].count == 8
    cut = CaseloadReview(review.worker_id, review.worker_name, TODAY, only_parents,
                         client_ids=review.client_ids)  # fmt: skip
    assert cases_needing_decision(cut) == []


def test_an_empty_caseload_has_every_figure_at_nought(db):
    review = review_of(db, db.worker_id)
    assert review.clients_reviewed == 0
    assert all(f.count == 0 and f.client_ids == () for f in review.figures.values())
    assert cases_needing_decision(review) == []
    assert review.to_json()["figures"]["parents_total"] == {"count": 0, "client_ids": []}
