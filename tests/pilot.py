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


def record_loaded(screen, section: str = "profile") -> bool:
    """A client record whose summary and ``section`` are read and shown (each section is
    read in a worker when first shown). For wait_for: the record may not be up yet."""
    from textual.widgets import TabbedContent

    from screens.record.screen import ClientScreen

    if not isinstance(screen, ClientScreen) or not screen.is_mounted:
        return False
    shown = section == "profile" or screen.query_one(TabbedContent).active == section
    return shown and screen.loaded() and screen.loaded(section)
