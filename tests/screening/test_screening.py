"""The screening service as a worker drives it: drafts saved answer by answer, resumed
rather than lost, scored on completion, and the triggers that follow (re-screen date,
medical review, the full AUDIT after a positive AUDIT-C)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseworker import agenda
from caseworker.caseload import page as caseload
from caseworker.content.protocol import load_protocol
from caseworker.core.errors import CaseworkerError, NotFound
from caseworker.diary import DueKind
from caseworker.people import clients
from caseworker.screening import instruments, parental
from caseworker.screening import sessions as screening
from caseworker.store.models import DueItem, Screening, TrailEvent
from caseworker.store.trail import verify_chain
from screens.wording import due_short

# Totals chosen at the edges of the triggers (option index == score for these items).
AUDIT_20 = {1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0}
AUDIT_19 = {1: 4, 2: 4, 3: 4, 4: 4, 5: 3, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0}
AUDIT_LOW = {1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0}  # total 3
SADQ_16 = {n: (3 if n <= 5 else 1 if n == 6 else 0) for n in range(1, 21)}
SADQ_15 = {n: (3 if n <= 5 else 0) for n in range(1, 21)}
AUDIT_C_5 = {1: 3, 2: 1, 3: 1}
AUDIT_C_4 = {1: 2, 2: 1, 3: 1}


def new_client(db, today, given: str = "Ada", family: str = "Lovelace") -> uuid.UUID:
    with db.session() as s:
        return clients.create_client(s, {"given_name": given, "family_name": family}, today).id


def start(db, client_id, instrument: str, today: date, **kw) -> uuid.UUID:
    with db.session() as s:
        return screening.start(s, client_id, instrument, today, **kw).id


def answer(db, screening_id, answers: dict[int, int]) -> instruments.Progress:
    """Each answer in its own unit of work, as a screen saves them."""
    progress = None
    for item, option in answers.items():
        with db.session() as s:
            progress = screening.record_answer(s, screening_id, item, option)
    assert progress is not None
    return progress


def screen(db, client_id, instrument: str, answers: dict[int, int], today: date):
    sid = start(db, client_id, instrument, today)
    answer(db, sid, answers)
    with db.session() as s:
        result = screening.complete(s, sid, today)
    return sid, result


def stored(db, screening_id) -> Screening:
    with db.session() as s:
        return s.get(Screening, screening_id)


def due_items(db, client_id, kind: str) -> list[DueItem]:
    """The stored (derived) rows of one kind: every row is open."""
    with db.session() as s:
        stmt = select(DueItem).where(DueItem.client_id == client_id, DueItem.kind == kind)
        return list(s.scalars(stmt.order_by(DueItem.due_on)))


def screenings_of(db, client_id) -> list[Screening]:
    with db.session() as s:
        return list(s.scalars(select(Screening).where(Screening.client_id == client_id)))


def test_protocol_defaults_these_tests_rely_on():
    protocol = load_protocol()
    assert str(protocol.rule("rescreen")) == "91 days"
    assert protocol.audit_c_cutoff == 5


# ---- drafts ------------------------------------------------------------------------------


def test_start_creates_a_draft(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today, occasion="intake")
    row = stored(db, sid)
    assert row.client_id == ada
    assert (row.instrument, row.occasion, row.status) == ("audit", "intake", "draft")
    assert row.answers == {}
    assert row.started_on == today
    assert row.completed_on is None and row.total is None and row.positive is None


def test_start_again_resumes_the_same_draft(db, today):
    ada = new_client(db, today)
    first = start(db, ada, "audit", today)
    answer(db, first, {1: 2})
    again = start(db, ada, "audit", today + timedelta(days=3))
    assert again == first
    assert len(screenings_of(db, ada)) == 1
    assert stored(db, again).answers == {"1": 2}


def test_a_draft_is_per_client_and_per_instrument(db, today):
    ada = new_client(db, today)
    bob = new_client(db, today, "Bob", "Jones")
    audit = start(db, ada, "audit", today)
    assert start(db, ada, "sadq", today) != audit
    assert start(db, bob, "audit", today) != audit
    assert start(db, ada, "audit", today) == audit


def test_unknown_instrument_is_refused_listing_the_available_ones(db, today):
    ada = new_client(db, today)
    with pytest.raises(CaseworkerError) as err:
        start(db, ada, "cage", today)
    message = str(err.value)
    assert "cage" in message
    for known in ("audit", "audit-c", "sadq", "dast-10", "fast"):
        assert known in message
    assert screenings_of(db, ada) == []


def test_unknown_occasion_is_refused(db, today):
    ada = new_client(db, today)
    with pytest.raises(CaseworkerError, match="occasion"):
        start(db, ada, "audit", today, occasion="lunchtime")
    assert screenings_of(db, ada) == []


def test_unknown_client_is_refused(db, today):
    with pytest.raises(NotFound):
        start(db, uuid.uuid4(), "audit", today)


# ---- answers -----------------------------------------------------------------------------


def test_each_answer_is_saved_at_once(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today)
    with db.session() as s:
        screening.record_answer(s, sid, 1, 3)
    assert stored(db, sid).answers == {"1": 3}
    with db.session() as s:
        screening.record_answer(s, sid, 2, 1)
    assert stored(db, sid).answers == {"1": 3, "2": 1}
    # Changing an answer replaces it.
    with db.session() as s:
        screening.record_answer(s, sid, 1, 2)
    assert stored(db, sid).answers == {"1": 2, "2": 1}


def test_record_answer_returns_the_next_item(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today)
    with db.session() as s:
        progress = screening.record_answer(s, sid, 1, 2)
    assert progress.next_item == 2
    assert progress.asked == (1,)
    assert not progress.complete


def test_audit_never_drinks_skips_to_item_9(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today)
    with db.session() as s:
        progress = screening.record_answer(s, sid, 1, 0)  # "Never"
    assert progress.next_item == 9
    assert progress.skipped == (2, 3, 4, 5, 6, 7, 8)
    assert progress.still_to_ask == (9, 10)
    progress = answer(db, sid, {9: 0, 10: 0})
    assert progress.complete and progress.next_item is None
    with db.session() as s:
        result = screening.complete(s, sid, today)
    assert (result.total, result.band, result.positive) == (0, "lower risk", False)


@pytest.mark.parametrize(("item", "option"), [(2, 5), (9, 3), (2, -1), (11, 0), (0, 0)])
def test_a_bad_answer_is_refused_and_nothing_is_saved(db, today, item, option):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today)
    answer(db, sid, {1: 2, 2: 1})
    # The caller may catch the error and carry on: the session still commits.
    with db.session() as s:
        with pytest.raises(CaseworkerError):
            screening.record_answer(s, sid, item, option)
    assert stored(db, sid).answers == {"1": 2, "2": 1}
    # And if the error escapes, the unit of work rolls back with it.
    with pytest.raises(CaseworkerError):
        with db.session() as s:
            screening.record_answer(s, sid, item, option)
    assert stored(db, sid).answers == {"1": 2, "2": 1}


def test_out_of_range_message_names_the_item_and_the_choices(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today)
    with pytest.raises(CaseworkerError, match=r"item 9: option index 3 is out of range \(0 to 2"):
        with db.session() as s:
            screening.record_answer(s, sid, 9, 3)


def test_answering_a_completed_screening_is_refused(db, today):
    ada = new_client(db, today)
    sid, _ = screen(db, ada, "audit", AUDIT_LOW, today)
    with pytest.raises(CaseworkerError, match="complete"):
        with db.session() as s:
            screening.record_answer(s, sid, 1, 4)
    row = stored(db, sid)
    assert row.answers["1"] == 1
    assert row.total == 3


# ---- an abandoned draft ----------------------------------------------------------------


def test_a_draft_abandoned_half_way_never_counts(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit", today)
    answer(db, sid, {1: 3, 2: 2, 3: 1})
    with pytest.raises(CaseworkerError, match=r"\b4\b"):
        with db.session() as s:
            screening.complete(s, sid, today)
    row = stored(db, sid)
    assert row.status == "draft"
    assert row.completed_on is None and row.total is None and row.band == ""
    assert row.positive is None and row.flags == []
    assert row.answers == {"1": 3, "2": 2, "3": 1}  # kept for resuming
    assert due_items(db, ada, "rescreen") == []
    with db.session() as s:
        assert agenda.due_items(s, ada) == []


def test_complete_names_the_missing_items(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit-c", today)
    answer(db, sid, {1: 1, 3: 0})
    with pytest.raises(CaseworkerError, match=r"item 2 is not answered"):
        with db.session() as s:
            screening.complete(s, sid, today)


def test_a_resumed_draft_completes(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit-c", today)
    answer(db, sid, {1: 1})
    later = today + timedelta(days=2)
    resumed = start(db, ada, "audit-c", later)
    assert resumed == sid
    with db.session() as s:
        row = s.get(Screening, resumed)
        progress = instruments.progress("audit-c", screening.answers_of(row))
    assert progress.next_item == 2
    answer(db, resumed, {2: 1, 3: 1})
    with db.session() as s:
        result = screening.complete(s, resumed, later)
    assert result.total == 3
    assert stored(db, sid).completed_on == later


# ---- completing ----------------------------------------------------------------------------


def test_complete_stores_the_score(db, today):
    ada = new_client(db, today)
    sid, result = screen(db, ada, "audit", AUDIT_20, today)
    assert (result.total, result.band, result.positive) == (20, "possible dependence", True)
    row = stored(db, sid)
    assert row.status == "complete"
    assert row.completed_on == today
    assert row.total == 20
    assert row.band == "possible dependence"
    assert row.positive is True
    assert row.flags == ["possible dependence: refer for medical review"]


def test_complete_twice_is_refused(db, today):
    ada = new_client(db, today)
    sid, _ = screen(db, ada, "audit", AUDIT_LOW, today)
    with pytest.raises(CaseworkerError, match="already complete"):
        with db.session() as s:
            screening.complete(s, sid, today + timedelta(days=1))
    assert stored(db, sid).completed_on == today


def parental_screen(db, client_id, today) -> None:
    with db.session() as s:
        parental.complete_parental(s, client_id, {"parental_status": "not_a_parent"}, today)


def test_the_parental_screen_sets_the_rescreen_date(db, today):
    ada = new_client(db, today)
    parental_screen(db, ada, today)
    [item] = due_items(db, ada, "rescreen")
    assert today == date(2026, 11, 23)
    assert item.due_on == date(2027, 2, 22)  # today + 91 days
    with db.session() as s:
        [due] = agenda.due_items(s, ada)
    assert (due.kind, due.due_on, due.source_id) == (DueKind.RESCREEN, item.due_on, item.source_id)


def test_an_instrument_alone_does_not_move_the_rescreen(db, today):
    ada = new_client(db, today)
    parental_screen(db, ada, today)
    screen(db, ada, "audit-c", AUDIT_C_4, date(2027, 3, 23))  # 120 days on
    [item] = due_items(db, ada, "rescreen")
    assert item.due_on == date(2027, 2, 22)  # still due, and now overdue


def test_the_rescreen_date_counts_the_leap_day(db):
    today = date(2027, 12, 1)
    ada = new_client(db, today)
    parental_screen(db, ada, today)
    [item] = due_items(db, ada, "rescreen")
    assert item.due_on == date(2028, 3, 1)  # 91 days on, through 29/02/2028


def test_a_new_parental_screen_moves_the_rescreen_on(db, today):
    ada = new_client(db, today)
    parental_screen(db, ada, today)
    [first] = due_items(db, ada, "rescreen")
    later = date(2027, 2, 20)
    parental_screen(db, ada, later)
    [moved] = due_items(db, ada, "rescreen")
    assert moved.id == first.id  # the same row, moved: the trail shows from and to
    assert moved.due_on == later + timedelta(days=91) == date(2027, 5, 22)
    with db.session() as s:
        [update] = s.scalars(
            select(TrailEvent).where(
                TrailEvent.entity_id == str(first.id), TrailEvent.action == "update"
            )
        )
    assert update.changes["due_on"] == {"from": "2027-02-22", "to": "2027-05-22"}


@pytest.mark.parametrize(
    ("instrument", "answers", "reviews"),
    [("audit", AUDIT_20, 1), ("audit", AUDIT_19, 0), ("sadq", SADQ_16, 1), ("sadq", SADQ_15, 0)],
)
def test_possible_dependence_asks_for_a_medical_review(db, today, instrument, answers, reviews):
    ada = new_client(db, today)
    _, result = screen(db, ada, instrument, answers, today)
    assert result.total == sum(answers.values())  # 20/19 or 16/15
    items = due_items(db, ada, "medical_review")
    assert len(items) == reviews
    if reviews:
        assert items[0].due_on == today
        assert result.flags


def test_medical_review_is_not_duplicated(db, today):
    ada = new_client(db, today)
    screen(db, ada, "audit", AUDIT_20, today)
    screen(db, ada, "sadq", SADQ_16, today)
    screen(db, ada, "audit", AUDIT_20, today + timedelta(days=7))
    [review] = due_items(db, ada, "medical_review")
    assert review.due_on == today  # from the first screening that flagged it


# ---- AUDIT-C into the full AUDIT ---------------------------------------------------------


def test_positive_audit_c_continues_into_the_full_audit(db, today):
    ada = new_client(db, today)
    sid, result = screen(db, ada, "audit-c", AUDIT_C_5, today)
    assert (result.total, result.positive) == (5, True)
    with db.session() as s:
        full = screening.continue_into_full(s, sid, today)
        assert full is not None
        full_id = full.id
    row = stored(db, full_id)
    assert row.instrument == "audit"
    assert row.status == "draft"
    assert row.follows_id == sid
    assert screening.answers_of(row) == AUDIT_C_5
    progress = instruments.progress("audit", screening.answers_of(row))
    assert progress.next_item == 4
    assert progress.asked == (1, 2, 3)
    # Asking for the full AUDIT again resumes the same draft.
    with db.session() as s:
        assert screening.continue_into_full(s, sid, today).id == full_id
    # Answering the rest completes it: items 1-3 were never asked twice.
    answer(db, full_id, {4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0})
    with db.session() as s:
        full_result = screening.complete(s, full_id, today)
    assert full_result.total == 5


def test_negative_audit_c_does_not_continue(db, today):
    ada = new_client(db, today)
    sid, result = screen(db, ada, "audit-c", AUDIT_C_4, today)
    assert (result.total, result.positive) == (4, False)
    with db.session() as s:
        assert screening.continue_into_full(s, sid, today) is None
    assert [r.instrument for r in screenings_of(db, ada)] == ["audit-c"]


def test_continuing_into_an_abandoned_audit_draft_carries_the_answers_in(db, today):
    ada = new_client(db, today)
    old_draft = start(db, ada, "audit", today - timedelta(days=30))
    answer(db, old_draft, {1: 1, 2: 0, 9: 2})
    sid, _ = screen(db, ada, "audit-c", AUDIT_C_5, today)
    with db.session() as s:
        full_id = screening.continue_into_full(s, sid, today).id
    assert full_id == old_draft  # one draft per instrument, resumed
    row = stored(db, full_id)
    assert row.follows_id == sid
    assert screening.answers_of(row) == {**AUDIT_C_5, 9: 2}  # today's answers win
    assert instruments.progress("audit", screening.answers_of(row)).next_item == 4


def test_continuing_again_keeps_answers_changed_in_the_full_audit(db, today):
    ada = new_client(db, today)
    sid, _ = screen(db, ada, "audit-c", AUDIT_C_5, today)
    with db.session() as s:
        full_id = screening.continue_into_full(s, sid, today).id
    answer(db, full_id, {1: 4})  # the worker corrects item 1 in the full AUDIT
    with db.session() as s:
        assert screening.continue_into_full(s, sid, today).id == full_id
    assert screening.answers_of(stored(db, full_id)) == {1: 4, 2: 1, 3: 1}


def test_a_draft_audit_c_does_not_continue(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit-c", today)
    answer(db, sid, AUDIT_C_5)
    with db.session() as s:
        assert screening.continue_into_full(s, sid, today) is None
    assert [r.instrument for r in screenings_of(db, ada)] == ["audit-c"]


# ---- the caseload and the audit trail ----------------------------------------------------


def test_the_caseload_shows_the_rescreen_as_next_due(db, today):
    ada = new_client(db, today)
    parental_screen(db, ada, today)
    with db.session() as s:
        page = caseload.fetch_page(s, today=today)
        [row] = [r for r in page.rows if r.client_id == ada]
        [due] = agenda.due_items(s, ada)
    assert due.kind == DueKind.RESCREEN
    assert row.next_due == due
    assert due_short(row.next_due, today) == "22/02/27 rescreen"
    assert not row.overdue
    # Once that date has passed, the caseload says so.
    with db.session() as s:
        page = caseload.fetch_page(s, today=date(2027, 2, 23), filter_id="overdue")
    assert [r.client_id for r in page.rows] == [ada]
    assert page.rows[0].overdue
    assert due_short(page.rows[0].next_due, date(2027, 2, 23)) == "22/02/27 OVERDUE rescreen"


def test_every_change_is_audited_and_the_chain_holds(db, today):
    ada = new_client(db, today)
    sid = start(db, ada, "audit-c", today)
    answer(db, sid, AUDIT_C_5)
    with db.session() as s:
        screening.complete(s, sid, today)
    with db.session() as s:
        full_id = screening.continue_into_full(s, sid, today).id
    with db.session() as s:
        events = list(
            s.scalars(
                select(TrailEvent).where(TrailEvent.entity == "screening").order_by(TrailEvent.seq)
            )
        )
        due_events = list(s.scalars(select(TrailEvent).where(TrailEvent.entity == "dueitem")))
        report = verify_chain(s)
    mine = [e for e in events if e.entity_id == str(sid)]
    assert [e.action for e in mine] == ["create", "update", "update", "update", "update"]
    assert all(e.client_id == ada for e in events)
    assert [e.changes["answers"]["to"] for e in mine[1:4]] == [
        {"1": 3},
        {"1": 3, "2": 1},
        {"1": 3, "2": 1, "3": 1},
    ]
    completed = mine[-1].changes
    assert completed["status"] == {"from": "draft", "to": "complete"}
    assert completed["total"] == {"from": None, "to": 5}
    assert completed["completed_on"]["to"] == today.isoformat()
    [created_full] = [e for e in events if e.entity_id == str(full_id)]
    assert created_full.action == "create"
    assert created_full.changes["follows_id"] == str(sid)
    assert due_events == []  # an instrument creates no due item below the dependence flag
    assert report.ok, report.problem
    assert report.events >= len(events) + len(due_events)
