"""When a screen draws its next frame: as soon as it has something to draw, but never
sooner than one frame (1/60 s) after the last one.

Textual draws a screen from an update timer that runs on a fixed grid of 1/60 s ticks,
paused while there is nothing to draw. Resumed after a pause, it draws at once; but the
tick after that one comes at the next-but-one point of its grid (textual 8.2's Timer
skips one tick more than it missed), 17-33 ms later. A search typed in the caseload
draws the letter at once, and its rows, back from the database a few milliseconds
later, waited for that late tick: traced in the terminal, rows in the table 10-16 ms
after the key were drawn at 40-45 ms.

FrameTimer keeps the limit (no two frames closer than the interval) and drops the grid:
a frame is drawn when the screen is dirty and an interval has passed since the last.
Every screen and dialog of the app takes its frames from one (FramedScreen); Textual's
own screens (the command palette) keep Textual's timer.

It replaces Textual's private timer run loop and the screen's private ``_update_timer``
(textual is pinned below 9; tests/screens/test_frames.py fails if either changes shape).
"""

from __future__ import annotations

from typing import Any, cast

from textual import _time
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import EventTargetGone, Timer


class FrameTimer(Timer):
    """A screen's update timer: ticks when resumed, at most once per interval."""

    async def _run(self) -> None:
        last: float | None = None  # when the last frame was drawn
        count = 0
        while True:
            await self._active.wait()  # paused until the screen has something to draw
            if last is not None:
                wait = last + self._interval - _time.get_time()
                if wait > 0:
                    await _time.sleep(wait)
                    await self._active.wait()
            last = _time.get_time()
            count += 1
            try:
                await self._tick(next_timer=last, count=count)
            except EventTargetGone:
                break


class FramedScreen:
    """For a Screen subclass (before Screen in its bases): its frames from a FrameTimer."""

    _frame_timer: FrameTimer | None = None

    @property
    def _update_timer(self) -> Timer:
        if self._frame_timer is None:
            screen = cast("Screen[Any]", self)
            # As Screen makes its own (set_interval, paused), with the timer class swapped.
            timer = FrameTimer(
                screen, UPDATE_PERIOD, name="screen_update",
                callback=screen._on_timer_update, pause=True,
            )  # fmt: skip
            timer._start()
            screen._timers.add(timer)  # stopped with the screen, as its other timers
            self._frame_timer = timer
        return self._frame_timer
