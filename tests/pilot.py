"""Helpers shared by the Pilot tests: read tables as a worker sees them, wait, choose."""

from __future__ import annotations

from datetime import date

from caseworker.store.keyfile import KdfParams
from caseworker.store.setup import SetupAnswers, initialise

TODAY = date(2026, 11, 23)
PASS = "correct horse battery"


def new_caseload(data_dir):
    """An empty caseload for a Pilot test (fast KDF), open."""
    return initialise(
        data_dir,
        SetupAnswers("Sam Worker", "worker", "Riverside DAS", PASS),
        kdf=KdfParams.fast_for_tests(),
    )


def row_of(table, index: int) -> list[str]:
    """A DataTable row as the text a worker sees (cells are rich Text)."""
    return [str(c) for c in table.get_row_at(index)]


async def wait_for(pilot, predicate, tries: int = 60) -> None:
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


async def choose_first(pilot) -> None:
    """Open the focused select (it starts blank: nothing assumed) and take its first option."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()
