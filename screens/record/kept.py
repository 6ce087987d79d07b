"""The client record's screen, kept between openings.

Building the record's screen (its header, eight tabs, panes and footer: some hundred
widgets, each styled and laid out) took 60-120 ms of the event loop on this 2-core
machine, every time a client was opened, before the summary could be drawn. The screen is
built once and kept (installed in the app, so that going back does not take it apart);
each later opening empties what it showed and reads the new client into it, so the
summary is drawn a frame or two after Enter (see bench/benchmark.py).

A new screen is still built when the kept one cannot serve: it is on the stack already
(a record opened from within a record, through the diary or the command palette), or the
terminal has changed width since its lists' columns were sized.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from screens.record.screen import ClientScreen
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
    if kept is not None and kept in app.screen_stack:
        app.push_screen(ClientScreen(client_id, section=section))  # in use: not kept
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
    screen = ClientScreen(client_id, section=section)
    app.install_screen(screen, NAME)
    app.push_screen(screen)


def _push(app: App, record: ClientScreen, opener: Screen) -> None:
    """The kept record pushed, if the worker is still where they asked for it (not gone
    on to another screen meanwhile, nor opened it already)."""
    if app.screen is opener and record not in app.screen_stack:
        app.push_screen(record)
