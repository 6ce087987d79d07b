"""TOP (Treatment Outcomes Profile): the 28-day grid as data/instruments/top.json defines it.

The file gives the occasions TOP is recorded at, the substances, the sections and every
field with its kind, range, labels and which direction is better. Everything is checked
on loading: a missing or unknown key (at the top, or in any occasion, substance, section
or field), a value of the wrong type or a range that cannot hold is a ContentFileError
naming the file and the key. Recording and comparing TOPs is the screening capability's
job (caseworker.screening.top); this module only reads the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.content.reader import ContentReader
from caseworker.core.paths import content_dir

KINDS = {"days", "days_per_substance", "rating", "count", "yes_no"}
# The code's rules hang on these ids (a review is set beside the latest start; the exit
# TOP ends the reviews), so the file names their labels and order, not the set itself.
OCCASION_IDS = ("start", "review", "exit")

# Field, substance and occasion ids become keys of the stored answers and names of form
# fields; section ids are only referred to within the file.
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SECTION_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_TOP_KEYS = {"id", "kind", "name", "short_name", "version", "timeframe", "intro",
             "occasions", "substances", "sections", "fields"}  # fmt: skip
_REQUIRED = ("id", "kind", "name", "timeframe", "occasions", "substances", "sections", "fields")
_FIELD_KEYS = {"id", "section", "kind", "label", "short_label", "min", "max", "better",
               "optional"}  # fmt: skip


@dataclass(frozen=True)
class TopField:
    id: str
    section: str
    kind: str  # days | days_per_substance | rating | count | yes_no
    label: str
    min: int = 0
    max: int = 1
    better: str = "lower"  # "lower" or "higher"
    optional: bool = False
    short_label: str = ""  # fits a form's label column; the label when the file gives none


@dataclass(frozen=True)
class TopDefinition:
    name: str
    timeframe: str
    substances: tuple[tuple[str, str], ...]  # (id, label)
    fields: tuple[TopField, ...]
    occasions: tuple[tuple[str, str], ...] = ()  # (id, label), in the file's order
    sections: tuple[tuple[str, str], ...] = ()  # (id, title)
    short_name: str = "TOP"
    version: str = ""
    intro: str = ""

    def field(self, field_id: str) -> TopField:
        return next(f for f in self.fields if f.id == field_id)


def definition_path() -> Path:
    return content_dir() / "instruments" / "top.json"


@lru_cache(maxsize=1)
def load_definition() -> TopDefinition:
    return load_definition_file(definition_path())


def load_definition_file(path: Path | str) -> TopDefinition:
    """Load and validate a TOP definition file (see the module's docstring)."""
    path = Path(path)

    r = ContentReader(path)

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise r.fail(f"cannot be read as JSON: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("kind") != "outcome-profile":
        raise r.fail("must be an object with kind 'outcome-profile'")
    _keys(r, raw, "the file", _TOP_KEYS, _REQUIRED)
    if raw["id"] != "top":
        raise r.fail(f"id must be 'top' (TOP records are stored under it), got {raw['id']!r}")
    text = {key: _text(r, raw.get(key, ""), key, required=key in _REQUIRED)
            for key in ("name", "short_name", "version", "timeframe", "intro")}  # fmt: skip

    occasions = _pairs(r, raw["occasions"], "occasion", "label")
    ids = sorted(o for o, _ in occasions)
    if ids != sorted(OCCASION_IDS):
        raise r.fail(
            f"occasions must be {', '.join(OCCASION_IDS)}, each once (labels and order are "
            f"yours to choose); found {', '.join(ids) or 'none'}"
        )
    substances = _pairs(r, raw["substances"], "substance", "label")
    sections = _pairs(r, raw["sections"], "section", "title", _SECTION_ID)

    if not isinstance(raw["fields"], list) or not raw["fields"]:
        raise r.fail("fields must be a non-empty list")
    specs: list[TopField] = []
    for raw_field in raw["fields"]:
        spec = _field(r, raw_field, {s for s, _ in sections})
        if spec.id in {f.id for f in specs}:
            raise r.fail(f"field {spec.id!r} appears twice")
        specs.append(spec)
    per_substance = [f.id for f in specs if f.kind == "days_per_substance"]
    if len(per_substance) > 1:
        raise r.fail(f"only one field may be days_per_substance; found {', '.join(per_substance)}")
    if per_substance:  # the form asks each substance as days_<substance>
        clash = sorted({f"days_{s}" for s, _ in substances} & {f.id for f in specs})
        if clash:
            raise r.fail(f"field {clash[0]!r} has the name the form gives a substance's days")
    unused = [s for s, _ in sections if s not in {f.section for f in specs}]
    if unused:
        raise r.fail(f"section(s) {', '.join(map(repr, unused))} have no fields")
    return TopDefinition(
        name=text["name"],
        timeframe=text["timeframe"],
        substances=substances,
        fields=tuple(specs),
        occasions=occasions,
        sections=sections,
        short_name=text["short_name"] or "TOP",
        version=text["version"],
        intro=text["intro"],
    )


def _keys(r: ContentReader, raw: dict[str, Any], where: str, allowed: set[str],
          required: Iterable[str]) -> None:  # fmt: skip
    """Refuse unknown keys (usually a typo that would otherwise be silently ignored)."""
    r.obj(raw, where, tuple(required), allowed)


def _text(r: ContentReader, value: Any, where: str, *, required: bool = True) -> str:
    return r.text(value, where) if required else r.optional_text(value or None, where)


def _pairs(
    r: ContentReader, raw: Any, what: str, text_key: str, id_pattern: re.Pattern[str] = _ID
) -> tuple[tuple[str, str], ...]:
    """A non-empty list of {"id": ..., text_key: ...} objects with unique ids."""
    if not isinstance(raw, list) or not raw:
        raise r.fail(f"{what} list must be a non-empty list")
    pairs: list[tuple[str, str]] = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise r.fail(f"each {what} must be an object, got {entry!r}")
        pid = entry.get("id")
        if not isinstance(pid, str) or not id_pattern.match(pid):
            allowed = "_ and -" if id_pattern is _SECTION_ID else "_"
            raise r.fail(f"{what} id {pid!r} must be lower-case letters, digits and {allowed}")
        _keys(r, entry, f"{what} {pid!r}", {"id", text_key}, ("id", text_key))
        if pid in {p for p, _ in pairs}:
            raise r.fail(f"{what} {pid!r} appears twice")
        pairs.append((pid, _text(r, entry[text_key], f"{what} {pid!r} {text_key}")))
    return tuple(pairs)


def _field(r: ContentReader, raw: Any, sections: set[str]) -> TopField:
    if not isinstance(raw, dict):
        raise r.fail(f"each field must be an object, got {raw!r}")
    fid = raw.get("id")
    kind = raw.get("kind")
    if not isinstance(fid, str) or not _ID.match(fid) or kind not in KINDS:
        raise r.fail(
            f"field {fid!r} needs an id (lower-case letters, digits and _) and a kind from "
            f"{', '.join(sorted(KINDS))}"
        )
    where = f"field {fid!r}"
    _keys(r, raw, where, _FIELD_KEYS, ("id", "section", "kind", "better"))
    if raw["section"] not in sections:
        raise r.fail(f"{where} is in unknown section {raw['section']!r}")
    if raw["better"] not in ("lower", "higher"):
        raise r.fail(f"{where} better must be 'lower' or 'higher'")
    if kind == "yes_no":
        # A yes/no answer has no range, and a tick box cannot say "not recorded".
        extra = sorted({"min", "max", "optional"} & set(raw))
        if extra:
            raise r.fail(f"{where} is yes/no: {', '.join(extra)} does not apply")
    elif kind == "days_per_substance" and "optional" in raw:
        raise r.fail(f"{where}: optional does not apply (a blank is not 0 days)")
    low, high = raw.get("min", 0), raw.get("max", 1)
    if kind != "yes_no" and not (
        type(low) is int and type(high) is int and 0 <= low < high  # bool is not a bound
    ):
        raise r.fail(f"{where} needs whole-number min and max with min < max")
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise r.fail(f"{where} optional must be true or false, got {optional!r}")
    label = _text(r, raw.get("label", fid), f"{where} label")
    return TopField(
        id=fid,
        section=raw["section"],
        kind=kind,
        label=label,
        min=low,
        max=high,
        better=raw["better"],
        optional=optional,
        short_label=_text(r, raw.get("short_label", label), f"{where} short_label"),
    )
