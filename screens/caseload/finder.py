"""Command-palette provider: type a client's name or alias to open their record."""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from screens.widgets.app_access import caseworker_app
from screens.widgets.text import highlighted
from screens.wording import children_text

if TYPE_CHECKING:
    from caseworker.caseload import CaseloadPage, Database

OPEN_CLIENT = "Open client…"
HITS = 8  # clients offered at most: the palette shows a handful, the caseload the rest


def find_clients(db: Database, today: date, query: str) -> CaseloadPage:
    """The first clients whose name or alias matches, any filter (run in a thread)."""
    from caseworker.caseload import fetch_page

    with db.session() as s:
        return fetch_page(s, today=today, query=query, filter_id="all", size=HITS)


class ClientFinder(Provider):
    # In the main palette, "Open client…" is offered too: it opens a palette of clients only.
    OFFERS_OPEN_CLIENT = True

    def _db(self) -> Database | None:
        return caseworker_app(self.app).db  # None until the caseload is unlocked

    async def discover(self) -> Hits:
        # Offered before anything is typed: a palette that searches clients only.
        if self.OFFERS_OPEN_CLIENT and self._db() is not None:
            yield DiscoveryHit(
                OPEN_CLIENT, self._find_clients, help="Type a name or alias to open a record"
            )

    def _find_clients(self) -> None:
        self.app.push_screen(CommandPalette(providers=[ClientsOnly], placeholder="Name or alias…"))

    async def search(self, query: str) -> Hits:
        app = caseworker_app(self.app)
        db = self._db()
        if db is None:
            return
        matcher = self.matcher(query)
        if self.OFFERS_OPEN_CLIENT and matcher.match(OPEN_CLIENT) > 0:
            yield Hit(matcher.match(OPEN_CLIENT), matcher.highlight(OPEN_CLIENT),
                      self._find_clients, help="Type a name or alias to open a record")  # fmt: skip
        if len(query.strip()) < 2:
            return
        # Read in a thread, with its own session: the palette keeps taking keys meanwhile
        # (a newer query cancels this search, and its rows are never shown).
        page = await asyncio.to_thread(find_clients, db, app.today, query)
        for row in page.rows:
            title = f"Open client: {row.name}"
            kids = children_text(row.children, row.unborn, row.highest_help, row.parental_status)
            yield Hit(
                max(matcher.match(title), 0.5),
                highlighted(matcher, title),  # a name is never read as markup
                partial(app.open_client, row.client_id),
                help=f"children: {kids}" if kids else "no children recorded",
            )


class ClientsOnly(ClientFinder):
    OFFERS_OPEN_CLIENT = False
