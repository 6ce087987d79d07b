"""The local agency directory as data: data/agencies.toml, loaded and validated like the
other content files (caseworker.content.reader), so the referral form can offer the
agencies a service refers to most. A broken file is a ContentFileError naming the file and
the key: an unknown or missing key, an id used twice, a kind that is not known."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.content.reader import ContentReader, read_toml
from caseworker.core.paths import content_dir

CSC = "csc"  # children's social care: a verbal referral is confirmed in writing
KINDS = (CSC, "early_help", "health", "education", "family", "police", "housing", "other")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"id", "version", "agencies"}
_AGENCY_KEYS = {"id", "name", "kind", "team", "phone"}


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    kind: str
    team: str = ""
    phone: str = ""

    @property
    def is_csc(self) -> bool:
        return self.kind == CSC


def agencies_path() -> Path:
    return content_dir() / "agencies.toml"


@lru_cache(maxsize=1)
def load_agencies() -> tuple[Agency, ...]:
    """The shipped directory (cached)."""
    return load_agencies_file(agencies_path())


def check_agencies() -> None:
    """Validate the shipped file: for `caseworker check`."""
    load_agencies_file(agencies_path())


def load_agencies_file(path: Path | str) -> tuple[Agency, ...]:
    path = Path(path)
    r = ContentReader(path)
    raw = read_toml(path)
    if raw is None:
        raise r.fail("file not found")
    r.obj(raw, "the file", tuple(sorted(_TOP_KEYS)), _TOP_KEYS)
    if raw["id"] != "agencies":
        raise r.fail(f"id must be 'agencies', got {raw['id']!r}")
    r.text(raw["version"], "version")
    out: list[Agency] = []
    for item in r.list_(raw["agencies"], "agencies"):
        if not isinstance(item, dict):
            raise r.fail(f"each agency must be a table, got {item!r}")
        agency_id: Any = item.get("id")
        if not isinstance(agency_id, str) or not _ID.match(agency_id):
            raise r.fail(f"an agency id {agency_id!r} must be lower-case letters, digits and _")
        where = f"agency {agency_id!r}"
        r.obj(item, where, ("id", "name", "kind"), _AGENCY_KEYS)
        if agency_id in {a.id for a in out}:
            raise r.fail(f"{where} appears twice")
        if item["kind"] not in KINDS:
            raise r.fail(f"{where} kind {item['kind']!r}: use one of {', '.join(KINDS)}")
        out.append(
            Agency(
                agency_id,
                r.text(item["name"], f"{where} name"),
                item["kind"],
                r.optional_text(item.get("team"), f"{where} team"),
                r.optional_text(item.get("phone"), f"{where} phone"),
            )
        )
    return tuple(out)
