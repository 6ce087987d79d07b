"""The keys: every action is a Binding with an id (dotted by area: "caseload.new_client",
"record.add_child", "app.help") and a description. The footer, the help, the command
palette and any text that has to name a key are all made from the bindings here, with the
keymap of settings.toml applied, so a key moved there moves everywhere at once and no key
is ever written into a sentence by hand.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, replace
from functools import cache

from textual.actions import parse as parse_action
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen

# Keys every screen has (replacing Textual's own, which have no id). "system": they move
# the focus or copy, so the palette does not offer them; the help lists them.
COMMON_BINDINGS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next field", show=False, system=True,
            tooltip="Move to the next field or list", id="common.next_field"),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, system=True,
            tooltip="Move to the previous field or list", id="common.previous_field"),
    Binding("ctrl+c,super+c", "screen.copy_text", "Copy", show=False, system=True,
            tooltip="Copy the selected text", id="common.copy"),
]  # fmt: skip

_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "left": "Left",
    "right": "Right",
    "up": "Up",
    "down": "Down",
    "tab": "Tab",
    "space": "Space",
    "home": "Home",
    "end": "End",
    "delete": "Del",
    "backspace": "Backspace",
    "insert": "Ins",
}


def key_display(key: str) -> str:
    """How a key is written for people: "Ctrl+S", "Esc", "?", "]", "PgDn"."""
    *modifiers, name = key.split("+")
    if name in _NAMES:
        text = _NAMES[name]
    elif re.fullmatch(r"f\d{1,2}", name):
        text = name.upper()
    else:
        text = format_key(name)  # "question_mark" -> "?"
        if modifiers and len(text) == 1:
            text = text.upper()
    return "+".join([*(m.capitalize() for m in modifiers), text])


@dataclass(frozen=True)
class Key:
    """One binding as it stands on a screen now: its keys after the keymap, and whether
    its action can run (check_action: True, or None for "not now")."""

    id: str
    keys: tuple[str, ...]
    description: str
    tooltip: str
    action: str
    namespace: DOMNode
    enabled: bool | None
    everywhere: bool  # an app-wide key (or one every screen has), not this screen's own
    show: bool
    system: bool
    group: str | None

    @property
    def display(self) -> str:
        return " / ".join(key_display(k) for k in self.keys)

    @property
    def title(self) -> str:
        """What the palette offers: the longer wording if there is one."""
        return self.tooltip or self.description


def keymap_of(app: App) -> dict[str, str]:
    # What App.set_keymap stored, normalised ("?" -> "question_mark"). Read in this one place.
    return dict(getattr(app, "_keymap", {}) or {})


def _state(screen: Screen, namespace: DOMNode, action: str) -> bool | None:
    destination, name, params = parse_action(action)
    target = {"app": screen.app, "screen": screen}.get(destination, namespace)
    return target.check_action(name, params)


def keys_of(screen: Screen) -> list[Key]:
    """The keys of the screen and of the app that a key press would reach now, as Textual
    finds them: the keymap applied, priority keys first, then from the focused widget up
    (a key the focused widget takes, or types, is not the screen's), a dialog stopping
    the app's ordinary keys, and an action whose check_action says False left out."""
    app = screen.app
    chain = screen._binding_chain  # focused widget ... screen, app; keymap applied
    ordinary = chain
    for index, (node, _) in enumerate(chain, 1):
        if node.is_modal:
            ordinary = chain[:index]
            break
    passes = [
        [(node, key, b) for node, bindings in reversed(chain) for key, b in bindings if b.priority],
        [(node, key, b) for node, bindings in ordinary for key, b in bindings if not b.priority],
    ]
    found: dict[str, Key] = {}
    taken: set[str] = set()
    for candidates in passes:
        for namespace, key, binding in candidates:
            if key in taken:
                continue
            state = _state(screen, namespace, binding.action)
            if state is False:
                continue  # not run: the key goes on to the next in the chain
            taken.add(key)
            if namespace is not screen and namespace is not app:
                continue  # a widget's own key (the list's arrows): it hides ours, that is all
            binding_id = binding.id or f"?{binding.action}"
            known = found.get(binding_id)
            if known is not None:
                if key not in known.keys:
                    found[binding_id] = _with_key(known, key)
                continue
            found[binding_id] = Key(
                id=binding_id,
                keys=(key,),
                description=binding.description,
                tooltip=binding.tooltip,
                action=binding.action,
                namespace=namespace,
                enabled=state,
                everywhere=namespace is app or binding_id.startswith("common."),
                show=binding.show,
                system=binding.system,
                group=binding.group.description if binding.group else None,
            )
    # In binding order, as the screen declares them (priority ones were found first).
    order: dict[str | None, int] = {}
    for _, b in [*screen._bindings, *app._bindings]:
        order.setdefault(b.id, len(order))
    return sorted(found.values(), key=lambda k: (k.everywhere, order.get(k.id, len(order))))


def _with_key(key: Key, extra: str) -> Key:
    return replace(key, keys=(*key.keys, extra))


def key_for(node: DOMNode, binding_id: str) -> str:
    """The key that does binding_id, written for people, for a sentence that has to name
    it ("Nothing here yet: n adds one"). Follows the keymap; the first key if several.

    What the keymap gives it, or its own default: from this screen's and the app's classes
    if it is theirs, else from every screen's (which imports every screen module: once,
    and never for the screen's own keys). Not keys_of, which works out every key's state
    to name one: the caseload's status line names keys at every page it shows."""
    screen = node if isinstance(node, Screen) else node.screen
    keymap = keymap_of(screen.app)
    keys = keymap.get(binding_id)
    if not keys:
        keys = _own_defaults(type(screen), type(screen.app)).get(binding_id) or next(
            (b.key for b in bindings_by_id().get(binding_id, [])), ""
        )
    return key_display(keys.split(",")[0]) if keys else "?"


@cache
def _own_defaults(screen: type[Screen], app: type[App]) -> dict[str, str]:
    """Binding id -> its default key, of this screen's and this app's classes (first wins)."""
    found: dict[str, str] = {}
    for cls in (*screen.__mro__, *app.__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.id:
                found.setdefault(binding.id, binding.key)
    return found


# ---- every binding of the app, for the keymap and the tests ------------------------------


def binding_classes() -> list[type[DOMNode]]:
    """Every screen and app class of this package (importing each of its modules)."""
    import pkgutil  # here: only the keymap's check of every screen walks them

    import screens

    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        if module.name != "screens.__main__":
            importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    todo: list[type[DOMNode]] = [Screen, App]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("screens.") and sub not in found:
                found.append(sub)
    return found


@cache
def bindings_by_id() -> dict[str, list[Binding]]:
    """Binding id -> the bindings that carry it (one id may be bound on several screens:
    "app.help" is, so that one line of the keymap moves help everywhere)."""
    by_id: dict[str, list[Binding]] = {}
    for cls in binding_classes():
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.id:
                by_id.setdefault(binding.id, []).append(binding)
    return by_id
