"""Reading what a worker typed into a form, before anything is saved.

A capability's validator reads the raw text of each field with a FormReader and gets
cleaned values, or a ValidationFailed whose FieldErrors name each field in the words
the form uses, so the screen can show "Date of birth: ..." rather than a traceback.
The capability functions (caseworker.people, caseworker.screening) validate, not the
forms, so the CLI and an import are held to the same rules.

The limits are here, in one place: how long each kind of text may be (NAME, LINE, NOTES...), which
characters text may hold (text_problem) and how far back or ahead each kind of date may
be (DATES).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from caseworker.core import vocab
from caseworker.core.dates import format_uk, parse_uk_date
from caseworker.core.errors import DateError, FieldError, ValidationFailed

# ---- how long text may be ----------------------------------------------------------------
# Generous for real use, small enough that a paste of a whole document is refused with a
# reason rather than saved into a name (and every screen and export sized around it).
NAME = 100  # a person, an agency, a recipient (the longest real names are well inside)
PHONE = 40  # with spaces, an extension, "mobile"
EMAIL = 254  # the longest address the mail standards allow
LINE = 200  # any other one line: a school, a team, a relationship, a role
ADDRESS = 400  # a full postal address, on several lines
PARAGRAPH = 1000  # a few sentences: a risk, the help received
NOTES = 4000  # free notes: about a page


def text_problem(value: str, *, max_len: int = LINE, lines: bool = False) -> str | None:
    """What is wrong with this text for a field (None: nothing), in words for the worker.

    Refused: control characters (NUL, escape, a tab or line break in a one-line field),
    which no one means to type and which would reach the terminal and the database as
    they are; and lone surrogates, half of a character that a broken paste or a
    mis-decoded file leaves and that no encoding can save. Everything else a keyboard
    can make is kept: accents, emoji, right-to-left text and its direction marks.
    """
    if len(value) > max_len:
        return f"is too long ({len(value):,} characters; at most {max_len:,})"
    for ch in value:
        if lines and ch in "\n\t":
            continue
        kind = unicodedata.category(ch)
        if kind == "Cs":
            return "holds a broken character (half of one, from a paste?): retype it"
        if kind == "Cc":
            where = "" if lines or ch not in "\n\r\t" else " (this field is one line)"
            return f"holds a control character U+{ord(ch):04X}{where}: remove it"
    return None


# ---- how far back or ahead a date may be -------------------------------------------------


@dataclass(frozen=True)
class DateRange:
    """The dates a field may hold: from `earliest`, and at most `ahead` after today
    (timedelta(0): not in the future). `why` says, in the error, what the range is for."""

    earliest: date
    ahead: timedelta | None
    why: str

    def latest(self, today: date) -> date | None:
        if self.ahead is None:
            return None
        return today + self.ahead if date.max - self.ahead >= today else date.max


DATES = {
    # Births: no one alive was born before 1900 (the oldest living people were born
    # around 1910), so an earlier year is a slip of the keyboard (0999, 1026 for 2026).
    "birth": DateRange(date(1900, 1, 1), timedelta(0), "a date of birth"),
    # A due date: no earlier than today (a passed one is a birth to record, checked by the
    # validator with its own message) and at most 44 weeks ahead, a whole pregnancy.
    "due": DateRange(date(1900, 1, 1), timedelta(weeks=44), "a due date"),
    # What a worker did or an agency told them (a consent decision, the sharing policy
    # explained, a contact checked, an agency involved since): not in the future, and not
    # before 1970, when the Local Authority Social Services Act made the social services
    # departments this kind of network is recorded with.
    "event": DateRange(date(1970, 1, 1), timedelta(0), "a date of something that happened"),
    # A date planned ahead (a meeting's next date, a booking, a moved due item): at most
    # 5 years on, as long as the protocol's longest timer may be (content.rules.LONGEST).
    "planned": DateRange(date(1970, 1, 1), timedelta(days=5 * 366), "a date planned ahead"),
    # A field not yet given a kind of its own: at least no year a keyboard slip makes.
    "any": DateRange(date(1900, 1, 1), timedelta(days=100 * 365), "a date"),
}


def date_problem(
    value: date, kind: str, today: date | None, *, future: str = "cannot be in the future"
) -> str | None:
    """What is wrong with this date for a field of this kind (DATES), or None; `future`
    is what to say of a date after today where the kind allows none (with no today,
    only the earliest date is checked)."""
    allowed = DATES[kind]
    latest = None if today is None else allowed.latest(today)
    if value < allowed.earliest:
        return f"is too long ago for {allowed.why} (the earliest is {format_uk(allowed.earliest)})"
    if latest is not None and value > latest:
        if latest == today:
            return future
        return f"is too far ahead for {allowed.why} (the latest is {format_uk(latest)})"
    return None


def whole_number(text: str) -> int | None:
    """The number typed, or None: plain digits 0-9 only (str.isdigit also passes "²" and
    other digits int() refuses), at most 9 of them."""
    text = text.strip()
    if not text or len(text) > 9 or not text.isascii() or not text.isdigit():
        return None
    return int(text)


class FormReader:
    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        self.clean: dict[str, Any] = {}
        self.errors: list[FieldError] = []

    def text(
        self,
        field: str,
        label: str,
        *,
        required: bool = False,
        max_len: int = LINE,
        lines: bool | None = None,
    ) -> str:
        """Text of at most max_len characters (the limits above). lines=True: a field of
        several lines (line breaks and tabs kept, Windows line ends made plain); left
        unsaid, a field longer than LINE (notes, reasons, an address) has several."""
        if lines is None:
            lines = max_len > LINE
        raw = self.raw.get(field)
        if raw is not None and not isinstance(raw, str):
            self.errors.append(FieldError(field, label, "must be text"))
            self.clean[field] = ""
            return ""
        value = (raw or "").strip()
        if lines:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        problem = text_problem(value, max_len=max_len, lines=lines)
        if required and not value:
            self.errors.append(FieldError(field, label, "is required"))
        elif problem:
            self.errors.append(FieldError(field, label, problem))
        self.clean[field] = value
        return value

    def choice(
        self, field: str, label: str, choices: vocab.Choices, default: str | None
    ) -> str | None:
        """default=None: the worker must choose (no answer is recorded for them)."""
        value = self.raw.get(field) or default
        if value is None:
            self.errors.append(FieldError(field, label, "choose one (nothing is assumed)"))
        elif not isinstance(value, str) or value not in vocab.values(choices):
            self.errors.append(FieldError(field, label, "choose one of the options"))
            value = None  # what follows in the validator never sees a value it cannot use
        self.clean[field] = value
        return value

    def asked(self, field: str, default: str) -> str | None:
        """The default for a choice, unless the form asked it and it was left blank (the
        key is there, with no value): then None, so nothing is assumed for the worker.
        Callers that do not ask (the demo, an import) leave the key out and get the default."""
        if field in self.raw and self.raw[field] in (None, ""):
            return None
        return default

    def has_error(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def flag(self, field: str) -> bool:
        value = bool(self.raw.get(field))
        self.clean[field] = value
        return value

    def date(
        self,
        field: str,
        label: str,
        *,
        kind: str = "any",
        today: date | None = None,
        required: bool = False,
        future: str = "cannot be in the future",
    ) -> date | None:
        """A dd/mm/yyyy date within the range for its kind (DATES: "birth", "due",
        "event"; every field should name one, and today); a date outside it is an error
        (`future`: the words for one after today) and reads as None."""
        raw = self.raw.get(field)
        value: date | None = None
        try:
            if isinstance(raw, date):  # already a date (an import, say)
                value = raw
            elif raw is None or isinstance(raw, str):
                value = parse_uk_date(raw or "")
            else:
                raise DateError("must be a date (dd/mm/yyyy)")
        except DateError as exc:
            self.errors.append(FieldError(field, label, str(exc)))
            self.clean[field] = None
            return None
        problem = None if value is None else date_problem(value, kind, today, future=future)
        if problem:
            self.errors.append(FieldError(field, label, problem))
            value = None
        elif required and value is None:
            self.errors.append(FieldError(field, label, "is required (dd/mm/yyyy)"))
        self.clean[field] = value
        return value

    def clock(self, field: str, label: str, *, required: bool = False) -> time | None:
        """A time of day as HH:MM (24-hour); None when left blank (an error if required)."""
        raw = str(self.raw.get(field) or "").strip()
        hours, _, minutes = raw.partition(":")
        if raw and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
            if len(hours) <= 2 and int(hours) < 24 and int(minutes) < 60:
                value = time(int(hours), int(minutes))
                self.clean[field] = value
                return value
        if raw or required:
            self.fail(field, label, "give a time of day as HH:MM (24-hour), e.g. 14:30")
        self.clean[field] = None
        return None

    def fail(self, field: str, label: str, message: str) -> None:
        self.errors.append(FieldError(field, label, message))

    def result(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationFailed(self.errors)
        return self.clean
