"""The footer of every screen: Textual's, made again only when the keys it shows change.

Textual's Footer rebuilds all its key widgets (each one made, mounted and styled) on every
"bindings updated" signal: each focus change and each refresh_bindings, most of which
leave the keys shown as they were. A rebuild takes several milliseconds a key and holds
every repaint of the app until it is done (Widget.recompose batches), so on the caseload
the first page waited behind three rebuilds of the same eight keys, and a frame already
rendered was thrown away. This one composes with the keys at once, and rebuilds only when
what it would show (keys, labels, tooltips) is different, at most once a frame; a key
only enabled or disabled is changed in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Shown | None = None  # what the keys shown were made from
        self._looking = False  # a look at the keys is due after the next refresh

    def compose(self) -> ComposeResult:
        # Textual's composes nothing until the first signal, then rebuilds: compose with
        # the keys the screen has now (the screen is there by the time this runs).
        self._bindings_ready = True
        self._shown = self._keys_shown()
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # Made compact, as its bound `compact` would make it once mounted: that
                # class added then styles each key a second time, component parts and
                # all (a tenth of the caseload's start-up work in CSS, with its 8 keys).
                widget.set_class(True, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return  # as Textual's: the footer is brought up to date on focus
        if self.is_attached and screen is self.screen and not self._looking:
            self._looking = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._looking = False
        if not self.is_attached:
            return
        now = self._keys_shown()
        if now == self._shown:
            return
        if self._shown is not None and _but_enabled(now) == _but_enabled(self._shown):
            self._enable(now)  # the same keys, some now enabled or disabled: no rebuild
        else:
            await self.recompose()
        self._shown = now

    def _enable(self, shown: Shown) -> None:
        """Each key as enabled or not, in place, as Textual's FooterKey is made with it:
        dimmed by its -disabled class, and a bell rather than the key when clicked."""
        keys, palette = shown
        enabled = {k.action: k.enabled for k in keys}
        if palette is not None:
            enabled.setdefault(palette.action, palette.enabled)
        for footer_key in self.walk_children(FooterKey):
            on = enabled.get(footer_key.action)
            if on is not None:
                footer_key._disabled = not on
                footer_key.set_class(not on, "-disabled")

    def _keys_shown(self) -> Shown:
        """Everything Textual's compose() reads to make the keys, in a comparable form."""
        app = self.app
        active = self.screen.active_bindings
        # As compose() shows them: each action once, by the first key bound to it (the
        # focused widget's bindings come first, so which others follow may change).
        first: dict[str, ShownKey] = {}
        for _node, b, enabled, tip in active.values():
            if b.show and b.action not in first:
                first[b.action] = ShownKey(b.action, b.key, app.get_key_display(b),
                                           b.description, b.group, tip, enabled)  # fmt: skip
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, b, enabled, _tip = found
                palette = ShownKey(b.action, b.key, app.get_key_display(b), b.description,
                                   None, b.tooltip, enabled)  # fmt: skip
        return tuple(first.values()), palette


class ShownKey(NamedTuple):
    action: str
    key: str
    display: str
    description: str
    group: Any
    tooltip: str
    enabled: bool


Shown = tuple[tuple[ShownKey, ...], ShownKey | None]


def _but_enabled(shown: Shown) -> tuple[Any, ...]:
    keys, palette = shown
    return tuple(k[:-1] for k in keys), palette and palette[:-1]
