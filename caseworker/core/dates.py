"""UK dates (dd/mm/yyyy) as workers type and read them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

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


# ---- moments as stored ----------------------------------------------------------------
# A moment made in this session is aware (UTC); one read back from SQLite is naive (also
# UTC; PostgreSQL gives it back aware). These make either one kind, to compare or show.


def naive_utc(at: datetime) -> datetime:
    """The moment as naive UTC (to compare stamps from the store and from this session)."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def aware_utc(at: datetime | None) -> datetime | None:
    """The moment as an aware one, in UTC (None stays None)."""
    if at is None:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
