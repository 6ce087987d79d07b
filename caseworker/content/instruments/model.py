"""The instrument model: what a validated instrument file becomes.

Built only by caseworker.content.instruments.schema (which checks the file); scored by
caseworker.screening.scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from caseworker.content.protocol import Protocol, load_protocol

# Band bounds that follow the (possibly locally configured) cut-off.
BAND_TOKENS = {"positive_at": 0, "positive_at - 1": -1}


@dataclass(frozen=True)
class Option:
    label: str
    score: int


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""


@dataclass(frozen=True)
class Item:
    number: int
    section: str
    text: str
    options: tuple[Option, ...]

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(o.score for o in self.options)


@dataclass(frozen=True)
class Condition:
    """Either "the answer to `item` is one of `option_in`" or "items `sum_of` score `equals`"."""

    item: int | None = None
    option_in: frozenset[int] = frozenset()
    sum_of: tuple[int, ...] = ()
    equals: int = 0

    @property
    def items(self) -> tuple[int, ...]:
        return (self.item,) if self.item is not None else self.sum_of


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # "skip" | "stop"
    when: Condition
    skip: tuple[int, ...] = ()
    outcome: str | None = None  # stop rules only: "positive" | "negative"
    note: str = ""

    @property
    def position(self) -> int:
        """The rule is decided once this item (its condition's last) has been resolved."""
        return max(self.when.items)


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    label: str
    action: str = ""


@dataclass(frozen=True)
class Flag:
    min: int
    text: str


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    short_name: str
    version: str
    timeframe: str
    intro: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    rules: tuple[Rule, ...]
    positive_at: int | None  # None: read from the local protocol setting below
    positive_at_setting: str | None
    band_bounds: tuple[tuple[int | str, int | str, str, str], ...]
    flags: tuple[Flag, ...]
    suggests_positive: str
    suggests_negative: str
    follow_on: str | None
    carries_to: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    path: str = ""

    def item(self, number: int) -> Item:
        return self.items[number - 1]

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.items)

    @property
    def min_total(self) -> int:
        return sum(min(i.scores) for i in self.items)

    @property
    def max_total(self) -> int:
        return sum(max(i.scores) for i in self.items)

    def cutoff(self, protocol: Protocol | None = None, override: int | None = None) -> int:
        """The total at or above which the screen is positive."""
        if self.positive_at is not None:
            return self.positive_at
        assert self.positive_at_setting is not None
        if override is None:
            override = getattr(protocol or load_protocol(), self.positive_at_setting)
        if isinstance(override, bool) or not isinstance(override, int):
            raise ValueError(f"{self.short_name} cut-off must be a whole number, got {override!r}")
        if not self.min_total < override <= self.max_total:
            raise ValueError(
                f"{self.short_name} cut-off must be {self.min_total + 1} to {self.max_total}, "
                f"got {override}"
            )
        return override

    def bands(self, cutoff: int) -> tuple[Band, ...]:
        """The bands with any "positive_at" bound resolved; checked to cover every total once."""
        resolved = tuple(
            Band(_bound(lo, cutoff), _bound(hi, cutoff), label, action)
            for lo, hi, label, action in self.band_bounds
        )
        _check_coverage(resolved, self.min_total, self.max_total)
        return resolved


def _bound(value: int | str, cutoff: int) -> int:
    return value if isinstance(value, int) else cutoff + BAND_TOKENS[value]


def _check_coverage(bands: tuple[Band, ...], low: int, high: int) -> None:
    expected = low
    for band in bands:
        if band.min > band.max:
            raise ValueError(f"band {band.label!r} runs from {band.min} down to {band.max}")
        if band.min > expected:
            raise ValueError(
                f"bands leave a gap: no band covers totals {expected} to {band.min - 1}"
            )
        if band.min < expected:
            if expected == low:
                raise ValueError(
                    f"band {band.label!r} starts at {band.min}, "
                    f"below the lowest possible total {low}"
                )
            raise ValueError(
                f"band {band.label!r} ({band.min}-{band.max}) overlaps the band before it, "
                f"which ends at {expected - 1}"
            )
        expected = band.max + 1
    if expected <= high:
        raise ValueError(
            f"bands leave a gap: no band covers totals {expected} to {high} "
            f"(the highest possible total is {high})"
        )
    if expected > high + 1:
        raise ValueError(f"bands run past the highest possible total {high} (to {expected - 1})")
