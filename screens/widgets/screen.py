"""What every screen and dialog of the app starts from: the keys they all share, with ids
(see screens.keys), in place of Textual's own."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen

from screens.keys import COMMON_BINDINGS

ResultType = TypeVar("ResultType")


class AppScreen(Screen):
    BINDINGS = COMMON_BINDINGS


class Dialog(ModalScreen[ResultType]):
    BINDINGS = COMMON_BINDINGS
