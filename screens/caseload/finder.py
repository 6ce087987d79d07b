"""Command-palette provider: type a client's name or alias to open their record."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from screens.wording import children_text


class ClientFinder(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        db = getattr(app, "db", None)
        if db is None or len(query.strip()) < 2:
            return
        from caseworker.caseload.page import fetch_page

        with db.session() as s:
            page = fetch_page(s, today=app.today, query=query, filter_id="all", size=8)
        matcher = self.matcher(query)
        for row in page.rows:
            title = f"Open client: {row.name}"
            kids = children_text(row.children, row.unborn, row.highest_help, row.parental_status)
            yield Hit(
                max(matcher.match(title), 0.5),
                matcher.highlight(title),
                partial(app.open_client, row.client_id),
                help=f"children: {kids}" if kids else "no children recorded",
            )
