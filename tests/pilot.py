"""Helpers shared by the Pilot tests: read tables as a worker sees them, wait, choose."""

from __future__ import annotations


def row_of(table, index: int) -> list[str]:
    """A DataTable row as the text a worker sees (cells are rich Text)."""
    return [str(c) for c in table.get_row_at(index)]


async def wait_for(pilot, predicate, tries: int = 200) -> None:
    # 200 tries: 10 s at least. A condition met returns at once; the bound only decides
    # how long a loaded CI machine (two test processes on two cores) may take to get there.
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


def screen_up(app, cls) -> bool:
    """For wait_for: the screen on top is a ``cls`` and has finished mounting (its
    widgets composed and on_mount run). A screen pushed from a worker, or once the
    caseload has opened, is on the stack a moment before it can be queried."""
    screen = app.screen
    return isinstance(screen, cls) and screen.is_mounted


async def choose_first(pilot) -> None:
    """Open the focused select (it starts blank: nothing assumed) and take its first option."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()


async def choose_nth(pilot, n: int, *, blank: bool = True) -> None:
    """Open the focused select and take its n-th option (1-based) from a blank start, or
    the n-th after the current one (blank=False: a select that starts on a value)."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*["down"] * n, "enter")
    await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows now, line by line (the rendered screen, not the data): for
    asserting a fact is visible at a size, not merely held by a cut-off cell."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def record_loaded(screen, section: str = "profile") -> bool:
    """A client record whose summary and ``section`` are read and shown (each section is
    read in a worker when first shown). For wait_for: the record may not be up yet."""
    from textual.widgets import TabbedContent

    from screens.record.screen import ClientScreen

    if not isinstance(screen, ClientScreen) or not screen.is_mounted:
        return False
    shown = section == "profile" or screen.query_one(TabbedContent).active == section
    return shown and screen.loaded() and screen.loaded(section)


async def typed_at_once(pilot, keys) -> None:
    """``keys`` (a text, or key names) as a terminal delivers keys read together (typed
    faster than the app takes them, or sent at once): every one sent before the app has
    taken in the first. (Pilot's press waits for the app to be idle after each key.)"""
    from textual import events

    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else {"enter": "\r", "space": " ", "slash": "/"}.get(key)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
