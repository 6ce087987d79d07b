"""Screening instruments as data: the files in data/instruments/, loaded and validated.

Scoring and walking a questionnaire is the screening capability's job
(caseworker.screening.instruments); this package only reads the files and checks
them, so that `caseworker check` can name a broken file before anyone screens.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

from caseworker.content.instruments.model import Instrument, Item, Option, Rule, Section
from caseworker.content.instruments.schema import load_file, parse
from caseworker.core.errors import ContentFileError, NotFound
from caseworker.core.paths import content_dir

__all__ = [
    "ContentFileError",
    "Instrument",
    "Item",
    "Option",
    "Rule",
    "Section",
    "available",
    "check_link",
    "clear_cache",
    "instruments_dir",
    "load",
    "load_file",
    "parse",
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
        raise NotFound(
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


def check_link(source: Instrument, target: Instrument, mapping: dict[int, int]) -> None:
    for here, there in mapping.items():
        if not 1 <= there <= len(target.items):
            raise ContentFileError(
                source.path,
                f"carries_to {target.id!r} maps item {here} to item {there}, "
                f"which {target.id} does not have",
            )
        if source.item(here).scores != target.item(there).scores:
            raise ContentFileError(
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
                raise ContentFileError(
                    instrument.path, f"refers to instrument {target!r}, which does not exist"
                )
        for target, mapping in instrument.carries_to.items():
            check_link(instrument, loaded[target], dict(mapping))
    return list(loaded.values())
