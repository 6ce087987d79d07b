"""The diary's part of due items: the kinds (stored values never change), the Due value and
the time arithmetic; and the one place they are put into words (screens/wording.py)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from caseworker.diary import Due, DueKind, days_after, is_overdue
from screens import wording


def test_kinds_keep_the_values_the_table_stores():
    assert {k.value for k in DueKind} == {
        "rescreen", "precaf", "top", "medical_review", "multi_agency_review",
        "family_plan_review", "cp_review", "core_group", "contract_review", "minutes",
        "meeting_action", "plan_action", "multi_agency_assessment", "csc_referral",
        "visit", "visit_sign_off", "check_in", "visit_action", "csc_confirmation",
        "referral_chase", "supervision_action",
    }  # fmt: skip
    assert DueKind("top") is DueKind.TOP_REVIEW
    assert DueKind.PRECAF == "precaf"  # a str enum: compares with what is stored
    with pytest.raises(ValueError):
        DueKind("review")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 91, date(2027, 2, 22)),
        (date(2027, 1, 31), 28, date(2027, 2, 28)),  # across a month end
        (date(2028, 2, 1), 28, date(2028, 2, 29)),  # onto a leap day
        (date(2027, 12, 1), 91, date(2028, 3, 1)),  # through one
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_days_after_counts_calendar_days(start, days, expected):
    assert days_after(start, days) == expected


def test_due_today_is_not_overdue_due_yesterday_is(today):
    due = Due(DueKind.RESCREEN, uuid.uuid4(), today, "because", uuid.uuid4())
    assert not due.is_overdue(today)
    assert due.is_overdue(today + timedelta(days=1))
    assert is_overdue(today - timedelta(days=1), today) and not is_overdue(today, today)


def test_describe_puts_the_date_and_overdue_first(today):
    assert wording.describe(today, "Review", today) == f"{today:%d/%m/%Y} Review"
    yesterday = today - timedelta(days=1)
    assert wording.describe(yesterday, "Review", today, short_year=True) == (
        f"{yesterday:%d/%m/%y} OVERDUE Review"
    )


def test_every_kind_has_words_in_full_and_short(today):
    assert set(wording.DUE_TITLES) == set(DueKind) == set(wording.DUE_SHORT)
    due = Due(DueKind.PRECAF, uuid.uuid4(), today - timedelta(days=1), "why", uuid.uuid4())
    assert wording.due_line(due, today) == f"{due.due_on:%d/%m/%Y} OVERDUE Pre-CAF assessment"
    assert wording.due_short(due, today) == f"{due.due_on:%d/%m/%y} OVERDUE pre-CAF"
    assert wording.due_short(None, today) == ""


@pytest.mark.parametrize(
    ("children", "unborn", "help_", "status", "text"),
    [
        (2, 0, "cp_plan", "all_live_with", "CP plan · 2"),
        (1, 1, "child_in_need", "some_live_with", "CIN · 1 +1 unborn"),
        (0, 1, None, "not_a_parent", "1 unborn"),
        (1, 0, None, "not_asked", "1"),
        (0, 0, None, "none_live_with", "parent, none listed"),
        (0, 0, None, "not_asked", "NOT ASKED"),
        (0, 0, None, "declined", "declined to say"),
        (0, 0, None, "not_a_parent", "not a parent"),
    ],
)
def test_the_children_column(children, unborn, help_, status, text):
    assert wording.children_text(children, unborn, help_, status) == text


def test_every_caseload_flag_and_help_level_has_words():
    from caseworker.caseload import FLAGS, HELP_SEVERITY

    assert set(wording.FLAG_WORDS) == set(FLAGS)
    assert set(wording.HELP_SHORT) == set(HELP_SEVERITY)
    assert wording.flag_words(["risk_to_staff", "take_home_medication"]) == (
        "risk to staff, take-home meds"
    )


def test_on_the_same_day_the_pre_caf_comes_first():
    import uuid
    from datetime import date

    from caseworker.diary import Due, DueKind, soonest_first

    client, source, day = uuid.uuid4(), uuid.uuid4(), date(2027, 2, 28)
    dues = [
        Due(DueKind.TOP_REVIEW, client, day, "", source),
        Due(DueKind.MEDICAL_REVIEW, client, day, "", source),
        Due(DueKind.RESCREEN, client, date(2027, 2, 27), "", source),
        Due(DueKind.PRECAF, client, day, "", source),
    ]
    assert [d.kind for d in soonest_first(dues)] == [
        DueKind.RESCREEN,  # the day before: sooner wins
        DueKind.PRECAF,
        DueKind.MEDICAL_REVIEW,
        DueKind.TOP_REVIEW,
    ]
