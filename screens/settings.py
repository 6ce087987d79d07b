"""The app's keys from settings.toml (the keymap, the idle minutes) and the command
palette made from the bindings: a mixin of CaseworkerApp, kept apart so the App stays small."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    from screens.unlock.lock import IdleLock

    class _AppBase(App[Any]):
        idle: IdleLock
        settings_problems: list[str]
else:
    _AppBase = object


class KeysFromSettings(_AppBase):
    def _apply_settings(self) -> None:
        """The keymap of settings.toml, before any screen shows. A broken file never stops
        the app: it starts with the default keys and says what is wrong."""
        from caseworker.content import load_settings
        from caseworker.core.errors import ContentFileError
        from screens.keys import keymap_of

        try:
            settings = load_settings()
        except ContentFileError as exc:
            self._report_settings(
                f"Settings not used (the default keys and idle lock apply). {exc}"
            )
            return
        self.idle.minutes = settings.idle_minutes
        if not settings.keymap:
            return
        self.set_keymap(settings.keymap)
        keymap = keymap_of(self)  # as Textual normalised it ("?" -> "question_mark")
        if "app.palette" in keymap:  # the footer finds the palette's key by this name
            # On this app, not the class (Textual types it a ClassVar): the Footer reads it
            # through the app, and other apps in the process (tests) keep the default.
            palette_key = keymap["app.palette"].split(",")[0]
            self.COMMAND_PALETTE_BINDING = palette_key  # type: ignore[misc]
        self._check_keymap(keymap, str(settings.path))

    @work(thread=True, exclusive=True, group="settings")
    def _check_keymap(self, keymap: dict[str, str], path: str) -> None:
        # On a thread: knowing every id means importing every screen, which the unlock
        # screen should not wait for.
        from screens.keys import binding_classes, bindings_by_id

        unknown = sorted(set(keymap) - set(bindings_by_id()))
        if unknown:
            names = ", ".join(repr(u) for u in unknown)
            self.call_from_thread(
                self._report_settings,
                f"{path}: [keymap] names {names}, which no screen has; the other keys are "
                "used. Each screen's help lists its keys with their ids.",
            )
        # A key moved onto one that another action of the same screen had takes it away.
        lost: set[str] = set()
        for cls in binding_classes():
            bindings = cls._merge_bindings()
            before = {b.id for _, b in bindings if b.id}
            bindings.apply_keymap(keymap)
            lost |= before - {b.id for _, b in bindings if b.id}
        if lost:
            names = ", ".join(repr(i) for i in sorted(lost))
            self.call_from_thread(
                self._report_settings,
                f"{path}: [keymap] gives the key of {names} to another action on the same "
                "screen, which leaves it without a key.",
            )

    def _report_settings(self, message: str) -> None:
        self.settings_problems.append(message)
        self.notify(message, title="settings.toml", severity="error", timeout=20, markup=False)

    def get_key_display(self, binding: Binding) -> str:
        from screens.keys import key_display

        return binding.key_display or key_display(binding.key)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every key of this screen (and the app's) whose action can run now."""
        from screens.keys import keys_of

        for key in keys_of(screen):
            if key.enabled is not True or key.system or key.id == "app.palette":
                continue
            run = partial(self.run_action, key.action, key.namespace)
            yield SystemCommand(key.title, f"{key.display} · {key.description}", run)
