"""A finished screen opened in full (each answer with its score), and a positive short
screen's next step ("complete the full AUDIT") no longer shown once it is done."""

from __future__ import annotations

import uuid
from datetime import timedelta

from caseworker.people import clients
from caseworker.screening import (
    complete_parental,
    follow_up_of,
    get_screening,
    instruments,
    screening_answers,
    screening_summaries,
)
from caseworker.screening import sessions as screening

AUDIT_C_POSITIVE = {1: 3, 2: 1, 3: 1}  # 5: positive
AUDIT_REST = {4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0}


def _client(db, today) -> uuid.UUID:
    with db.session() as s:
        return clients.create_client(s, {"given_name": "Ada", "family_name": "Lovelace"},
                                     today).id  # fmt: skip


def _screen(db, client_id, instrument, answers, today, **kw) -> uuid.UUID:
    with db.session() as s:
        sid = screening.start(s, client_id, instrument, today, **kw).id
        for item, option in answers.items():
            screening.record_answer(s, sid, item, option)
        screening.complete(s, sid, today)
    return sid


def test_each_answer_with_its_words_and_score(db, today):
    ada = _client(db, today)
    sid = _screen(db, ada, "audit-c", AUDIT_C_POSITIVE, today, occasion="intake")
    inst = instruments.load("audit-c")
    with db.session() as s:
        items = screening_answers(s, sid)
    assert [i.label for i in items] == ["1", "2", "3"]
    first = inst.item(1)
    assert items[0].question == first.text
    assert (items[0].answer, items[0].score) == (first.options[3].label, first.options[3].score)
    assert sum(i.score or 0 for i in items) == 5


def test_items_a_rule_skipped_say_so(db, today):
    ada = _client(db, today)
    sid = _screen(db, ada, "fast", {1: 0}, today)  # "never": stage 1 negative, stop
    with db.session() as s:
        items = screening_answers(s, sid)
    assert items[0].score == 0
    assert {i.answer for i in items[1:]} == {"skipped"}
    assert all(i.score is None for i in items[1:])


def test_the_parental_screen_opens_with_its_answers_in_words(db, today):
    ada = _client(db, today)
    raw = {"occasion": "discharge", "parental_status": "not_a_parent", "storage": "safe"}
    with db.session() as s:
        sid = complete_parental(s, ada, raw, today).id
    with db.session() as s:
        answers = {i.question: i.answer for i in screening_answers(s, sid)}
    assert answers["Occasion"] == "Discharge"
    assert answers["Parental status"] == "Not a parent"
    assert answers["Storage of medication and substances"].startswith("Stored safely")
    assert answers["Client is pregnant"] == "no"


def _audit_c_result(db, ada) -> str:
    with db.session() as s:
        return next(r.result for r in screening_summaries(s, ada) if r.name == "AUDIT-C")


def test_the_next_step_goes_once_the_full_audit_is_done(db, today):
    ada = _client(db, today)
    sid = _screen(db, ada, "audit-c", AUDIT_C_POSITIVE, today)
    assert "complete the full AUDIT" in _audit_c_result(db, ada)
    with db.session() as s:
        full = screening.continue_into_full(s, sid, today)
        assert full is not None
        full_id = full.id
    # Under way: a draft, and it says so rather than the instruction.
    with db.session() as s:
        follow = follow_up_of(s, get_screening(s, sid))
        assert follow is not None and not follow.complete
    assert _audit_c_result(db, ada) == f"5 (positive) · full AUDIT started {today:%d/%m/%Y} (draft)"
    with db.session() as s:
        for item, option in AUDIT_REST.items():
            screening.record_answer(s, full_id, item, option)
        screening.complete(s, full_id, today)
    assert _audit_c_result(db, ada) == f"5 (positive) · full AUDIT done {today:%d/%m/%Y}"


def test_a_full_audit_screened_separately_later_also_answers_it(db, today):
    ada = _client(db, today)
    _screen(db, ada, "audit-c", AUDIT_C_POSITIVE, today - timedelta(days=7))
    assert "complete the full AUDIT" in _audit_c_result(db, ada)
    _screen(db, ada, "audit", {**AUDIT_C_POSITIVE, **AUDIT_REST}, today)
    assert "full AUDIT done" in _audit_c_result(db, ada)


def test_a_negative_screen_or_an_older_full_audit_changes_nothing(db, today):
    ada = _client(db, today)
    _screen(db, ada, "audit", {**AUDIT_C_POSITIVE, **AUDIT_REST}, today - timedelta(days=30))
    _screen(db, ada, "audit-c", AUDIT_C_POSITIVE, today)
    assert "complete the full AUDIT" in _audit_c_result(db, ada)
    bob = _client(db, today)
    neg = _screen(db, bob, "audit-c", {1: 1, 2: 0, 3: 0}, today)
    with db.session() as s:
        assert follow_up_of(s, get_screening(s, neg)) is None
