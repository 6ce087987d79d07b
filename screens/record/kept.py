"""The client record's screen, kept between openings.

Building the record's screen (its header, eight tabs, panes and footer: some hundred
widgets, each styled and laid out) took 60-120 ms of the event loop on this 2-core
machine, every time a client was opened, before the summary could be drawn. The screen is
built once and kept (installed in the app, so that going back does not take it apart);
each later opening empties what it showed and reads the new client into it, and pushes
it once the summary is in, so the summary is in the record's first frame. The session's
first opening reads the summary before building the screen (read beside the building, the
read took four times as long), and builds it with the summary in. Either way, if the read
is slow, the screen comes at SHOW_BEFORE_READ and fills when it can; the keys typed after
Enter wait for the screen (hold_keys). See bench/benchmark.py.

A new screen is still built when the kept one cannot serve: it is on the stack already
(a record opened from within a record, through the diary or the command palette), or the
terminal has changed width since its lists' columns were sized.
"""

from __future__ import annotations

import asyncio
import uuid
from functools import partial
from typing import TYPE_CHECKING

from caseworker.core.errors import CaseworkerError
from screens.record.loading import SUMMARY, Summary
from screens.record.screen import SHOW_BEFORE_READ, ClientScreen
from screens.widgets.app_access import caseworker_app

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

NAME = "client-record"


def open_record(
    app: App, client_id: uuid.UUID, section: str | None = None, *, at_once: bool = False
) -> None:
    """Show the client's record: on the kept screen, emptied and reading this client
    (pushed with its summary, or ``at_once``), or on a new one (kept in turn if none is)."""
    kept = app.get_screen(NAME) if app.is_screen_installed(NAME) else None
    width = app.size.width
    if kept is not None and kept in app.screen_stack:  # in use: a new one, not kept
        if at_once:
            app.push_screen(ClientScreen(client_id, section=section))
        else:
            caseworker_app(app).hold_keys()
            app.run_worker(_built_with_summary(app, client_id, section, install=False))
        return
    if isinstance(kept, ClientScreen) and kept.is_attached and kept.widths == {width}:
        kept.reopen(client_id, section, partial(_push, app, kept, app.screen), at_once=at_once)
        if not at_once:
            # The keys typed after Enter wait for the record (ClientScreen._show_now), as
            # they would for a new screen mounting: "3" after Enter shows the household.
            caseworker_app(app).hold_keys()
        return
    if kept is not None:  # sized for another width: built again, at this one
        app.uninstall_screen(NAME)
        if kept.is_attached:
            kept.remove()
    if at_once:
        screen = ClientScreen(client_id, section=section)
        app.install_screen(screen, NAME)
        app.push_screen(screen)
        return
    caseworker_app(app).hold_keys()  # released once the screen is pushed
    app.run_worker(_built_with_summary(app, client_id, section, install=True))


async def _built_with_summary(
    app: App, client_id: uuid.UUID, section: str | None, *, install: bool
) -> None:
    """A new record screen, built once its summary is read (the read alone, not beside
    the building, which slowed it four-fold), so the summary is in its first frame; or,
    if the read is slow, at once, reading it itself."""
    from screens.record import screen as record  # its read_part, as the screen reads

    opener, db = app.screen, caseworker_app(app).require_db()
    reading = asyncio.ensure_future(
        asyncio.to_thread(record.read_part, db, client_id, SUMMARY, opening=True)
    )
    try:
        summary = await asyncio.wait_for(asyncio.shield(reading), SHOW_BEFORE_READ)
    except TimeoutError:
        summary = None  # the opening is on the trail (or will be): not again
    try:
        if isinstance(summary, CaseworkerError):  # e.g. the record no longer exists
            app.notify(str(summary), severity="error", markup=False)
            return
        if app.screen is not opener:
            return  # gone on to another screen meanwhile
        screen = ClientScreen(
            client_id, section, summary=summary if isinstance(summary, Summary) else None,
            opened=True,
        )  # fmt: skip
        if install:
            app.install_screen(screen, NAME)
        app.push_screen(screen)
    finally:
        caseworker_app(app).release_keys()


def _push(app: App, record: ClientScreen, opener: Screen) -> None:
    """The kept record pushed, if the worker is still where they asked for it (not gone
    on to another screen meanwhile, nor opened it already)."""
    if app.screen is opener and record not in app.screen_stack:
        app.push_screen(record)
