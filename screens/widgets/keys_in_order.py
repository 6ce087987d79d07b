"""Every key lands where it was typed, in order, however fast it comes: in a form that is
still opening, after a Tab in a burst, after the key that opened the screen.

Why keys went astray ("Anna" typed straight after ``n`` arrived as "na"; "Anna<Tab>Smith"
in one burst lost the Tab or put "Smith" in the first field): Textual sends each key to
the widget focused *when the key is read*, and runs a key binding (``n``: new client,
Tab: next field) only when the key comes back up from that widget unhandled. Keys read
together are all sent before the first comes back, so

1. after ``n`` the next keys were already on their way to the caseload's list; when ``n``
   had opened the form they came back unhandled and were dropped;
2. keys read while the form was still being built went to a screen with nothing focused
   (or to its field container, Textual's auto-focus), and were dropped;
3. the letters after a Tab were already in the first field when the Tab moved on;
4. a form that focused its first field with ``widget.focus()`` queued that behind the keys
   already read, pulling the focus back in the middle of them (a dialog's default button
   the same way: Enter straight after Escape pressed "Discard");
5. Enter in a field moves on by a message (Input.Submitted, handled by the form, or by
   the caseload's search when it gives the list the focus): the keys after it went to
   the field it was leaving.

So this app (a) routes no key until the screen on top has finished mounting (nor while
an earlier key waits for a screen that cannot open yet: the caseload still opening, the
kept record still reading its client, hold_keys; a key already sent on to the screen
that asked waits for it too when it comes back); (b) runs a
key's binding as soon as the key is read (once the field that had the keys before it has
taken them in), unless the focused field takes the key as text (a letter in a text
field, Enter in a multi-line one); (c) routes again, on the
screen now on top, a key that comes back unhandled from a screen that has since been
replaced; (d) after a binding run at once, routes the next key only once what that
binding posted has gone up to the screen; and (e) screens focus at once
(``screen.set_focus``, never ``widget.focus()``). Every screen gets (a)-(d); nothing
needs to opt in.

It uses three of Textual's private methods (``_mounted_event``, ``_check_bindings``,
``_forward_event``), all of them what Textual itself uses for the same steps; textual is
pinned below 9 in pyproject.toml, and tests/screens/test_screens_typing.py fails if they
change.
"""

from __future__ import annotations

import asyncio
import sys
from collections import OrderedDict
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:  # a mixin for the App: it adds no bindings of Textual's own (no ids)
    from textual.app import App

    _AppBase = App[Any]
else:
    _AppBase = object

# A screen that never finishes mounting (its compose failed) must not stop the keyboard.
MOUNT_WAIT_SECONDS = 5.0
# Keys a widget consumed never come back: remember only the latest routes.
ROUTES_KEPT = 256
# A widget that never gets through its keys (it is being removed) must not stop them.
SETTLE_SECONDS = 2.0
# Keys held for a screen that cannot open yet (hold_keys) wait at most this long: an open
# that never ends must not stop the keyboard for good.
HOLD_SECONDS = 30.0


def _reads_keys_itself(widget: Widget) -> bool:
    """A widget with its own key handler (Input, TextArea, a select's type-to-search) as
    well as, or instead of, bindings."""
    for cls in type(widget).__mro__:
        if cls is Widget:
            return False
        if "_on_key" in cls.__dict__ or "on_key" in cls.__dict__:
            return True
    return False


def takes_as_text(widget: Widget | None, key: events.Key) -> bool:
    """Whether the focused widget would take ``key`` as typed text (before any binding)."""
    if widget is None:
        return False
    # TextArea is looked up, not imported: it brings tree-sitter, and until some screen
    # has imported it no widget on screen can be one (the caseload's first frame needs none).
    text_area = getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", None)
    if text_area is not None and isinstance(widget, text_area):
        return (
            key.is_printable
            or key.key == "enter"
            or (key.key == "tab" and widget.tab_behavior == "indent")
        )
    return key.is_printable and _reads_keys_itself(widget)


