"""Screening's due rules and the agenda that gathers them: pure functions of records and
the protocol, so they are tested here on records that were never saved."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from caseworker.agenda import dues_for
from caseworker.content import Protocol
from caseworker.diary import DueKind
from caseworker.screening import (
    medical_review_rule,
    precaf_rule,
    rescreen_rule,
    screening_dues,
    top_review_rule,
)
from caseworker.store.models import ChildRecord, Client, Screening

DEFAULT = Protocol()
CLIENT_ID = uuid.uuid4()
D = date(2026, 11, 23)
_tick = iter(range(10**6))


def client(**fields) -> Client:
    return Client(id=CLIENT_ID, given_name="Ada", family_name="Lee", **fields)


def child(**fields) -> ChildRecord:
    return ChildRecord(client_id=CLIENT_ID, client_role="mother", **fields)


def screen(
    instrument: str, on: date, *, occasion="review", positive=None, flags=(), status="complete"
) -> Screening:
    # Recorded in the order made, a second apart, whatever day they are dated.
    at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=next(_tick))
    return Screening(
        client_id=CLIENT_ID,
        instrument=instrument,
        occasion=occasion,
        status=status,
        answers={},
        started_on=on,
        completed_on=on if status == "complete" else None,
        positive=positive,
        flags=list(flags),
        created_at=at,
    )


def parental(on: date, positive: bool, **kw) -> Screening:
    return screen("parental", on, positive=positive, **kw)


# ---- re-screen --------------------------------------------------------------------------


def test_no_rescreen_before_the_first_parental_screen():
    assert rescreen_rule([], DEFAULT) is None
    assert rescreen_rule([screen("audit", D), parental(D, True, status="draft")], DEFAULT) is None


def test_rescreen_follows_the_latest_parental_screen():
    first, latest = parental(D, True), parental(D + timedelta(days=40), False)
    later_audit = screen("audit", D + timedelta(days=60))
    due = rescreen_rule([latest, later_audit, first], DEFAULT)  # any order in
    assert due is not None
    assert (due.kind, due.client_id, due.source_id) == (DueKind.RESCREEN, CLIENT_ID, latest.id)
    assert due.due_on == D + timedelta(days=40 + 91)
    assert due.child_id is None
    assert "91 days after the parental screen of 02/01/2027" == due.reason


@pytest.mark.parametrize(
    ("screened", "expected"),
    [
        (date(2027, 1, 30), date(2027, 3, 1)),  # 30 days across the end of a short February
        (date(2028, 1, 30), date(2028, 2, 29)),  # onto the leap day
        (date(2028, 1, 31), date(2028, 3, 1)),  # through it
        (date(2026, 12, 15), date(2027, 1, 14)),  # across the end of a year
    ],
)
def test_rescreen_interval_counts_calendar_days(screened, expected):
    due = rescreen_rule([parental(screened, False)], DEFAULT.with_rules(rescreen="30 days"))
    assert due is not None and due.due_on == expected


def test_rescreen_through_29_february_with_the_default_interval():
    due = rescreen_rule([parental(date(2027, 12, 1), False)], DEFAULT)
    assert due is not None and due.due_on == date(2028, 3, 1)


# ---- pre-CAF ----------------------------------------------------------------------------


def test_precaf_is_due_after_a_screen_that_finds_children_in_care():
    found = parental(D, True)
    due = precaf_rule(client(parental_status="all_live_with"), [], [found], DEFAULT)
    assert due is not None
    assert (due.kind, due.due_on, due.source_id) == (DueKind.PRECAF, date(2026, 12, 21), found.id)
    assert "28 days after the parental screen of 23/11/2026" in due.reason


def test_precaf_interval_across_a_month_end_and_onto_29_february():
    parent = client(parental_status="all_live_with")
    due = precaf_rule(parent, [], [parental(date(2028, 2, 1), True)], DEFAULT)
    assert due is not None and due.due_on == date(2028, 2, 29)
    due = precaf_rule(parent, [], [parental(date(2027, 2, 1), True)], DEFAULT)
    assert due is not None and due.due_on == date(2027, 3, 1)


def test_no_precaf_from_a_negative_screen():
    assert (
        precaf_rule(client(parental_status="none_live_with"), [], [parental(D, False)], DEFAULT)
        is None
    )


def test_a_second_positive_screen_does_not_move_the_precaf_on():
    first, second = parental(D, True), parental(D + timedelta(days=14), True)
    due = precaf_rule(client(parental_status="all_live_with"), [], [first, second], DEFAULT)
    assert due is not None and (due.due_on, due.source_id) == (date(2026, 12, 21), first.id)


def test_a_later_negative_screen_ends_the_precaf_and_a_new_positive_starts_again():
    parent = client(parental_status="all_live_with")
    found, none, again = (
        parental(D, True),
        parental(D + timedelta(days=10), False),
        parental(D + timedelta(days=50), True),
    )
    assert precaf_rule(parent, [], [found, none], DEFAULT) is None
    due = precaf_rule(parent, [], [found, none, again], DEFAULT)
    assert due is not None and due.source_id == again.id
    assert due.due_on == D + timedelta(days=50 + 28)


@pytest.mark.parametrize("status", ["not_a_parent", "none_live_with"])
def test_a_client_no_longer_a_parent_has_no_precaf(status):
    # The screen found children in their care; the profile now says otherwise.
    assert precaf_rule(client(parental_status=status), [], [parental(D, True)], DEFAULT) is None


@pytest.mark.parametrize(
    ("profile", "children"),
    [
        ({"parental_status": "declined"}, []),  # declining to say is not a "no"
        ({"parental_status": "not_a_parent", "pregnant": True}, []),
        ({"parental_status": "not_a_parent"}, [child(unborn=True, lives_with="unborn")]),
        ({"parental_status": "none_live_with"}, [child(lives_with="client")]),
    ],
)
def test_the_record_still_showing_children_in_care_keeps_the_precaf(profile, children):
    due = precaf_rule(client(**profile), children, [parental(D, True)], DEFAULT)
    assert due is not None and due.due_on == date(2026, 12, 21)


def test_precaf_same_day_when_the_protocol_says_0_days():
    due = precaf_rule(
        client(parental_status="all_live_with"),
        [],
        [parental(D, True)],
        DEFAULT.with_rules(precaf_due="0 days"),
    )
    assert due is not None and due.due_on == D


# ---- TOP review -------------------------------------------------------------------------


def test_top_review_every_interval_until_the_exit_top():
    start = screen("top", D, occasion="start")
    due = top_review_rule([start], DEFAULT)
    assert due is not None
    assert (due.kind, due.due_on, due.source_id) == (
        DueKind.TOP_REVIEW,
        date(2027, 5, 23),  # 6 months: the same day of the month
        start.id,
    )
    assert due.reason == "6 months after the start TOP of 23/11/2026"
    review = screen("top", date(2027, 8, 31), occasion="review")
    due = top_review_rule([start, review], DEFAULT)
    assert due is not None and due.due_on == date(2028, 2, 29)  # the month's end, a leap year
    assert (
        top_review_rule([start, review, screen("top", date(2027, 9, 1), occasion="exit")], DEFAULT)
        is None
    )


def test_an_exit_top_recorded_the_same_day_as_a_review_still_ends_it():
    review = screen("top", D, occasion="review")
    exit_ = screen("top", D, occasion="exit")
    assert top_review_rule([exit_, review], DEFAULT) is None  # recorded after the review


def test_a_new_start_after_an_exit_brings_the_review_back():
    tops = [
        screen("top", D, occasion="start"),
        screen("top", D + timedelta(9), occasion="exit"),
        screen("top", D + timedelta(100), occasion="start"),
    ]
    due = top_review_rule(tops, DEFAULT.with_rules(top_review="30 days"))
    assert due is not None and due.due_on == D + timedelta(days=130)
    assert due.reason == "30 days after the start TOP of 03/03/2027"


# ---- medical review ---------------------------------------------------------------------

FLAG = "possible dependence: refer for medical review"


def test_medical_review_from_the_first_flagged_screening():
    assert medical_review_rule([screen("audit", D), screen("audit", D, status="draft")]) is None
    first = screen("audit", D + timedelta(days=3), flags=[FLAG])
    later = screen("sadq", D + timedelta(days=9), flags=[FLAG])
    due = medical_review_rule([later, screen("audit", D), first])
    assert due is not None
    assert (due.kind, due.due_on, due.source_id) == (
        DueKind.MEDICAL_REVIEW,
        first.completed_on,
        first.id,
    )
    assert due.reason == f"AUDIT of 26/11/2026: {FLAG}"


# ---- gathered -----------------------------------------------------------------------------


def test_screening_dues_gathers_every_rule():
    records = [
        parental(D, True),
        screen("top", D, occasion="start"),
        screen("audit", D, flags=[FLAG]),
    ]
    kinds = {
        d.kind
        for d in screening_dues(client(parental_status="all_live_with"), [], records, DEFAULT)
    }
    assert kinds == {DueKind.RESCREEN, DueKind.PRECAF, DueKind.TOP_REVIEW, DueKind.MEDICAL_REVIEW}


def test_the_agenda_puts_the_soonest_first():
    records = [parental(D, True), screen("audit", D + timedelta(days=5), flags=[FLAG])]
    dues = dues_for(client(parental_status="all_live_with", status="active"), [], records, DEFAULT)
    assert [d.kind for d in dues] == [DueKind.MEDICAL_REVIEW, DueKind.PRECAF, DueKind.RESCREEN]
    assert [d.due_on for d in dues] == sorted(d.due_on for d in dues)


@pytest.mark.parametrize("status", ["referred", "active", "on_hold"])
def test_only_a_closed_case_has_nothing_due(status):
    records = [parental(D, True), screen("top", D, occasion="start")]
    parent = {"parental_status": "all_live_with"}
    assert len(dues_for(client(**parent, status=status), [], records, DEFAULT)) == 3
    assert dues_for(client(**parent, status="closed"), [], records, DEFAULT) == []


def test_a_rule_in_months_says_so_in_its_reason():
    protocol = DEFAULT.with_rules(rescreen="3 months", precaf_due="2 working days")
    due = rescreen_rule([parental(date(2026, 11, 30), False)], protocol)
    assert due is not None
    assert (due.due_on, due.reason) == (
        date(2027, 2, 28),  # the month's end: February has no 30th
        "3 months after the parental screen of 30/11/2026",
    )
    found = parental(date(2026, 12, 24), True)  # Christmas Eve 2026, a Thursday
    due = precaf_rule(client(parental_status="all_live_with"), [], [found], protocol)
    assert due is not None
    assert due.due_on == date(2026, 12, 30)  # Christmas Day, Boxing Day's substitute skipped
    assert due.reason.startswith("2 working days after the parental screen of 24/12/2026")
