"""Screening instruments: data files in data/instruments/, scored without any UI.

    >>> from caseworker import instruments
    >>> r = instruments.score("audit-c", {1: 3, 2: 1, 3: 1})
    >>> r.total, r.band, r.positive
    (5, 'positive: complete the full AUDIT', True)

Answers map the 1-based item number to the 0-based index of the chosen option, in
the published order of that item's options. Items a skip or stop rule skips may be
left out. A screen drives the questionnaire with next_item() and scores with score().
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

from caseworker.instruments.model import Instrument, Item, Option, Rule, Section
from caseworker.instruments.schema import InstrumentFileError, load_file, parse
from caseworker.instruments.scoring import (
    AnswerError,
    Progress,
    ScoreResult,
    check_answers,
    score_instrument,
)
from caseworker.instruments.scoring import progress as _progress
from caseworker.paths import content_dir

__all__ = [
    "AnswerError",
    "Instrument",
    "InstrumentFileError",
    "Item",
    "Option",
    "Progress",
    "Rule",
    "ScoreResult",
    "Section",
    "available",
    "carry_over",
    "clear_cache",
    "instruments_dir",
    "load",
    "load_file",
    "next_item",
    "parse",
    "progress",
    "score",
    "score_instrument",
    "still_to_ask",
    "validate_all",
]


def instruments_dir() -> Path:
    return content_dir() / "instruments"


def available() -> list[str]:
    """Ids of the scored instruments shipped in data/instruments/ (not the TOP grid)."""
    return list(_available())


@lru_cache(maxsize=1)
def _available() -> tuple[str, ...]:
    ids = []
    for path in sorted(instruments_dir().glob("*.json")):
        try:
            kind = json.loads(path.read_text(encoding="utf-8")).get("kind")
        except (OSError, ValueError, AttributeError):
            kind = "screening"  # list it, so that load() reports what is wrong with it
        if kind == "screening":
            ids.append(path.stem)
    return tuple(sorted(ids))


def load(instrument_id: str) -> Instrument:
    """The validated instrument with this id (cached; clear_cache() re-reads the files)."""
    ids = available()
    if instrument_id not in ids:
        raise ValueError(
            f"unknown instrument {instrument_id!r}; available: {', '.join(ids) or 'none'}"
        )
    return _load(instrument_id)


@cache
def _load(instrument_id: str) -> Instrument:
    return load_file(instruments_dir() / f"{instrument_id}.json")


def clear_cache() -> None:
    """Forget loaded instruments (after the files or the local protocol changed)."""
    _available.cache_clear()
    _load.cache_clear()


def score(
    instrument_id: str, answers: dict[int, int], *, audit_c_cutoff: int | None = None
) -> ScoreResult:
    """Score a completed instrument.

    audit_c_cutoff overrides the locally configured AUDIT-C cut-off (data/protocol.json)
    for instruments whose cut-off is that setting; other instruments ignore it.
    Raises ValueError for an unknown id, a missing required item, an unknown item
    number or an option index out of range.
    """
    instrument = load(instrument_id)
    override = audit_c_cutoff if instrument.positive_at_setting == "audit_c_cutoff" else None
    return score_instrument(instrument, answers, cutoff=override)


def progress(instrument_id: str, answers: dict[int, int]) -> Progress:
    """Next item, items still to ask, asked and skipped so far, and whether it is complete."""
    return _progress(load(instrument_id), answers)


def next_item(instrument_id: str, answers: dict[int, int]) -> int | None:
    """The next item number to ask given the answers so far; None when complete."""
    return progress(instrument_id, answers).next_item


def still_to_ask(instrument_id: str, answers: dict[int, int]) -> list[int]:
    """Items still to ask, in order, with the rules applied to the answers so far.

    A rule that hangs on an unanswered item is not yet decided, so the list can
    shrink as answers come in (ask next_item() one at a time to drive a screen).
    """
    return list(progress(instrument_id, answers).still_to_ask)


def carry_over(from_id: str, to_id: str, answers: dict[int, int]) -> dict[int, int]:
    """The answers that transfer from one instrument to another (not asked twice).

    AUDIT-C items 1-3 become AUDIT items 1-3; FAST items 1-4 become AUDIT items 3, 5,
    8 and 10. Only items present in `answers` are carried.
    """
    source = load(from_id)
    target = load(to_id)
    mapping = source.carries_to.get(to_id)
    if mapping is None:
        known = ", ".join(sorted(source.carries_to)) or "none"
        raise ValueError(f"answers do not carry over from {from_id!r} to {to_id!r} "
                         f"(from {from_id!r} they carry to: {known})")  # fmt: skip
    _check_link(source, target, mapping)
    checked = check_answers(source, answers)
    return {there: checked[here] for here, there in sorted(mapping.items()) if here in checked}


def _check_link(source: Instrument, target: Instrument, mapping: dict[int, int]) -> None:
    for here, there in mapping.items():
        if not 1 <= there <= len(target.items):
            raise InstrumentFileError(
                source.path,
                f"carries_to {target.id!r} maps item {here} to item {there}, "
                f"which {target.id} does not have",
            )
        if source.item(here).scores != target.item(there).scores:
            raise InstrumentFileError(
                source.path,
                f"carries_to {target.id!r} maps item {here} to item {there}, "
                f"but their options score differently",
            )


def validate_all() -> list[Instrument]:
    """Load every shipped instrument and check the links between them (follow-on, carry-over)."""
    loaded = {iid: load(iid) for iid in available()}
    for instrument in loaded.values():
        targets = set(instrument.carries_to)
        if instrument.follow_on is not None:
            targets.add(instrument.follow_on)
        for target in sorted(targets):
            if target not in loaded:
                raise InstrumentFileError(
                    instrument.path, f"refers to instrument {target!r}, which does not exist"
                )
        for target, mapping in instrument.carries_to.items():
            _check_link(instrument, loaded[target], dict(mapping))
    return list(loaded.values())
