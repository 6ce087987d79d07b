"""The running app, typed: Textual types ``self.app`` as a plain App, which knows nothing
of the caseload's database, today's date or open_client. Screens reach those through here.

Only ``typing`` is imported at run time (the app type is for the checker), so the command
palette's provider can use it without adding to what the app imports at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from textual.app import App

    from screens.app import CaseworkerApp


def caseworker_app(app: App[Any]) -> CaseworkerApp:
    """``app`` as the CaseworkerApp it is: every screen of this package runs in one."""
    return cast("CaseworkerApp", app)
