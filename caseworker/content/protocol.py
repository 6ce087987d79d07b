"""The local protocol: settings a service changes to match its own rules.

Two TOML files, read in order: the shipped defaults (data/protocol.toml, installed as
caseworker/data/protocol.toml, each setting with a comment saying what it is and where
its value comes from) and the service's own file, protocol.toml in the config folder
(core.paths.config_dir()). The local file lives outside the package so that a reinstall
never touches it, and it may set any subset of the settings: what it leaves out keeps
the default.

Both files are validated the same way: a key nobody reads (usually a typo), a value of
the wrong type or out of range, or a file that is not TOML is a ContentFileError naming
the file and the key (or the line). A setting missing from the shipped file falls back
to the default written in the Protocol dataclass below, which the shipped file repeats.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.core.errors import ContentFileError
from caseworker.core.paths import config_dir, content_dir

PROTOCOL_FILENAME = "protocol.toml"
DEFAULT = "default"  # the source of a setting the local file does not set


@dataclass(frozen=True)
class Protocol:
    # AUDIT-C total at or above which the screen is positive (UK: 5; other countries differ).
    audit_c_cutoff: int = 5
    # Days after a screening before the client is due to be screened again.
    rescreen_interval_days: int = 91
    # Days from a screen that finds the client caring for children (or expecting) to the
    # pre-CAF assessment being due. Not set by the seeds: a local choice.
    precaf_due_days: int = 28
    # TOP: at start, every 6 months, and at exit (NDTMS practice).
    top_review_interval_days: int = 182


# (minimum, maximum) for each integer setting; None means no upper limit.
_LIMITS: dict[str, tuple[int, int | None]] = {
    "audit_c_cutoff": (1, 12),
    "rescreen_interval_days": (1, None),
    "precaf_due_days": (0, None),
    "top_review_interval_days": (1, None),
}


@dataclass(frozen=True)
class ProtocolSetting:
    """One effective setting, and where its value came from."""

    name: str
    value: int
    source: str  # "default" (the shipped file) or the path of the local file


def default_path() -> Path:
    """The shipped defaults (replaced by every install: never the place for local values)."""
    return content_dir() / PROTOCOL_FILENAME


def local_protocol_path() -> Path:
    """The service's own protocol file (it need not exist)."""
    return config_dir() / PROTOCOL_FILENAME


def setting_names() -> list[str]:
    return [f.name for f in fields(Protocol)]


def check_settings(raw: object, path: Path | str = "<protocol>") -> dict[str, int]:
    """Validate a decoded mapping of settings; returns only the settings it sets."""
    if not isinstance(raw, dict):
        raise ContentFileError(path, "the file must hold settings, one `name = value` a line")
    known = setting_names()
    values: dict[str, int] = {}
    for key, value in raw.items():
        if key not in known:
            raise ContentFileError(
                path, f"unknown setting {key!r}; known settings: {', '.join(sorted(known))}"
            )
        low, high = _LIMITS[key]
        # bool is an int to Python, but `true` is never a number of days.
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentFileError(path, f"{key} must be a whole number, got {value!r}")
        if value < low or (high is not None and value > high):
            upper = f" to {high}" if high is not None else " or more"
            raise ContentFileError(path, f"{key} must be {low}{upper}, got {value}")
        values[key] = value
    return values


def parse_protocol(raw: object, path: Path | str = "<protocol>") -> Protocol:
    """Validate an already-decoded protocol mapping; missing keys take defaults."""
    return Protocol(**check_settings(raw, path))


def read_settings(path: Path | str) -> dict[str, int]:
    """The settings one protocol file sets, validated ({} when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentFileError(path, f"cannot be read: {exc}") from exc
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message gives the line and column
        raise ContentFileError(path, f"is not valid TOML: {exc}") from exc
    return check_settings(raw, path)


def load_protocol_file(path: Path | str) -> Protocol:
    """Load and validate one protocol file; a missing file or setting means the default."""
    return Protocol(**read_settings(path))


def effective_settings() -> list[ProtocolSetting]:
    """Every setting in force, with its value and source: "default" (data/protocol.toml,
    or the code's default if that file leaves it out) or the local file's path. Read
    afresh each call, unlike load_protocol()."""
    defaults = read_settings(default_path())
    local_file = local_protocol_path()
    local = read_settings(local_file)
    base = Protocol()
    out = []
    for name in setting_names():
        if name in local:
            out.append(ProtocolSetting(name, local[name], str(local_file)))
        else:
            out.append(ProtocolSetting(name, defaults.get(name, getattr(base, name)), DEFAULT))
    return out


@lru_cache(maxsize=1)
def load_protocol() -> Protocol:
    """The protocol in force: the shipped defaults overridden by the local file.

    Cached, so a change takes effect on next open (or after load_protocol.cache_clear()).
    """
    return Protocol(**{s.name: s.value for s in effective_settings()})
