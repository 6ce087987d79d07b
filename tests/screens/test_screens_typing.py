"""Keys land where they were typed, however fast: the first keys into a form that is
still opening, a Tab in the middle of a burst, Enter after a passphrase; and several
lines pasted into a notes field stay several lines.

A terminal delivers a burst (a fast typist, a paste, tmux send-keys) in one read, and
Textual's driver posts every key of it to the app at once: ``burst`` does exactly that.
``pilot.press`` would wait for the app to go idle after each key, which hides the fault.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import screen_up, wait_for
from textual import events
from textual.widgets import TextArea

from caseworker.caseload import Unlocked, unwrap_key
from caseworker.core.errors import WrongPassphrase
from caseworker.people import clients
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.screen import ClientScreen
from screens.unlock.screen import UnlockScreen
from screens.widgets.form import FormScreen

SIZES = [(80, 24), (100, 30)]


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Joanne", "family_name": "Quigley"}, TODAY)
    db.close()
    return d


def burst(app, *keys: str) -> None:
    for key in keys:
        if key == " ":  # as Textual's driver names it
            app.post_message(events.Key("space", " "))
        else:
            app.post_message(events.Key(key, key if len(key) == 1 else None))


async def settled_form(pilot, field: str, expected: str) -> FormScreen:
    await wait_for(pilot, lambda: screen_up(pilot.app, FormScreen), tries=200)
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.collect().get(field) == expected, tries=100)
    return form


async def caseload(pilot) -> None:
    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CaseloadScreen) and screen.page is not None

    await wait_for(pilot, ready, tries=200)


def app_on(data_dir, **kw) -> CaseworkerApp:
    return CaseworkerApp(data_dir=data_dir, today=TODAY, **kw)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("move_on", ["tab", "enter"])
async def test_anna_then_smith_straight_after_n_lands_in_the_first_two_fields(
    data_dir, size, move_on
):
    # Tab moves on by a binding, Enter by a message (Input.Submitted) that the form takes:
    # typed together, the letters after either belong to the next field.
    async with app_on(data_dir, passphrase=PASSPHRASE).run_test(size=size) as pilot:
        await caseload(pilot)
        burst(pilot.app, "n", *"Anna", move_on, *"Smith")
        form = await settled_form(pilot, "family_name", "Smith")
        assert form.collect()["given_name"] == "Anna"
        assert pilot.app.focused.id == "f-family_name"


@pytest.mark.parametrize("size", SIZES)
async def test_a_search_typed_straight_after_the_slash_is_searched_for(data_dir, size):
    from textual.widgets import Input

    async with app_on(data_dir, passphrase=PASSPHRASE).run_test(size=size) as pilot:
        await caseload(pilot)
        listed = pilot.app.screen
        pilot.app.post_message(events.Key("slash", "/"))
        burst(pilot.app, *"quig")
        box = listed.query_one("#search", Input)
        await wait_for(pilot, lambda: box.value == "quig" and not listed.reading)
        assert listed.page is not None and [r.name for r in listed.page.rows] == ["Quigley, Joanne"]


async def held(app) -> None:
    """Until the app holds the keys typed after one that waits for the caseload to open.
    Not pilot.pause: that waits for every key to be handled, and these wait for the open."""
    for _ in range(200):
        if app.keys_held:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the keys were not held")


async def test_keys_typed_while_the_caseload_is_still_opening_wait_for_the_form(data_dir):
    """The passphrase given up front, its key still being derived (held here until the
    keys are typed): "n" and the name go into the form that opens once it is open."""
    key: Future[Unlocked] = Future()
    app = app_on(data_dir, passphrase=PASSPHRASE, data_key=key)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await wait_for(pilot, lambda: screen_up(pilot.app, CaseloadScreen), tries=200)
            burst(pilot.app, "n", *"Anna", "tab", *"Smith")
            await held(pilot.app)
            assert pilot.app.db is None  # still opening: nothing can have reached a form
        finally:  # (the app's opening waits for the key: never leave it waiting)
            key.set_result(unwrap_key(data_dir, PASSPHRASE).result())
        form = await settled_form(pilot, "family_name", "Smith")
        assert form.collect()["given_name"] == "Anna"
        assert pilot.app.focused.id == "f-family_name"


async def test_the_first_page_read_ahead_by_the_command_line_is_the_one_shown(
    data_dir, monkeypatch
):
    """`caseworker` with the passphrase given reads the first page on the thread that
    unwrapped the key, while the app's modules import (caseload.open_ahead): the app
    shows those rows and does not read them again."""
    import caseworker.caseload.first_page as first_page
    from caseworker.caseload import open_ahead

    key, page = open_ahead(data_dir, PASSPHRASE, TODAY)
    page.result()

    def again(*args, **kwargs):
        raise AssertionError("the first page was read a second time")

    import caseworker.caseload

    monkeypatch.setattr(first_page, "read_first_page", again)
    monkeypatch.setattr(caseworker.caseload, "read_first_page", again, raising=False)
    app = app_on(data_dir, passphrase=PASSPHRASE, data_key=key, first_page=page)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, CaseloadScreen), tries=200)
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.page is not None, tries=200)
        assert screen.page == page.result().page or pilot.app.db is not None
        await wait_for(pilot, lambda: pilot.app.db is not None, tries=200)


async def test_keys_typed_while_a_wrong_passphrase_opens_go_nowhere(data_dir):
    """The passphrase given up front is wrong: what was typed for the form never opens,
    and none of it goes into the passphrase box that is shown instead."""
    key: Future[Unlocked] = Future()
    app = app_on(data_dir, passphrase="not it", data_key=key)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await wait_for(pilot, lambda: screen_up(pilot.app, CaseloadScreen), tries=200)
            burst(pilot.app, "n", *"Anna")
            await held(pilot.app)
        finally:
            key.set_exception(WrongPassphrase("wrong passphrase"))
        await wait_for(pilot, lambda: screen_up(pilot.app, UnlockScreen), tries=200)
        box = pilot.app.screen.query_one("#passphrase")
        burst(pilot.app, "x")  # typed once the unlock screen is there: it goes in
        await wait_for(pilot, lambda: box.value != "")
        assert box.value == "x"
        await pilot.press("backspace", *PASSPHRASE, "enter")
        await caseload(pilot)
        assert not any(isinstance(s, FormScreen) for s in pilot.app.screen_stack)


# Each record form: the keys pressed to get there, the key that opens it (in the burst),
# the Tabs to its first text field (the ones before are choices and ticks), that field
# and the field a Tab then moves to. TOP is chosen in a list first: the list is a screen
# of its own, closed before TOP opens, so the burst starts with TOP open.
RECORD_FORMS = [
    ((), ("c",), 1, "given_name", "f-family_name"),  # child: "unborn" first
    ((), ("h",), 0, "name", "f-relationship"),  # household member
    ((), ("n",), 0, "agency", "f-team"),  # professional contact
    ((), ("k",), 0, "recipient", "f-state"),  # consent
    ((), ("p",), 7, "due_date", "f-help_received"),  # parental screen
    ((), ("e",), 2, "aliases", "f-date_of_birth"),  # the profile
    (("s", "end", "enter"), (), 1, "days_alcohol", "f-days_opiates"),  # TOP
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("pressed", "keys", "tabs", "field", "after"), RECORD_FORMS)
async def test_a_burst_into_every_record_form_lands_in_order(
    data_dir, size, pressed, keys, tabs, field, after
):
    async with app_on(data_dir, passphrase=PASSPHRASE).run_test(size=size) as pilot:
        await caseload(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen), tries=200)
        await pilot.pause()
        await pilot.press(*pressed)
        burst(pilot.app, *keys, *["tab"] * tabs, *"12", "tab")
        form = await settled_form(pilot, field, "12")
        await wait_for(pilot, lambda: pilot.app.focused is not None and
                       pilot.app.focused.id == after)  # fmt: skip
        assert form.collect()[field] == "12"


async def test_passphrase_and_enter_in_one_burst_unlock(data_dir):
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), tries=100)
        burst(pilot.app, *PASSPHRASE, "enter")
        await caseload(pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_four_pasted_lines_stay_four_lines_in_a_notes_field(data_dir, size):
    lines = "Seen at home 20/11.\nPartner present.\nAgreed weekly sessions.\nCall the GP."
    async with app_on(data_dir, passphrase=PASSPHRASE).run_test(size=size) as pilot:
        await caseload(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_up(pilot.app, FormScreen))
        form = pilot.app.screen
        notes = form.query_one("#f-notes", TextArea)
        notes.focus()
        await wait_for(pilot, lambda: pilot.app.focused is notes)
        pilot.app.post_message(events.Paste(lines))
        await wait_for(pilot, lambda: form.collect()["notes"] == lines)
        # A one-line field joins the lines rather than keeping only the first.
        address = form.query_one("#f-address")
        address.focus()
        await wait_for(pilot, lambda: pilot.app.focused is address)
        pilot.app.post_message(events.Paste("14 Mill Lane\nRiverside\nRT1 2AB\n"))
        await wait_for(
            pilot, lambda: form.collect()["address"] == "14 Mill Lane, Riverside, RT1 2AB"
        )


def test_every_free_text_field_that_may_run_to_several_lines_is_multi_line():
    """Notes, reasons and evidence: every field the domain lets run past a line (1,000
    characters or more) is a notes field on its form."""
    from screens.record.forms import ChildForm, ClientForm, ConsentForm, HouseholdForm, ParentalForm

    multi = {
        (form.__name__, spec.name)
        for form in (ClientForm, ChildForm, HouseholdForm, ConsentForm, ParentalForm)
        for spec in form.FIELDS
        if spec.kind == "notes"
    }
    assert multi == {
        ("ClientForm", "risk_to_staff_note"),
        ("ClientForm", "notes"),
        ("ChildForm", "notes"),
        ("HouseholdForm", "notes"),
        ("ConsentForm", "notes"),
        ("ParentalForm", "help_received"),
        ("ParentalForm", "coping"),
        ("ParentalForm", "mental_health"),
        ("ParentalForm", "notes"),
    }


@pytest.mark.parametrize("size", SIZES)
async def test_enter_straight_after_escape_keeps_the_form(data_dir, size, monkeypatch):
    # Escape asks "Discard what you typed?"; its default is to keep editing. An Enter typed
    # at once after the Escape must press that default, never Discard (the first button).
    from screens.modals.confirm import ConfirmScreen

    answers: list[bool] = []
    real = ConfirmScreen.dismiss
    monkeypatch.setattr(
        ConfirmScreen, "dismiss", lambda self, v: answers.append(v) or real(self, v)
    )
    async with app_on(data_dir, passphrase=PASSPHRASE).run_test(size=size) as pilot:
        await caseload(pilot)
        burst(pilot.app, "n", *"Anna")
        form = await settled_form(pilot, "given_name", "Anna")
        burst(pilot.app, "escape", "enter")
        await wait_for(pilot, lambda: answers and pilot.app.screen is form)
        assert answers == [False]  # asked, and answered with the default
        assert form.collect()["given_name"] == "Anna"


@pytest.mark.parametrize("size", SIZES)
async def test_a_search_then_enter_twice_opens_the_client_found(data_dir, size):
    # The first Enter leaves the search box for the list, the second opens the row: typed
    # together, the second must reach the list, not the box it has just left.
    async with app_on(data_dir, passphrase=PASSPHRASE).run_test(size=size) as pilot:
        await caseload(pilot)
        pilot.app.post_message(events.Key("slash", "/"))
        burst(pilot.app, *"quig", "enter", "enter")
        await wait_for(pilot, lambda: screen_up(pilot.app, ClientScreen), tries=200)
        assert pilot.app.screen.client_id is not None


def test_no_screen_focuses_a_widget_by_a_queued_call():
    # widget.focus() is queued behind the keys already read (see screens.widgets
    # .keys_in_order, 4): screens focus at once, with screen.set_focus(widget).
    import ast
    from pathlib import Path

    import screens

    root = Path(screens.__file__).parent
    queued = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "focus"
    ]
    assert queued == []
    assert len(list(root.rglob("*.py"))) > 20  # it looked at the screens
