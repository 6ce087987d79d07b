"""The diary's time arithmetic: month ends and leap years, working days over England &
Wales bank holidays (substitute days and one-off holidays included), hours across the
clock changes, and due_after for every rule of the protocol. Every date is fixed: nothing
here reads the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from caseworker.content import RULES, Protocol, load_protocol, local_protocol_path
from caseworker.core.errors import CaseworkerError, DurationError, TimerError
from caseworker.diary import (
    UK,
    Duration,
    Unit,
    after,
    bank_holiday,
    due_after,
    format_uk_time,
    hours_after,
    is_working_day,
    latest_start,
    months_after,
    overdue_after,
    parse_duration,
    working_days_after,
)

# ---- durations as a protocol writes them ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "duration", "words"),
    [
        ("91 days", Duration(91, Unit.DAYS), "91 days"),
        ("1 day", Duration(1, Unit.DAYS), "1 day"),
        ("6 weeks", Duration(6, Unit.WEEKS), "6 weeks"),
        ("1 month", Duration(1, Unit.MONTHS), "1 month"),
        ("3 Months", Duration(3, Unit.MONTHS), "3 months"),
        ("2 years", Duration(2, Unit.YEARS), "2 years"),
        ("1 working day", Duration(1, Unit.WORKING_DAYS), "1 working day"),
        ("  10  working   days ", Duration(10, Unit.WORKING_DAYS), "10 working days"),
        ("48 hours", Duration(48, Unit.HOURS), "48 hours"),
        ("0 days", Duration(0, Unit.DAYS), "0 days"),
    ],
)
def test_durations_read_and_say_themselves(text, duration, words):
    assert parse_duration(text) == duration
    assert str(duration) == words
    assert parse_duration(words) == duration


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("6 weaks", "'6 weaks' is not a duration: 'weaks' is not a unit (days, weeks, months, "
         "years, working days or hours); did you mean 'weeks'?"),
        ("-1 month", "'-1 month' is not a duration: a duration cannot be negative"),
        ("six weeks", "'six weeks' is not a duration: write a whole number and a unit"),
        ("1.5 days", "'1.5 days' is not a duration: write a whole number and a unit"),
        ("weeks", "'weeks' is not a duration"),
        ("10 fortnights", "'10 fortnights' is not a duration: 'fortnights' is not a unit"),
    ],
)  # fmt: skip
def test_what_is_not_a_duration_is_refused_saying_why(text, problem):
    with pytest.raises(DurationError) as err:
        parse_duration(text)
    assert isinstance(err.value, CaseworkerError)
    assert str(err.value).startswith(problem)


def test_a_duration_is_whole_and_never_negative():
    with pytest.raises(DurationError, match="cannot be negative"):
        Duration(-1, Unit.DAYS)
    with pytest.raises(DurationError, match="whole days"):
        Duration(1.5, Unit.DAYS)  # type: ignore[arg-type]
    with pytest.raises(DurationError, match="in quotes"):
        parse_duration(91)  # type: ignore[arg-type]


# ---- months and years: from the anchor, clamped to the month's end ----------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2027, 1, 31), 2, date(2027, 3, 31)),  # the 2nd month: not the 28th
        (date(2027, 1, 31), 3, date(2027, 4, 30)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # across a year end
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 1, 15), 0, date(2027, 1, 15)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),  # back, for the inverse
    ],
)
def test_months_are_counted_from_the_anchor(anchor, months, expected):
    assert months_after(anchor, months) == expected


def test_the_nth_month_never_drifts_as_repeated_clamping_would():
    anchor = date(2027, 1, 31)
    assert months_after(months_after(anchor, 1), 1) == date(2027, 3, 28)  # the drift
    assert due_after("multi_agency_review", anchor, nth=2) == date(2027, 3, 31)
    monthly = [due_after("multi_agency_review", anchor, nth=n) for n in range(1, 7)]
    assert monthly == [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30),
                       date(2027, 5, 31), date(2027, 6, 30), date(2027, 7, 31)]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2028, 2, 29), 1, date(2029, 2, 28)),
        (date(2028, 2, 29), 2, date(2030, 2, 28)),
        (date(2028, 2, 29), 4, date(2032, 2, 29)),
        (date(2026, 11, 23), 2, date(2028, 11, 23)),
    ],
)
def test_years_are_twelve_months_from_the_anchor(start, years, expected):
    assert after(Duration(years, Unit.YEARS), start) == expected


def test_days_and_weeks_are_calendar_days():
    assert after(Duration(91, Unit.DAYS), date(2027, 12, 1)) == date(2028, 3, 1)  # via 29/02
    assert after(Duration(28, Unit.DAYS), date(2028, 2, 1)) == date(2028, 2, 29)
    assert after(Duration(6, Unit.WEEKS), date(2026, 11, 23)) == date(2027, 1, 4)


# ---- working days: weekends and England & Wales bank holidays ---------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # The start day never counts, working day or not.
        (date(2027, 11, 26), 1, date(2027, 11, 29)),  # Friday -> Monday
        (date(2027, 11, 27), 1, date(2027, 11, 29)),  # Saturday -> Monday
        (date(2027, 11, 28), 1, date(2027, 11, 29)),  # Sunday -> Monday
        (date(2027, 11, 29), 1, date(2027, 11, 30)),
        (date(2027, 11, 29), 0, date(2027, 11, 29)),
        (date(2027, 11, 29), 5, date(2027, 12, 6)),  # a week
        # Christmas 2026: Friday 25, Boxing Day on a Saturday -> substitute Monday 28.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 14), 10, date(2026, 12, 30)),
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day, Friday 01/01/2027
        # Christmas 2027 on a weekend: substitute days Monday 27 and Tuesday 28; New Year's
        # Day 2028 is a Saturday, so Monday 03/01/2028 is a bank holiday too.
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        (date(2027, 12, 20), 10, date(2028, 1, 6)),
        (date(2027, 12, 31), 1, date(2028, 1, 4)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        # The early May and late May (spring) bank holidays of 2027.
        (date(2027, 4, 30), 1, date(2027, 5, 4)),
        (date(2027, 5, 28), 1, date(2027, 6, 1)),
        # One-off holidays: the Queen's funeral (19/09/2022), the Platinum Jubilee (the
        # spring bank holiday moved to Thursday 2 June, and Friday 3 June 2022) and the
        # coronation (Monday 08/05/2023, a week after the early May bank holiday).
        (date(2022, 9, 16), 1, date(2022, 9, 20)),
        (date(2022, 6, 1), 1, date(2022, 6, 6)),
        (date(2023, 4, 28), 2, date(2023, 5, 3)),
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
    ],
)
def test_working_days(start, days, expected):
    assert working_days_after(start, days) == expected
    assert after(Duration(days, Unit.WORKING_DAYS), start) == expected


def test_bank_holidays_come_from_the_package_with_their_names():
    assert bank_holiday(date(2027, 12, 27)) == "Christmas Day (observed)"
    assert bank_holiday(date(2027, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday(date(2023, 5, 8)) == "Coronation of Charles III"
    assert bank_holiday(date(2027, 12, 29)) is None
    assert not is_working_day(date(2027, 5, 31)) and is_working_day(date(2027, 6, 1))


def test_only_england_and_wales_holidays_count():
    assert is_working_day(date(2029, 1, 2))  # 2 January: Scotland only
    assert is_working_day(date(2027, 11, 30))  # St Andrew's Day: Scotland only
    assert is_working_day(date(2027, 7, 12))  # the Twelfth: Northern Ireland only
    assert is_working_day(date(2027, 3, 17))  # St Patrick's Day: Northern Ireland only


# ---- hours: elapsed time in UTC, shown in UK time ---------------------------------------------


def test_48_hours_across_the_march_clock_change():
    start = datetime(2027, 3, 26, 16, 0, tzinfo=UK)  # Friday, GMT
    due = due_after("csc_written_confirmation", start)
    assert isinstance(due, datetime)
    assert due == datetime(2027, 3, 28, 16, 0, tzinfo=UTC)  # 48 real hours
    assert format_uk_time(due) == "Sun 28/03/2027 17:00 BST"
    assert due.tzinfo is UK and due.utcoffset() == timedelta(hours=1)
    # Python's own arithmetic on a zoned time counts the wall clock, an hour short here.
    assert start + timedelta(hours=48) != due
    # The same moment given in UTC is the same deadline.
    assert due_after("csc_written_confirmation", datetime(2027, 3, 26, 16, tzinfo=UTC)) == due


def test_48_hours_across_the_october_clock_change():
    start = datetime(2027, 10, 29, 16, 0, tzinfo=UK)  # Friday, BST
    due = due_after("csc_written_confirmation", start)
    assert format_uk_time(due) == "Sun 31/10/2027 15:00 GMT"
    assert due == datetime(2027, 10, 31, 15, 0, tzinfo=UTC)


def test_the_repeated_hour_in_october_is_told_apart():
    start = datetime(2027, 10, 31, 0, 30, tzinfo=UK)  # BST; the clocks go back at 02:00
    first, second = hours_after(start, 1), hours_after(start, 2)
    assert (first.hour, second.hour) == (1, 1)  # 01:30 twice on the clock ...
    assert (format_uk_time(first), format_uk_time(second)) == (
        "Sun 31/10/2027 01:30 BST",
        "Sun 31/10/2027 01:30 GMT",
    )
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)  # ... an hour apart


def test_an_hour_rule_needs_an_aware_moment():
    with pytest.raises(TimerError) as err:
        due_after("csc_written_confirmation", date(2027, 3, 26))
    assert isinstance(err.value, CaseworkerError)
    assert str(err.value).startswith(
        "the rule csc_written_confirmation (48 hours) counts from a time of day: give the "
        "moment it started, with its time zone, not only the date 26/03/2027"
    )
    with pytest.raises(TimerError, match="26/03/2027 16:00 has no time zone"):
        due_after("csc_written_confirmation", datetime(2027, 3, 26, 16, 0))
    with pytest.raises(TimerError, match="no time zone"):
        due_after("rescreen", datetime(2027, 3, 26, 16, 0))  # naive: refused for days too


def test_a_day_rule_from_a_moment_counts_from_its_date_in_the_uk():
    # Thursday 23:30 UTC in summer is Friday 00:30 here: one working day on is Monday.
    late = datetime(2027, 6, 3, 23, 30, tzinfo=UTC)
    assert due_after("referral_acknowledgement", late) == date(2027, 6, 7)
    assert due_after("referral_acknowledgement", date(2027, 6, 3)) == date(2027, 6, 4)


# ---- due_after: every rule of the protocol ----------------------------------------------------

EVERY_RULE = [
    ("csc_written_confirmation", datetime(2027, 3, 26, 16, tzinfo=UK),
     datetime(2027, 3, 28, 17, tzinfo=UK)),
    ("referral_acknowledgement", date(2027, 12, 24), date(2027, 12, 29)),
    ("assessment_warning", date(2026, 11, 23), date(2026, 12, 21)),
    ("assessment_due", date(2026, 11, 23), date(2027, 1, 4)),
    ("multi_agency_review", date(2027, 1, 31), date(2027, 2, 28)),
    ("family_plan_review", date(2026, 11, 23), date(2027, 1, 4)),
    ("core_group_first", date(2027, 12, 20), date(2028, 1, 6)),
    ("cp_review_first", date(2027, 11, 30), date(2028, 2, 29)),
    ("cp_review_next", date(2027, 8, 31), date(2028, 2, 29)),
    # Friday before the late May bank holiday (Monday 31/05/2027): Tue-Fri, then Monday.
    ("minutes_distribution", date(2027, 5, 28), date(2027, 6, 7)),
    ("rescreen", date(2026, 11, 23), date(2027, 2, 22)),
    ("precaf_due", date(2026, 11, 23), date(2026, 12, 21)),
    ("top_review", date(2026, 11, 23), date(2027, 5, 23)),
    ("supervision", date(2027, 1, 31), date(2027, 2, 28)),
    ("no_contact", date(2027, 2, 15), date(2027, 3, 15)),  # 28 days across February
    ("training_refresh", date(2028, 2, 29), date(2030, 2, 28)),
]  # fmt: skip


def test_every_rule_is_tested_below():
    assert [rule for rule, _, _ in EVERY_RULE] == list(RULES)


@pytest.mark.parametrize(("rule", "start", "expected"), EVERY_RULE)
def test_due_after_each_rule_under_the_shipped_protocol(rule, start, expected):
    due = due_after(rule, start)
    assert due == expected
    assert type(due) is type(expected)  # a date for day rules, a datetime for hours
    assert due_after(rule, start, protocol=Protocol()) == expected


def test_overdue_after_is_the_rules_second_duration_if_it_has_one():
    assert overdue_after("family_plan_review", date(2026, 11, 23)) == date(2027, 1, 18)  # 8 weeks
    assert overdue_after("rescreen", date(2026, 11, 23)) == date(2027, 2, 22)  # as due


def test_due_after_follows_the_local_protocol_file():
    local_protocol_path().write_text(
        '[rules]\nmulti_agency_review = "6 weeks"\ncsc_written_confirmation = "1 working day"\n',
        encoding="utf-8",
    )
    load_protocol.cache_clear()
    assert due_after("multi_agency_review", date(2027, 1, 31)) == date(2027, 3, 14)
    # Counted in working days now: the call's date in the UK, then the next working day.
    assert due_after("csc_written_confirmation", datetime(2027, 3, 25, 16, tzinfo=UK)) == date(
        2027, 3, 30
    )
    shipped = Protocol()
    assert due_after("multi_agency_review", date(2027, 1, 31), protocol=shipped) == date(
        2027, 2, 28
    )


def test_due_after_refuses_what_it_cannot_count():
    with pytest.raises(TimerError, match=r"unknown rule 'rescreeen'; did you mean 'rescreen'\?"):
        due_after("rescreeen", date(2027, 1, 1))
    with pytest.raises(TimerError, match="nth counts from 1"):
        due_after("supervision", date(2027, 1, 1), nth=0)


# ---- the inverse, for the demo and tests that need an item due on a given day -----------------


def test_latest_start_is_the_inverse_of_due_after():
    assert latest_start("rescreen", date(2027, 2, 22)) == date(2026, 11, 23)
    assert latest_start("top_review", date(2027, 5, 23)) == date(2026, 11, 23)
    # Nothing falls due 6 months after anything on 31/08/2027 (February 2027 has 28 days):
    # the latest start is the one due just before.
    start = latest_start("top_review", date(2027, 8, 31))
    assert (start, due_after("top_review", start)) == (date(2027, 2, 28), date(2027, 8, 28))
    assert latest_start("core_group_first", date(2028, 1, 6)) == date(2027, 12, 20)
    with pytest.raises(TimerError, match="counts from a time of day"):
        latest_start("csc_written_confirmation", date(2027, 3, 28))
