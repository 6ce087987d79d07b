"""What every app-level command mixin (visits, referrals, letters) shares: its keys reach
the app, and the client a command is for.

Textual gathers BINDINGS from DOMNode classes only, and a mixin is not one: the app class
that mixes one in gets each mixin's APP_BINDINGS added to its own when the class is
defined, before Textual merges them (so the keymap, the help and the palette all have
them)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import BindingType

if TYPE_CHECKING:
    from textual.app import App

    from caseworker.caseload import Database

    class _AppBase(App[Any]):
        db: Database | None

        def when_open(self, action: Callable[[], object]) -> None: ...  # screens.opening
else:
    _AppBase = object


class AppCommands(_AppBase):
    APP_BINDINGS: ClassVar[list[BindingType]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        own = cls.__dict__.get("BINDINGS")
        if own is not None:
            added = [
                b
                for base in cls.__mro__
                for b in base.__dict__.get("APP_BINDINGS", ())
                if b not in own
            ]
            cls.BINDINGS = [*own, *added]
        super().__init_subclass__(**kwargs)

    def chosen_client(self, what: str) -> uuid.UUID | None:
        """The client on screen (an open record, or the row chosen in a list); else says
        so, naming what needs one ("to plan a visit")."""
        chosen = getattr(self.screen, "chosen_client_id", None)
        client_id = chosen() if callable(chosen) else None
        if client_id is None:
            self.notify(f"Open a client (or choose one in a list) to {what}.", markup=False)
        return client_id
