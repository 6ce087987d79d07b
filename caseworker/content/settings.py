"""The local settings: settings.toml in the service's config folder (``paths.config_dir()``,
so a reinstall never touches it). It holds the keymap (any key of the app can be moved by
the id of its binding) and the idle lock:

```toml
[keymap]
"caseload.new_client" = "ctrl+n"     # one key
"record.add_child" = ["c", "ctrl+k"]  # or several

[lock]
idle_minutes = 5                      # back to the unlock screen after 5 idle minutes
```

A missing file means the defaults. Anything else that is wrong (not TOML, a setting
nobody reads, a key that is not text) is a ContentFileError naming the file and the
setting, so whoever edited it can put it right. Which binding ids exist is known to the
app, not here: the app reports an id that no screen has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caseworker.content.reader import read_toml
from caseworker.core.errors import ContentFileError
from caseworker.core.paths import config_dir

SETTINGS_FILENAME = "settings.toml"
_TABLES = ("keymap", "lock")
DEFAULT_IDLE_MINUTES = 10
# A day: longer is not an idle lock but none, which a service cannot choose here.
_MAX_IDLE_MINUTES = 24 * 60


@dataclass(frozen=True)
class Settings:
    # binding id -> its key(s), comma-separated as Textual writes them ("n,ctrl+n")
    keymap: dict[str, str] = field(default_factory=dict)
    # Minutes without a key or the mouse before the app locks itself (a fraction is allowed).
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    path: Path | None = None  # the file they came from (None: the defaults)


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    """The local settings (defaults if there is no file). Raises ContentFileError."""
    path = path or settings_path()
    raw = read_toml(path)
    if raw is None:
        return Settings()
    for name, value in raw.items():
        if name not in _TABLES:
            known = ", ".join(f"[{t}]" for t in _TABLES)
            raise ContentFileError(path, f"unknown setting {name!r} (this file has {known})")
        if not isinstance(value, dict):
            raise ContentFileError(path, f"{name} must be a table: a line [{name}] above it")
    return Settings(
        keymap=_keymap(path, raw.get("keymap", {})),
        idle_minutes=_idle_minutes(path, raw.get("lock", {})),
        path=path,
    )


def _idle_minutes(path: Path, table: dict[str, Any]) -> float:
    for name in table:
        if name != "idle_minutes":
            raise ContentFileError(path, f"lock: unknown setting {name!r} (it has idle_minutes)")
    value = table.get("idle_minutes", DEFAULT_IDLE_MINUTES)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ContentFileError(path, "lock: idle_minutes must be a number of minutes, e.g. 10")
    if not 0 < value <= _MAX_IDLE_MINUTES:
        raise ContentFileError(
            path, f"lock: idle_minutes must be more than 0 and at most {_MAX_IDLE_MINUTES}"
        )
    return float(value)


def _keymap(path: Path, table: dict[str, Any]) -> dict[str, str]:
    keymap: dict[str, str] = {}
    for binding_id, value in _flatten(table):
        where = f"keymap: {binding_id!r}"
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise ContentFileError(
                path, f'{where} must be a key as text, e.g. "ctrl+n", or a list of them'
            )
        parts = [p.strip() for k in keys for p in k.split(",")]
        if any(not p or any(c.isspace() for c in p) for p in parts):
            raise ContentFileError(
                path, f'{where} has a blank or spaced key: write keys like "n" or "ctrl+n"'
            )
        keymap[binding_id] = ",".join(parts)
    return keymap


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """An unquoted dotted id (caseload.new_client = ...) is a nested table in TOML:
    read it as the id it was meant to be."""
    items: list[tuple[str, Any]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            items += _flatten(value, f"{prefix}{name}.")
        else:
            items.append((f"{prefix}{name}", value))
    return items
