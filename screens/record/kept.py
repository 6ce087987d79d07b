"""The client record's screen, kept between openings, and built before the first.

Building the record's screen (its header, eight tabs, panes and footer: some hundred
widgets, each styled and laid out) took 60-120 ms of the event loop on this 2-core
machine, every time a client was opened, before the summary could be drawn. The screen is
built once and kept (installed in the app, so that going back does not take it apart);
each later opening empties what it showed and reads the new client into it, and pushes
it once the summary is in, so the summary is in the record's first frame. If the read is
slow, the screen comes at SHOW_BEFORE_READ and fills when it can; the keys typed after
Enter wait for the screen (hold_keys). See bench/benchmark.py.

The screen is built ahead, for no client (keep_ahead): once the caseload has been quiet
for a moment, it is pushed and popped inside a batch (no frame drawn), with the keys and
the mouse waiting meanwhile, so that the session's first opening is as quick as the next
ones. It is built again there when the terminal's width has changed. A client opened
before that (straight after start-up) reads the summary first, then builds the screen
with it in.

A new screen is still built when the kept one cannot serve: it is on the stack already
(a record opened from within a record, through the diary or the command palette), or the
terminal has changed width since its lists' columns were sized.
"""

from __future__ import annotations

import asyncio
import uuid
import weakref
from typing import TYPE_CHECKING, TypeGuard

from caseworker.core.errors import CaseloadLocked, CaseworkerError
from screens.record.loading import SUMMARY, Ahead, Opening, Summary
from screens.record.screen import ClientScreen
from screens.widgets.app_access import caseworker_app
from screens.widgets.long_lived import settle

if TYPE_CHECKING:
    from textual.app import App

    from screens.widgets.screen import AppScreen

NAME = "client-record"
# A summary read for longer than this (a server far away): the record is shown without
# it, coming, and reads it itself.
SHOW_BEFORE_READ = 0.1
# The screen is built ahead, blank, once the caseload has had no key and no read for this
# long (None: never, and the first opening builds it): building it takes 40-100 ms of the
# event loop, which a worker who is reading the list does not feel, and keys typed
# meanwhile wait for it and come in order (hold_keys).
BUILD_AHEAD_WHEN_QUIET: float | None = 0.5
# While the app runs, this often it looks whether the screen is to be built (again: the
# terminal's width has changed since).
LOOK_EVERY = 0.25
# A build that does not finish within this long is given up (the first opening builds it).
BUILD_AHEAD_WITHIN = 5.0

_watched: weakref.WeakSet[App] = weakref.WeakSet()
# Each app's build in progress: set when it is done.
_building: weakref.WeakKeyDictionary[App, asyncio.Event] = weakref.WeakKeyDictionary()


def keep_ahead(app: App) -> None:
    """From now on (the caseload open, the record's code imported), keep a record screen
    built for the terminal's width, built while the caseload is quiet."""
    if app in _watched:
        return
    _watched.add(app)
    app.set_interval(LOOK_EVERY, lambda: _look(app), name="record-ahead")


def _usable(kept: object, app: App) -> TypeGuard[ClientScreen]:
    """The kept screen can show a client now: mounted, and its lists sized for this width."""
    return isinstance(kept, ClientScreen) and kept.is_attached \
        and kept.widths == {app.size.width}  # fmt: skip


def _discard(app: App) -> None:
    """The kept screen let go (built for another width): a new one is built and kept."""
    kept = app.get_screen(NAME)
    app.uninstall_screen(NAME)
    if kept.is_attached:
        kept.remove()


def _look(app: App) -> None:
    from screens.caseload.screen import CaseloadScreen

    if not app.screen_stack:
        return  # the app is closing: its screens are gone, its timers not yet
    kept = app.get_screen(NAME) if app.is_screen_installed(NAME) else None
    if BUILD_AHEAD_WHEN_QUIET is None or _usable(kept, app) or kept in app.screen_stack:
        return
    caseload, cw = app.screen, caseworker_app(app)
    if not isinstance(caseload, CaseloadScreen) or caseload.reading or cw.db is None:
        return  # the worker is elsewhere (a form, a dialog, locked), or the list is coming
    if cw.keys_held or cw.idle.quiet_for() < BUILD_AHEAD_WHEN_QUIET:
        return
    if app in _building:
        return  # being built
    app.run_worker(_build_ahead(app, caseload), group="record-ahead", exit_on_error=False)


