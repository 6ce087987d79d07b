"""Reading a decoded content file (JSON or TOML) strictly: every problem is a
ContentFileError naming the file, where in it, and what is wrong, so a service that
edited the file can put it right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseworker.core.errors import ContentFileError


def read_toml(path: Path) -> dict[str, Any] | None:
    """A service's TOML file, decoded; None when there is no such file. Unreadable or
    invalid TOML is a ContentFileError naming the file (and the line, from tomllib)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentFileError(path, f"cannot be read: {exc}") from None
    import tomllib  # here: most services have no such file, and its parser's start is slow

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message gives the line and column
        raise ContentFileError(path, f"is not valid TOML: {exc}") from None


class ContentReader:
    """Checks of one file's values; each failure is a ContentFileError for that file."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, problem: str) -> ContentFileError:
        return ContentFileError(self.path, problem)

    def obj(self, value: Any, where: str, required: tuple[str, ...], allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"{where} must be an object, got {type(value).__name__}")
        # Unknown first: a misspelt field is also a missing one, and the typo is the news.
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(
                f"{where} has unknown field(s) {', '.join(map(repr, unknown))}; "
                f"allowed: {', '.join(sorted(allowed))}"
            )
        for key in required:
            if key not in value:
                raise self.fail(f"{where} is missing the field {key!r}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where} must be non-empty text, got {value!r}")
        return value

    def optional_text(self, value: Any, where: str) -> str:
        return "" if value is None else self.text(value, where)

    def int_(self, value: Any, where: str, minimum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where} must be a whole number, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(f"{where} must be at least {minimum}, got {value}")
        return value

    def list_(self, value: Any, where: str, non_empty: bool = True) -> list:
        if not isinstance(value, list):
            raise self.fail(f"{where} must be a list, got {type(value).__name__}")
        if non_empty and not value:
            raise self.fail(f"{where} must not be empty")
        return value
