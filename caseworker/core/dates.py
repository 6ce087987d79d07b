"""UK dates (dd/mm/yyyy) as workers type and read them."""

from __future__ import annotations

import re
from datetime import date

from caseworker.core.errors import DateError

_UK = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_uk_date(text: str) -> date | None:
    """'' -> None; '29/02/2024' -> date; anything else -> DateError with a plain reason."""
    if not text or not text.strip():
        return None
    m = _UK.match(text)
    if not m:
        raise DateError("use the format dd/mm/yyyy, for example 05/03/2019")
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{text.strip()} is not a real date") from None


def format_uk(d: date | None) -> str:
    # Not strftime: it writes year 999 as "999", which would not read back as a date.
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}" if d else ""


def age_on(born: date, on: date) -> int:
    """Whole years; someone born on 29 February has their birthday on 1 March in other years."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