async def _build_ahead(app: App, caseload: AppScreen) -> None:
    """The record's screen pushed and popped unseen (no frame is drawn in a batch), so that
    it is mounted, styled and laid out, then kept."""
    if app.is_screen_installed(NAME):  # built for another width
        _discard(app)
    screen = ClientScreen.built_ahead()
    app.install_screen(screen, NAME)
    cw = caseworker_app(app)
    cw.hold_keys(mouse=True)  # for the caseload, once the record is off it again
    _building[app] = done = asyncio.Event()
    try:
        with app.batch_update():
            try:
                await asyncio.wait_for(_push_and_lay_out(app, screen), BUILD_AHEAD_WITHIN)
            finally:
                if app.screen_stack and app.screen is screen:  # (none: the app closing)
                    caseload.resume_unchanged = True  # nothing was done above it: no reload
                    await app.pop_screen()
    except TimeoutError:
        app.uninstall_screen(NAME)  # the first opening builds it, as without this
        return
    finally:
        del _building[app]
        done.set()
        cw.release_keys()
    settle()  # the app is built, all of it that lives all session: out of the sweeps


async def _push_and_lay_out(app: App, screen: ClientScreen) -> None:
    await app.push_screen(screen)
    laid_out = asyncio.Event()
    # Called back once the screen has taken its resume (its layout) and is idle.
    screen.call_after_refresh(laid_out.set)
    await laid_out.wait()
    # A screen's frames are drawn by its update timer (screens.widgets.frames), which
    # is made and started at the screen's first refresh: the kept screen, reopened, is
    # drawn by it, so it is made now, unseen (its tick finds the screen not on top, or
    # the batch, and draws nothing), not at the opening. Textual's private timer, as
    # textual itself starts it; textual is pinned below 9.
    screen._update_timer.resume()


def open_record(
    app: App, client_id: uuid.UUID, section: str | None = None, *, at_once: bool = False
) -> None:
    """Show the client's record, on the kept screen (emptied) or a new one (kept in turn,
    unless the kept one is in use): once its summary is read, or ``at_once``."""
    if not at_once and (building := _building.get(app)) is not None:
        # Asked for by a call, not a key or a click (those wait for the build): opened
        # on the screen built, once it is (the blank one is on top until then). A draft's
        # at-once opening always follows a key, in the drafts dialog.
        app.run_worker(_when_built(building, app, client_id, section))
        return
    kept = app.get_screen(NAME) if app.is_screen_installed(NAME) else None
    in_use = kept is not None and kept in app.screen_stack  # a new one then, not kept
    reused = kept if _usable(kept, app) and not in_use else None
    if kept is not None and not in_use and reused is None:  # built for another width
        _discard(app)
    if at_once:
        _show(app, reused, client_id, section, None, keep=not in_use)
        return
    # The keys typed after Enter wait for the record, as for any screen opening: "3"
    # after Enter shows the household.
    caseworker_app(app).hold_keys()
    app.run_worker(_read_then_show(app, reused, client_id, section, keep=not in_use))


async def _when_built(
    building: asyncio.Event, app: App, client_id: uuid.UUID, section: str | None
) -> None:
    await building.wait()
    open_record(app, client_id, section)


async def _read_then_show(
    app: App, reused: ClientScreen | None, client_id: uuid.UUID, section: str | None, *,
    keep: bool,
) -> None:  # fmt: skip
    """The summary read first, alone (read beside the building of a new screen it took
    four times as long), then the record shown with it in its first frame; or, if the
    read is slow, shown at once, to take the read when it is back."""
    from screens.record import screen as record  # its read_part, as the screen reads

    cw, drop = caseworker_app(app), False
    try:
        opener, db = app.screen, cw.require_db()
        opening = Opening()  # on the trail with this read (or the record's next, if cut short)
        reading = asyncio.ensure_future(
            asyncio.to_thread(record.read_part, db, client_id, SUMMARY, opening=opening)
        )
        try:
            summary = await asyncio.wait_for(asyncio.shield(reading), SHOW_BEFORE_READ)
        except TimeoutError:
            summary = reading  # the record is shown without it, and takes it when it is back
        if isinstance(summary, CaseloadLocked):
            drop = True  # locked meanwhile: nothing shown, nor put on the trail; the keys
            # typed for the record are not for the passphrase box
        elif isinstance(summary, CaseworkerError):  # e.g. the record no longer exists
            app.notify(str(summary), severity="error", markup=False)
        elif app.screen is opener:  # not gone on to another screen meanwhile
            ahead = summary if isinstance(summary, (Summary, asyncio.Future)) else None
            _show(app, reused, client_id, section, ahead, keep=keep, opening=opening)
    finally:
        cw.release_keys(drop=drop)


def _show(
    app: App, reused: ClientScreen | None, client_id: uuid.UUID, section: str | None,
    summary: Ahead, *, keep: bool, opening: Opening | None = None,
) -> None:  # fmt: skip
    if reused is not None:
        reused.reopen(client_id, section, summary=summary, opening=opening)
        screen = reused
    else:
        screen = ClientScreen(client_id, section, summary=summary, opening=opening)
        if keep:
            app.install_screen(screen, NAME)
    app.push_screen(screen)
