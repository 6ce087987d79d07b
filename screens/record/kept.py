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
from typing import TYPE_CHECKING

from caseworker.core.errors import CaseworkerError
from screens.record.loading import SUMMARY, Summary
from screens.record.screen import ClientScreen
from screens.widgets.app_access import caseworker_app

if TYPE_CHECKING:
    from textual.app import App

NAME = "client-record"
# A summary read for longer than this (a server far away): the record is shown without
# it, coming, and reads it itself.
SHOW_BEFORE_READ = 0.1


def open_record(
    app: App, client_id: uuid.UUID, section: str | None = None, *, at_once: bool = False
) -> None:
    """Show the client's record, on the kept screen (emptied) or a new one (kept in turn,
    unless the kept one is in use): once its summary is read, or ``at_once``."""
    kept = app.get_screen(NAME) if app.is_screen_installed(NAME) else None
    in_use = kept is not None and kept in app.screen_stack  # a new one then, not kept
    reused = kept if isinstance(kept, ClientScreen) and not in_use and kept.is_attached \
        and kept.widths == {app.size.width} else None  # fmt: skip
    if kept is not None and not in_use and reused is None:  # built for another width
        app.uninstall_screen(NAME)
        if kept.is_attached:
            kept.remove()
    if at_once:
        _show(app, reused, client_id, section, None, keep=not in_use)
        return
    # The keys typed after Enter wait for the record, as for any screen opening: "3"
    # after Enter shows the household.
    caseworker_app(app).hold_keys()
    app.run_worker(_read_then_show(app, reused, client_id, section, keep=not in_use))


async def _read_then_show(
    app: App, reused: ClientScreen | None, client_id: uuid.UUID, section: str | None, *,
    keep: bool,
) -> None:  # fmt: skip
    """The summary read first, alone (read beside the building of a new screen it took
    four times as long), then the record shown with it in its first frame; or, if the
    read is slow, shown at once, reading it itself."""
    from screens.record import screen as record  # its read_part, as the screen reads

    opener, db = app.screen, caseworker_app(app).require_db()
    reading = asyncio.to_thread(record.read_part, db, client_id, SUMMARY, opening=True)
    try:
        try:
            summary = await asyncio.wait_for(asyncio.shield(reading), SHOW_BEFORE_READ)
        except TimeoutError:
            summary = None  # the opening is on the trail (or will be): not again
        if isinstance(summary, CaseworkerError):  # e.g. the record no longer exists
            app.notify(str(summary), severity="error", markup=False)
        elif app.screen is opener:  # not gone on to another screen meanwhile
            read = summary if isinstance(summary, Summary) else None
            _show(app, reused, client_id, section, read, keep=keep, opened=True)
    finally:
        caseworker_app(app).release_keys()


def _show(
    app: App, reused: ClientScreen | None, client_id: uuid.UUID, section: str | None,
    summary: Summary | None, *, keep: bool, opened: bool = False,
) -> None:  # fmt: skip
    if reused is not None:
        reused.reopen(client_id, section, summary=summary, opened=opened)
        screen = reused
    else:
        screen = ClientScreen(client_id, section, summary=summary, opened=opened)
        if keep:
            app.install_screen(screen, NAME)
    app.push_screen(screen)