class KeysInOrder(_AppBase):
    """Mixed into the App, before App: ``class CaseworkerApp(KeysInOrder, App[None])``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # id(key event) -> the screen it was routed to (Key has __slots__: no attribute).
        self._key_routes: OrderedDict[int, Screen] = OrderedDict()
        # The widget keys were last sent to, until it is known to have taken them in.
        self._keys_sent_to: Widget | None = None
        # Set while keys wait for the screen an earlier key asked for (hold_keys).
        self._keys_held: asyncio.Future[None] | None = None
        # That screen never opened: the keys read while it was awaited go nowhere.
        self._dropping_keys = False
        # The mouse waits too (hold_keys(mouse=True)).
        self._mouse_held = False
        # The widget focused when a key's binding last ran at once (see _posted_taken).
        self._bound_on: Widget | None = None

    def hold_keys(self, *, mouse: bool = False) -> None:
        """The key just read asked for a screen that cannot open yet (the caseload is still
        opening, or the kept record is reading its client: screens.record.kept): the keys
        read after it wait, in order, until release_keys, and then go to the screen on top
        (the one asked for, once it has opened). ``mouse``: clicks, scrolls and moves wait
        as well (the record built ahead, unseen: they are for the screen below it)."""
        if self._keys_held is None:
            self._keys_held = asyncio.get_running_loop().create_future()
        self._mouse_held = self._mouse_held or mouse

    @property
    def keys_held(self) -> bool:
        return self._keys_held is not None

    def release_keys(self, *, drop: bool = False) -> None:
        """The keys held go on to the screen now on top, or (``drop``: what they were
        typed for is not coming) nowhere."""
        held, self._keys_held = self._keys_held, None
        self._mouse_held = False
        if held is None:
            return
        if drop:
            self._dropping_keys = True
            self.call_later(self._stop_dropping)  # behind the keys read so far
        if not held.done():
            held.set_result(None)

    def _stop_dropping(self) -> None:
        self._dropping_keys = False

    async def _keys_released(self) -> bool:
        """Wait while keys are held; whether the key read may then go on."""
        held = self._keys_held
        if held is not None:
            try:
                await asyncio.wait_for(asyncio.shield(held), HOLD_SECONDS)
            except TimeoutError:  # let the keyboard go
                if self._keys_held is held:
                    self._keys_held = None
        return not self._dropping_keys

    async def _screen_mounted(self) -> None:
        screen = self.screen
        if not screen.is_mounted:
            # What `await push_screen(...)` waits on too.
            with suppress(TimeoutError):
                await asyncio.wait_for(screen._mounted_event.wait(), MOUNT_WAIT_SECONDS)

    async def _sent_keys_taken(self) -> None:
        """Wait until the widget keys were sent to has handled them: a binding run now
        must come after the letters typed before it (Enter submits the whole passphrase,
        Tab moves on once the name is in)."""
        widget, self._keys_sent_to = self._keys_sent_to, None
        if widget is not None and widget.is_attached:
            await _queue_passed(widget)

    async def _posted_taken(self) -> bool:
        """Wait until what the last binding run at once posted has gone up to its screen.
        Enter in a field runs the field's submit, which posts Input.Submitted; the form
        (or the caseload's search) moves the focus on only when that message reaches it,
        so the keys typed after the Enter ("Anna<Enter>Smith", "/quig<Enter><Enter>")
        went to the field it was leaving. A bubbling message goes up one queue at a time:
        so does this wait. Only the focused widget's line up to its screen is waited
        for: a message the binding posted to another widget, or to the App, is not.
        Whether there was anything to wait for."""
        node: object = self._bound_on  # a widget, then its parents (DOM nodes) up to the screen
        self._bound_on = None
        waited = False
        while isinstance(node, Widget) and node.is_attached:
            await _queue_passed(node)
            waited = True
            if isinstance(node, Screen):
                break
            node = node.parent
        return waited

    async def _ready_for_a_key(self) -> bool:
        """Wait until a key read now can be routed: no keys held, the screen on top
        mounted, and what the last binding posted gone up to its screen. That message may
        itself open a screen (Enter on a child's row opens the child's form) or hold the
        keys, so those are waited for again after it: an Escape straight after that Enter
        closed the form before it was built. Whether the key may go on (not: it was typed
        for a screen that never opened)."""
        if not await self._keys_released():
            return False
        await self._screen_mounted()
        if await self._posted_taken():
            if not await self._keys_released():
                return False
            await self._screen_mounted()
        return True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            # The App handles one message at a time: while this waits, later keys queue
            # behind it, in the order they were typed.
            if not await self._ready_for_a_key():
                return  # typed for a screen that never opened
            if isinstance(event, events.Key) and await self._bound_now(event):
                return
            self._keys_sent_to = self.focused or self.screen
        elif isinstance(event, events.MouseEvent) and self._mouse_held:
            await self._keys_released()
        await super().on_event(event)

    async def _bound_now(self, key: events.Key) -> bool:
        """Run ``key``'s binding now, unless the focused field takes it as text; else
        remember where it goes, so that it can be routed again should it come back."""
        if not takes_as_text(self.focused, key):
            await self._sent_keys_taken()
            focused = self.focused
            if await self._check_bindings(key.key, priority=True) or await self._check_bindings(
                key.key
            ):
                self._bound_on = focused or self.screen  # what it posts, the next key waits for
                return True
        self._key_routes[id(key)] = self.screen
        while len(self._key_routes) > ROUTES_KEPT:
            self._key_routes.popitem(last=False)
        return False

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's _on_key in turn (App's runs after this one, for the
        # bindings) unless the default is prevented.
        routed_to = self._key_routes.pop(id(event), None)
        if routed_to is not None and routed_to is self.screen and self.keys_held:
            # Back from the screen on top, which has since asked for another that is not
            # up yet (the kept record, pushed once its summary is read): wait for it.
            await self._keys_released()
        if routed_to is not None and routed_to is not self.screen:
            # Typed for the screen an earlier key opened (or went back to): give it there.
            event.prevent_default()
            key = event.copy()
            if not await self._ready_for_a_key():
                return
            if not await self._bound_now(key):
                self._keys_sent_to = self.focused or self.screen
                self._keys_sent_to._forward_event(key)


async def _queue_passed(widget: Widget) -> None:
    """Wait until ``widget`` has handled every message in its queue now (a widget being
    removed, or stuck, is waited for SETTLE_SECONDS at most)."""
    taken = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not taken.done():
            taken.set_result(None)

    if widget.call_later(mark):  # behind what is in the widget's queue
        with suppress(TimeoutError):
            await asyncio.wait_for(taken, SETTLE_SECONDS)
