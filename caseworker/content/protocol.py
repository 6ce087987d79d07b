"""The local protocol: settings a service changes to match its own rules.

Read from data/protocol.json (shipped as caseworker/data/protocol.json). Every
setting has a default here, so a file that leaves one out still works; a value of
the wrong type or out of range, or a key nobody reads (usually a typo), is a
ContentFileError naming the file and the key. Keys starting with "_" are comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from caseworker.core.errors import ContentFileError
from caseworker.core.paths import content_dir

PROTOCOL_FILENAME = "protocol.json"


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


def default_path() -> Path:
    return content_dir() / PROTOCOL_FILENAME


def parse_protocol(raw: object, path: Path | str = "<protocol>") -> Protocol:
    """Validate an already-decoded protocol mapping; missing keys take defaults."""
    if not isinstance(raw, dict):
        raise ContentFileError(path, "the file must hold a JSON object of settings")
    known = {f.name for f in fields(Protocol)}
    values: dict[str, int] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or key.startswith("_"):
            continue
        if key not in known:
            raise ContentFileError(
                path, f"unknown setting {key!r}; known settings: {', '.join(sorted(known))}"
            )
        low, high = _LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentFileError(path, f"{key} must be a whole number, got {value!r}")
        if value < low or (high is not None and value > high):
            upper = f" to {high}" if high is not None else " or more"
            raise ContentFileError(path, f"{key} must be {low}{upper}, got {value}")
        values[key] = value
    return Protocol(**values)


def load_protocol_file(path: Path | str) -> Protocol:
    """Load and validate a protocol file; a missing file means every default."""
    path = Path(path)
    if not path.exists():
        return Protocol()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentFileError(path, f"cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ContentFileError(path, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return parse_protocol(raw, path)


@lru_cache(maxsize=1)
def load_protocol() -> Protocol:
    """The shipped local protocol (cached; call load_protocol.cache_clear() after editing)."""
    return load_protocol_file(default_path())
