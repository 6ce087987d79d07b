"""Reading what a worker typed into a form, before anything is saved.

A capability's validator reads the raw text of each field with a FormReader and gets
cleaned values, or a ValidationFailed whose FieldErrors name each field in the words
the form uses, so the screen can show "Date of birth: ..." rather than a traceback.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from caseworker.core import vocab
from caseworker.core.dates import parse_uk_date
from caseworker.core.errors import DateError, FieldError, ValidationFailed


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

    def text(self, field: str, label: str, *, required: bool = False, max_len: int = 200) -> str:
        value = str(self.raw.get(field) or "").strip()
        if required and not value:
            self.errors.append(FieldError(field, label, "is required"))
        elif len(value) > max_len:
            self.errors.append(FieldError(field, label, f"is too long (at most {max_len})"))
        self.clean[field] = value
        return value

    def choice(
        self, field: str, label: str, choices: vocab.Choices, default: str | None
    ) -> str | None:
        """default=None: the worker must choose (no answer is recorded for them)."""
        value = self.raw.get(field) or default
        if value is None:
            self.errors.append(FieldError(field, label, "choose one (nothing is assumed)"))
        elif value not in vocab.values(choices):
            self.errors.append(FieldError(field, label, "choose one of the options"))
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

    def date(self, field: str, label: str, *, required: bool = False) -> date | None:
        raw = str(self.raw.get(field) or "")
        try:
            value = parse_uk_date(raw)
        except DateError as exc:
            self.errors.append(FieldError(field, label, str(exc)))
            self.clean[field] = None
            return None
        if required and value is None:
            self.errors.append(FieldError(field, label, "is required (dd/mm/yyyy)"))
        self.clean[field] = value
        return value

    def fail(self, field: str, label: str, message: str) -> None:
        self.errors.append(FieldError(field, label, message))

    def result(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationFailed(self.errors)
        return self.clean
