"""Counting a protocol's durations on from the event they start at.

- Calendar days and weeks: plain days (29 February and month ends count like any other).
- Months and years: from the anchor date, keeping its day of the month where the month
  has it and the month's last day where it does not: a month from 31 January is 28 (or 29)
  February, and the 2nd month from 31 January is 31 March, because the n-th month is
  counted from the anchor, never by adding one month n times (which drifts to the 28th).
  A year from 29 February is 28 February.
- Working days: Monday to Friday, except England & Wales bank holidays (the `holidays`
  package, GB subdivision ENG: substitute days when a holiday falls at a weekend, and
  one-off holidays such as a coronation, included). "N working days after" a date is the
  N-th working day after it: the start day itself never counts, whether or not it is a
  working day, so 1 working day after a Friday (or a Saturday) is the Monday, or the
  Tuesday if that Monday is a bank holiday.
- Hours: elapsed time from an aware moment, counted in UTC and given back in UK local time
  (Europe/London), so 48 hours from Friday 26/03/2027 16:00 GMT is Sunday 28/03/2027
  17:00 BST: the clocks went forward, the 48 hours did not shrink.

`due_after(rule, start)` puts these together with the local protocol's rules.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import overload
from zoneinfo import ZoneInfo

from caseworker.content import Protocol, Rule, load_protocol
from caseworker.core.dates import format_uk
from caseworker.core.durations import Duration, Unit
from caseworker.core.errors import TimerError

UK = ZoneInfo("Europe/London")


# ---- the arithmetic of each unit ----------------------------------------------------------


def months_after(anchor: date, months: int) -> date:
    """`months` calendar months on from `anchor`, clamped to the month's last day."""
    index = anchor.month - 1 + months
    year, month = anchor.year + index // 12, index % 12 + 1
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> Mapping[date, str]:
    """England & Wales bank holidays of one year, each with its name ("Boxing Day
    (observed)" for a substitute day)."""
    import holidays  # on first use: start-up does not pay for it

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday(day: date) -> str | None:
    """The bank holiday's name, or None if the day is not one."""
    return bank_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days_after(start: date, days: int) -> date:
    """The `days`-th working day after `start` (which never counts itself); 0 is `start`."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def hours_after(start: datetime, hours: int) -> datetime:
    """`hours` of elapsed time after an aware moment, in UK local time."""
    _check_aware(start)
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(UK)


def uk_date(moment: datetime) -> date:
    """The date in the UK at an aware moment (23:30 UTC in summer is the next day here)."""
    _check_aware(moment)
    return moment.astimezone(UK).date()


def format_uk_time(moment: datetime) -> str:
    """'Sun 28/03/2027 17:00 BST': the moment as a worker in the UK reads a clock."""
    local = moment.astimezone(UK) if moment.tzinfo is not None else moment
    return local.strftime("%a %d/%m/%Y %H:%M %Z").rstrip()


def _check_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TimerError(
            f"{moment:%d/%m/%Y %H:%M} has no time zone, and without one it could be an "
            "hour out across a clock change: give it as UK time (Europe/London) or UTC"
        )


# ---- a duration from a start --------------------------------------------------------------


def date_after(duration: Duration, start: date, what: str = "") -> date:
    """The date `duration` (in days, weeks, months, years or working days) after `start`:
    a date, or an aware moment, which counts from its date in the UK. `what` names the
    rule in a message."""
    if duration.is_clock:
        raise TimerError(
            f"{f'{what} ({duration})' if what else duration} counts from a time of day: give "
            f"the moment it started, with its time zone, not only the date {format_uk(start)}"
        )
    if isinstance(start, datetime):
        start = uk_date(start)
    n = duration.amount
    match duration.unit:
        case Unit.DAYS:
            return start + timedelta(days=n)
        case Unit.WEEKS:
            return start + timedelta(weeks=n)
        case Unit.MONTHS:
            return months_after(start, n)
        case Unit.YEARS:
            return months_after(start, 12 * n)
        case Unit.WORKING_DAYS:
            return working_days_after(start, n)
    raise AssertionError(f"no arithmetic for {duration.unit!r}")  # pragma: no cover


def after(duration: Duration, start: date | datetime, what: str = "") -> date | datetime:
    """When `duration` ends after `start`: an aware datetime in UK time for hours (which
    need an aware datetime to count from), a date for every other unit."""
    if duration.is_clock:
        if not isinstance(start, datetime):
            date_after(duration, start, what)  # raises, saying what to give instead
            raise AssertionError  # pragma: no cover
        return hours_after(start, duration.amount)
    return date_after(duration, start, what)


# ---- the protocol's rules -----------------------------------------------------------------


def _rule(rule: str | Rule, protocol: Protocol | None) -> Rule:
    if isinstance(rule, Rule):
        return rule
    return (protocol or load_protocol()).rule(rule)


@overload
def due_after(
    rule: str | Rule, start: datetime, *, nth: int = 1, protocol: Protocol | None = None
) -> date | datetime: ...


@overload
def due_after(
    rule: str | Rule, start: date, *, nth: int = 1, protocol: Protocol | None = None
) -> date: ...


def due_after(
    rule: str | Rule,
    start: date | datetime,
    *,
    nth: int = 1,
    protocol: Protocol | None = None,
) -> date | datetime:
    """When rule `rule` (an id of the protocol's [rules], e.g. "rescreen") falls due after
    `start`, under `protocol` (default: the protocol in force).

    `start` is a date, or an aware datetime: a rule in hours needs the latter (a date, or
    a datetime without a time zone, is a TimerError), and gives back an aware datetime in
    UK time; a rule in days, weeks, months, years or working days gives back a date (an
    aware `start` counts from its date in the UK). `nth` > 1 is the n-th time a recurring
    rule falls due, counted from the anchor `start` (the 2nd monthly review from 31 January
    is 31 March)."""
    if nth < 1:
        raise TimerError(f"nth counts from 1 (the first time the rule falls due), got {nth}")
    r = _rule(rule, protocol)
    return after(r.due.times(nth), start, f"the rule {r.id}")


def overdue_after(
    rule: str | Rule, start: date | datetime, *, protocol: Protocol | None = None
) -> date | datetime:
    """When rule `rule` becomes overdue after `start`: its `overdue` duration if the
    protocol gives one (family_plan_review: due at 6 weeks, overdue after 8), else the day
    it falls due (due today is not yet overdue: see is_overdue)."""
    r = _rule(rule, protocol)
    return after(r.overdue or r.due, start, f"the rule {r.id}")


def latest_start(rule: str | Rule, due_by: date, *, protocol: Protocol | None = None) -> date:
    """The latest start date from which rule `rule` falls due on or before `due_by`: the
    inverse of due_after, for rules counted in days or longer. Exact for days and weeks;
    for months and working days `due_by` may not be reachable (nothing is due one month
    after anything on 30 March), and then the day it falls due is the nearest before."""
    r = _rule(rule, protocol)
    duration = r.due
    if duration.is_clock:
        date_after(duration, due_by, f"the rule {r.id}")  # raises: hours need a moment
    # A first guess within a few days, then walk: due dates never go back as starts go on.
    start = due_by - timedelta(days=round(duration.approx_days))
    while date_after(duration, start) > due_by:
        start -= timedelta(days=1)
    while date_after(duration, start + timedelta(days=1)) <= due_by:
        start += timedelta(days=1)
    return start
