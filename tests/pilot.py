"""Helpers shared by the Pilot tests: read tables as a worker sees them, wait, choose."""

from __future__ import annotations


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
