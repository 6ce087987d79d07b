"""A length of time as a protocol writes it: a whole number and a unit ("91 days",
"6 weeks", "1 month", "10 working days", "48 hours").

Only the value and its words live here (standard library, so that the protocol loader in
caseworker.content can read and check a duration); counting one on from a date or a time
is the diary's job (caseworker.diary.timers), which knows the bank holidays and the clock.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from caseworker.core.errors import DurationError


class Unit(StrEnum):
    """The units a protocol may count in. The values are what the protocol file writes."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"
    WORKING_DAYS = "working days"
    HOURS = "hours"

    @property
    def singular(self) -> str:
        return self.value.removesuffix("s")


# Roughly how many calendar days one unit spans: only to compare two durations in
# different units (a rule's "overdue" must not come before its "due"), never to count.
_APPROX_DAYS = {
    Unit.DAYS: 1.0,
    Unit.WEEKS: 7.0,
    Unit.MONTHS: 365.25 / 12,
    Unit.YEARS: 365.25,
    Unit.WORKING_DAYS: 7 / 5,
    Unit.HOURS: 1 / 24,
}

_WORDS = {u.value: u for u in Unit} | {u.singular: u for u in Unit}
_SHAPE = re.compile(r"^\s*([+-]?\d+)\s*([a-z][a-z ]*?)\s*$")


@dataclass(frozen=True)
class Duration:
    """A whole number of one unit. Zero is a duration (due on the day itself); a negative
    one is not."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise DurationError(f"a duration counts whole {self.unit}, got {self.amount!r}")
        if self.amount < 0:
            raise DurationError(f"a duration cannot be negative, got {self.amount}")

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.singular if self.amount == 1 else self.unit.value}"

    def times(self, n: int) -> Duration:
        """n of these, counted as one (the n-th monthly review is n months from the anchor,
        never n steps of one month, so a month end does not drift to the 28th)."""
        return Duration(self.amount * n, self.unit)

    @property
    def is_clock(self) -> bool:
        """Counted in elapsed hours from a moment, rather than in days from a date."""
        return self.unit is Unit.HOURS

    @property
    def approx_days(self) -> float:
        return self.amount * _APPROX_DAYS[self.unit]


def parse_duration(text: str) -> Duration:
    """'6 weeks' -> Duration(6, WEEKS); 'a while' -> DurationError saying what to write.

    A whole number then a unit, singular or plural, in any case: days, weeks, months,
    years, working days, hours ("1 working day", "48 hours", "3 Months")."""
    if not isinstance(text, str):
        raise DurationError(f'write a duration in quotes, such as "6 weeks", got {text!r}')
    m = _SHAPE.match(text.lower())
    if not m:
        raise DurationError(
            f'{text!r} is not a duration: write a whole number and a unit, such as "6 weeks"'
            f" (units: {units_in_words()})"
        )
    number, word = m.groups()
    word = " ".join(word.split())
    unit = _WORDS.get(word)
    if unit is None:
        close = difflib.get_close_matches(word, [u.value for u in Unit], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise DurationError(
            f"{text!r} is not a duration: {word!r} is not a unit ({units_in_words()}){hint}"
        )
    amount = int(number)
    if amount < 0:
        raise DurationError(f"{text!r} is not a duration: a duration cannot be negative")
    return Duration(amount, unit)


def units_in_words() -> str:
    names = [u.value for u in Unit]
    return ", ".join(names[:-1]) + " or " + names[-1]
