"""A screen's frames (screens.widgets.frames): drawn as soon as there is something to
draw, never two within one interval; on a fake clock, against Textual's own timer, and
wired into the app's screens and dialogs (Pilot, 80x24 and 100x30)."""

from __future__ import annotations

import asyncio
from itertools import pairwise
from types import SimpleNamespace

import pytest
from textual import _time
from textual._context import active_app
from textual.app import App, ComposeResult
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import Timer
from textual.widgets import Static

from screens.widgets.frames import FrameTimer
from screens.widgets.screen import AppScreen, Dialog

SIZES = [(80, 24), (100, 30)]


class FakeClock:
    """Textual's clock and sleep, stood in for: a sleep moves the time on at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def get_time(self) -> float:
        return self.now

    async def sleep(self, secs: float) -> None:
        self.now += max(secs, 0.0)
        await asyncio.sleep(0)


class Target:
    """What a timer ticks for (its callback does the work here)."""


async def frames_drawn(timer_class: type[Timer], monkeypatch, dirty_at: list[float]) -> list[float]:
    """When a screen's update timer of this class draws, the screen being made dirty at
    each of these times (and each tick pausing it, as Screen._on_timer_update does)."""
    clock = FakeClock()
    monkeypatch.setattr(_time, "get_time", clock.get_time)
    monkeypatch.setattr(_time, "sleep", clock.sleep)
    monkeypatch.setattr("textual.timer.sleep", clock.sleep)  # Timer's own import of it
    errors: list[Exception] = []  # what a tick reads of the app, and what it tells it
    app = SimpleNamespace(_exit=False, features=frozenset(), _handle_exception=errors.append)
    active_app.set(app)  # type: ignore[arg-type]
    drawn: list[float] = []
    target = Target()  # held here: the timer keeps only a weak reference

    def tick() -> None:
        timer.pause()
        drawn.append(clock.now)

    timer = timer_class(target, UPDATE_PERIOD, callback=tick, pause=True)  # type: ignore[arg-type]
    timer._start()
    try:
        for at in dirty_at:
            while clock.now < at:  # the time passes with the timer paused: nothing to draw
                clock.now = at
                await asyncio.sleep(0)
            timer.resume()
            for _ in range(20):  # let it draw
                await asyncio.sleep(0)
    finally:
        timer.stop()
    assert not errors
    return drawn


# The screen first drawn; then, half a second later, a key typed (its letter drawn at
# once), and its search's rows in the table 5 ms after.
DIRTY_AT = [1.0, 1.5, 1.505]


async def test_the_next_frame_comes_one_interval_after_the_last_not_on_a_grid(monkeypatch):
    drawn = await frames_drawn(FrameTimer, monkeypatch, DIRTY_AT)
    assert drawn == pytest.approx([1.0, 1.5, 1.5 + UPDATE_PERIOD])


async def test_textuals_own_timer_draws_the_rows_a_whole_interval_later(monkeypatch):
    # Why FrameTimer is there: if Textual's timer stops skipping the extra tick, this
    # fails, and FrameTimer can go. (Its first frame is late too: one interval after.)
    drawn = await frames_drawn(Timer, monkeypatch, DIRTY_AT)
    assert drawn == pytest.approx([1.0 + UPDATE_PERIOD, 1.5, 1.5 + 2 * UPDATE_PERIOD])


async def test_frames_are_never_closer_than_one_interval(monkeypatch):
    dirty = [i * 0.004 for i in range(30)]  # dirty every 4 ms: no more than 60 frames a second
    drawn = await frames_drawn(FrameTimer, monkeypatch, dirty)
    gaps = [b - a for a, b in pairwise(drawn)]
    assert len(drawn) >= 6
    assert min(gaps) >= UPDATE_PERIOD - 1e-9


class Shown(AppScreen):
    def compose(self) -> ComposeResult:
        yield Static("first", id="text")


class Asked(Dialog[None]):
    def compose(self) -> ComposeResult:
        yield Static("asked", id="asked")


class FramesApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Shown())


@pytest.mark.parametrize("size", SIZES)
async def test_the_apps_screens_and_dialogs_draw_through_a_frame_timer(size):
    assert isinstance(vars(Screen).get("_update_timer"), property)  # what FramedScreen replaces
    app = FramesApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Shown)
        assert isinstance(screen._update_timer, FrameTimer)
        screen.query_one("#text", Static).update("second")
        await pilot.pause(0.1)
        assert "second" in str(app.export_screenshot())
        await app.push_screen(Asked())
        await pilot.pause(0.1)
        assert isinstance(app.screen._update_timer, FrameTimer)
        assert "asked" in str(app.export_screenshot())
