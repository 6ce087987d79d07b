"""The footer (screens.widgets.footer): made with the screen's keys at once, rebuilt only
when the keys it shows change, a key enabled or disabled in place (Pilot, 80x24 and
100x30)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from screens.widgets.footer import Footer

SIZES = [(80, 24), (100, 30)]


class KeysScreen(Screen[None]):
    BINDINGS = [
        Binding("a", "one", "One", tooltip="The first"),
        Binding("b,pagedown", "two", "Two"),
        Binding("c", "three", "Three"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.states: dict[str, bool | None] = {"one": True, "two": True, "three": True}

    def compose(self) -> ComposeResult:
        yield DataTable(id="table")  # focused: its own (hidden) pagedown binding comes first
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.states.get(action, True)

    def action_one(self) -> None: ...
    def action_two(self) -> None: ...
    def action_three(self) -> None: ...


class KeysApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(KeysScreen())


def keys_of(screen: Screen) -> list[FooterKey]:
    return list(screen.query_one(Footer).walk_children(FooterKey))


async def settled(pilot) -> None:
    for _ in range(3):  # the look at the keys runs after the next refresh
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_the_keys_are_there_from_the_first_frame_and_kept(size):
    app = KeysApp()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        screen = app.screen
        keys = keys_of(screen)
        assert [k.description for k in keys if k.description][:3] == ["One", "Two", "Three"]
        assert keys[0].tooltip == "The first"
        # Focus moves, bindings are refreshed: the same keys, so the same widgets.
        screen.query_one(DataTable).focus()
        screen.refresh_bindings()
        await settled(pilot)
        screen.set_focus(None)
        screen.refresh_bindings()
        await settled(pilot)
        assert keys_of(screen) == keys  # not made again (Textual's footer remakes them)


@pytest.mark.parametrize("size", SIZES)
async def test_a_key_disabled_or_enabled_changes_in_place(size):
    app = KeysApp()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        screen = app.screen
        keys = keys_of(screen)
        two = next(k for k in keys if k.action == "two")
        assert not two.has_class("-disabled")
        screen.states["two"] = None  # shown, but disabled
        screen.refresh_bindings()
        await settled(pilot)
        assert keys_of(screen) == keys
        assert two.has_class("-disabled") and two._disabled
        screen.states["two"] = True
        screen.refresh_bindings()
        await settled(pilot)
        assert not two.has_class("-disabled") and not two._disabled


@pytest.mark.parametrize("size", SIZES)
async def test_a_key_that_comes_or_goes_remakes_the_footer(size):
    app = KeysApp()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        screen = app.screen
        screen.states["one"] = False  # not offered at all
        screen.refresh_bindings()
        await settled(pilot)
        assert [k.action for k in keys_of(screen) if k.description][:2] == ["two", "three"]
        screen.states["one"] = True
        screen.refresh_bindings()
        await settled(pilot)
        assert [k.action for k in keys_of(screen) if k.description][:3] == [
            "one",
            "two",
            "three",
        ]


@pytest.mark.parametrize("size", SIZES)
async def test_a_compact_footer_s_keys_are_made_compact(size, monkeypatch):
    """Each key is made with its compact class, not given it once mounted (which styled
    every key a second time as the screen started), and stays compact."""
    restyled: list[bool] = []
    real = FooterKey._watch_compact

    def watch(key: FooterKey, compact: bool) -> None:
        restyled.append(compact and not key.has_class("-compact"))
        real(key, compact)

    monkeypatch.setattr(FooterKey, "_watch_compact", watch)
    app = KeysApp()
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        keys = keys_of(app.screen)
        assert len(keys) >= 3 and all(k.has_class("-compact") for k in keys)
    assert restyled and not any(restyled)
