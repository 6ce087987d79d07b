"""TOP (Treatment Outcomes Profile): one record of the 28-day grid, and review vs start.

The fields, their ranges and which direction is better come from
data/instruments/top.json; TopRecord checks every value against them on creation
and raises ValueError naming the field. compare() gives the per-field change from
the start record to a review (or exit) record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.core.errors import ContentFileError
from caseworker.core.paths import content_dir

KINDS = {"days", "days_per_substance", "rating", "count", "yes_no"}


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


@dataclass(frozen=True)
class TopDefinition:
    name: str
    timeframe: str
    substances: tuple[tuple[str, str], ...]  # (id, label)
    fields: tuple[TopField, ...]

    def field(self, field_id: str) -> TopField:
        return next(f for f in self.fields if f.id == field_id)


@dataclass(frozen=True, kw_only=True)
class TopRecord:
    """One TOP: the past 28 days. Substances left out of substance_days count as 0 days."""

    substance_days: Mapping[str, int]
    alcohol_units_per_day: int | None = None
    injecting_days: int
    shared_needles: bool
    shared_paraphernalia: bool
    shoplifting_days: int
    selling_drugs_days: int
    vehicle_theft: bool
    property_theft: bool
    fraud: bool
    assault: bool
    psychological_health: int
    paid_work_days: int
    education_days: int
    physical_health: int
    acute_housing_problem: bool
    risk_of_eviction: bool
    quality_of_life: int

    def __post_init__(self) -> None:
        definition = load_definition()
        for spec in definition.fields:
            value = getattr(self, spec.id)
            if spec.kind == "days_per_substance":
                object.__setattr__(self, spec.id, _substance_days(definition, spec, value))
            else:
                _check(spec, spec.id, value)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["substance_days"] = dict(self.substance_days)
        return data


@dataclass(frozen=True)
class FieldChange:
    field: str  # e.g. "injecting_days" or "substance_days.opiates"
    label: str
    start: int | bool | None
    review: int | bool | None
    change: int | None  # review - start for numbers; None for yes/no or a value not recorded
    direction: str | None  # "better", "worse", "same"; None when a value was not recorded


def compare(start: TopRecord, review: TopRecord) -> dict[str, FieldChange]:
    """Per-field change from the start record to a review (or exit) record, in form order."""
    definition = load_definition()
    changes: dict[str, FieldChange] = {}
    for spec in definition.fields:
        if spec.kind == "days_per_substance":
            for substance, label in definition.substances:
                key = f"{spec.id}.{substance}"
                changes[key] = _change(
                    spec, key, f"{label}: days used",
                    start.substance_days[substance], review.substance_days[substance],
                )  # fmt: skip
        else:
            changes[spec.id] = _change(
                spec, spec.id, spec.label, getattr(start, spec.id), getattr(review, spec.id)
            )
    return changes


def _change(spec: TopField, key: str, label: str, before: Any, after: Any) -> FieldChange:
    if before is None or after is None:
        return FieldChange(key, label, before, after, None, None)
    delta = int(after) - int(before)
    if delta == 0:
        direction = "same"
    elif (delta < 0) == (spec.better == "lower"):
        direction = "better"
    else:
        direction = "worse"
    change = None if spec.kind == "yes_no" else delta
    return FieldChange(key, label, before, after, change, direction)


def _check(spec: TopField, name: str, value: Any) -> None:
    if spec.kind == "yes_no":
        if not isinstance(value, bool):
            raise ValueError(f"TOP field {name!r} must be yes (True) or no (False), got {value!r}")
        return
    if value is None and spec.optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not spec.min <= value <= spec.max:
        raise ValueError(
            f"TOP field {name!r} must be a whole number from {spec.min} to {spec.max}, "
            f"got {value!r}"
        )


def _substance_days(definition: TopDefinition, spec: TopField, value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValueError(f"TOP field {spec.id!r} must map substance to days used, got {value!r}")
    known = [s for s, _ in definition.substances]
    for substance in value:
        if substance not in known:
            raise ValueError(
                f"TOP field '{spec.id}.{substance}': unknown substance; known: {', '.join(known)}"
            )
    days = {s: value.get(s, 0) for s in known}
    for substance, count in days.items():
        _check(spec, f"{spec.id}.{substance}", count)
    return days


# ---------------------------------------------------------------- the data file


def definition_path() -> Path:
    return content_dir() / "instruments" / "top.json"


@lru_cache(maxsize=1)
def load_definition() -> TopDefinition:
    return load_definition_file(definition_path())


def load_definition_file(path: Path | str) -> TopDefinition:
    """Load and validate top.json; its fields must be exactly TopRecord's fields."""
    path = Path(path)

    def fail(problem: str) -> ContentFileError:
        return ContentFileError(path, problem)

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise fail(f"cannot be read as JSON: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("kind") != "outcome-profile":
        raise fail("must be an object with kind 'outcome-profile'")
    for key in ("name", "timeframe", "substances", "sections", "fields"):
        if key not in raw:
            raise fail(f"is missing the field {key!r}")
    try:
        substances = tuple((str(s["id"]), str(s["label"])) for s in raw["substances"])
        sections = {str(s["id"]) for s in raw["sections"]}
    except (TypeError, KeyError) as exc:
        raise fail(f"substances and sections need an id and a label/title ({exc})") from exc
    if not substances or len({s for s, _ in substances}) != len(substances):
        raise fail("substances must be a non-empty list with unique ids")
    specs = [_field(fail, raw_field, sections) for raw_field in raw["fields"]]
    ids = [f.id for f in specs]
    expected = [f.name for f in fields(TopRecord)]
    if sorted(ids) != sorted(expected) or len(set(ids)) != len(ids):
        raise fail(
            f"fields must be exactly {', '.join(expected)} (each once); found {', '.join(ids)}"
        )
    return TopDefinition(str(raw["name"]), str(raw["timeframe"]), substances, tuple(specs))


def _field(fail: Any, raw: Any, sections: set[str]) -> TopField:
    if not isinstance(raw, dict):
        raise fail(f"each field must be an object, got {raw!r}")
    fid = raw.get("id")
    kind = raw.get("kind")
    if not isinstance(fid, str) or kind not in KINDS:
        raise fail(f"field {fid!r} needs an id and a kind from {', '.join(sorted(KINDS))}")
    if raw.get("section") not in sections:
        raise fail(f"field {fid!r} is in unknown section {raw.get('section')!r}")
    if raw.get("better") not in ("lower", "higher"):
        raise fail(f"field {fid!r} better must be 'lower' or 'higher'")
    low, high = raw.get("min", 0), raw.get("max", 1)
    if kind != "yes_no" and not (
        isinstance(low, int) and isinstance(high, int) and 0 <= low < high
    ):
        raise fail(f"field {fid!r} needs whole-number min and max with min < max")
    return TopField(
        id=fid,
        section=raw["section"],
        kind=kind,
        label=str(raw.get("label", fid)),
        min=low,
        max=high,
        better=raw["better"],
        optional=bool(raw.get("optional", False)),
    )
