"""Keys: every binding has an id and a description; the footer, the help and the palette
are made from them; a keymap in settings.toml moves any of them (Pilot, 80x24 and 100x30)."""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import record_loaded, wait_for
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.widgets import Checkbox, Footer
from textual.widgets._footer import FooterKey

from caseworker.core.paths import config_dir
from caseworker.people import add_child, create_client
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.keys import binding_classes, bindings_by_id, key_display, keys_of
from screens.modals.help import HelpScreen
from screens.record.forms import ClientForm
from screens.record.screen import ClientScreen
from screens.screening.questionnaire import ScreeningScreen
from screens.widgets.form import FormScreen, YesNo


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        jo = create_client(s, {"given_name": "Joanne", "family_name": "Quigley"}, TODAY)
        add_child(s, jo.id, {"client_role": "mother", "given_name": "Kai",
                             "date_of_birth": "01/02/2019"}, TODAY)  # fmt: skip
        create_client(s, {"given_name": "Ade", "family_name": "Bello"}, TODAY)
    db.close()
    return d


@pytest.fixture
def empty_dir(tmp_path):
    d = tmp_path / "empty"
    new_caseload(d).close()
    return d


def app_on(data_dir) -> CaseworkerApp:
    return CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)


def write_settings(text: str) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text(text, encoding="utf-8")


async def to_caseload(pilot) -> CaseloadScreen:
    app = pilot.app

    # Its rows shown and the caseload open (the first page is read before the ORM loads).
    def ready() -> bool:
        screen = app.screen
        return isinstance(screen, CaseloadScreen) and bool(screen.page) and not screen.reading

    await wait_for(pilot, ready, tries=200)
    return app.screen


def footer_keys(screen) -> dict[str, str]:
    return {k.description: k.key_display for k in screen.query_one(Footer).query(FooterKey)}


def active_ids(screen) -> set[str]:
    """What Textual itself says is bound on this screen now (the screen's keys and the app's)."""
    app = screen.app
    return {
        ab.binding.id
        for ab in screen.active_bindings.values()
        if (ab.node is screen or ab.node is app) and ab.binding.description
    }


# ---- the bindings themselves ---------------------------------------------------------------


def test_every_binding_on_every_screen_has_an_id_and_a_description():
    classes = binding_classes()
    names = {c.__name__ for c in classes}
    assert {"CaseworkerApp", "CaseloadScreen", "ClientScreen", "ScreeningScreen", "HelpScreen",
            "ConfirmScreen", "InstrumentPicker", "TopBesideStart", "UnlockScreen",
            "ClientForm", "ParentalForm", "TopForm"} <= names  # fmt: skip
    missing = []
    actions: dict[str, set[str]] = {}
    for cls in classes:
        for key, binding in cls._merge_bindings():  # what the class really answers to
            if not binding.id or not binding.description:
                missing.append(f"{cls.__name__}: {key} -> {binding.action}")
            if binding.id:
                actions.setdefault(binding.id, set()).add(binding.action)
                area = binding.id.split(".")[0]
                assert binding.id.count(".") == 1 and area.isidentifier(), binding.id
    assert missing == []
    # One id, one action, wherever it is bound: the keymap moves them together.
    assert {i: a for i, a in actions.items() if len(a) > 1} == {}


def test_key_display_is_written_for_people():
    assert [key_display(k) for k in ("ctrl+s", "escape", "question_mark", "pagedown", "n",
                                     "right_square_bracket", "f1", "shift+tab")] == [
        "Ctrl+S", "Esc", "?", "PgDn", "n", "]", "F1", "Shift+Tab"]  # fmt: skip


# ---- the help ------------------------------------------------------------------------------


async def help_for(pilot, key: str = "question_mark") -> HelpScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    return pilot.app.screen


def help_text(screen: HelpScreen) -> str:
    return " ".join(str(w.render()) for w in screen.query("Static"))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_help_lists_exactly_the_screens_active_bindings(data_dir, size):
    app = app_on(data_dir)
    async with app.run_test(size=size) as pilot:
        caseload = await to_caseload(pilot)
        tour = [(caseload, "question_mark")]
        for screen, key in tour:
            expected = active_ids(screen)
            shown = await help_for(pilot, key)
            assert {k.id for k in shown.listed} == expected
            text = help_text(shown)
            for k in shown.listed:
                assert k.id in text and k.display in text
            await pilot.press("escape")
        await pilot.press("enter")  # the first client (Bello)
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.pause()
        record = app.screen
        expected = active_ids(record)
        assert {"record.add_child", "record.show_history", "app.help"} <= expected
        shown = await help_for(pilot, "f1")
        assert {k.id for k in shown.listed} == expected
        await pilot.press("escape", "s", "down", "enter")  # AUDIT-C
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
        questionnaire = app.screen
        # First the occasion (intake, review, discharge): three answers, and no "next".
        await wait_for(pilot, lambda: questionnaire.asking_occasion)
        expected = active_ids(questionnaire)
        assert {i for i in expected if i.startswith("screening.answer_")} == {
            f"screening.answer_{n}" for n in range(1, 4)
        }
        assert "screening.next" not in expected
        await pilot.press("2")  # a treatment review
        await wait_for(pilot, lambda: questionnaire.screening_id is not None)
        expected = active_ids(questionnaire)
        # Only this question's answers (5 options), and no "continue" before a result.
        assert {i for i in expected if i.startswith("screening.answer_")} == {
            f"screening.answer_{n}" for n in range(1, 6)
        }
        assert "screening.continue_full" not in expected
        shown = await help_for(pilot)
        assert {k.id for k in shown.listed} == expected
        assert "1 2 3 4 5" in help_text(shown)


async def test_help_in_a_form_lists_the_forms_keys_and_the_apps_priority_keys(data_dir):
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        expected = active_ids(form)
        shown = await help_for(pilot, "f1")
        listed = {k.id for k in shown.listed}
        # Textual stops at a dialog, except for priority keys (quit, the palette, lock, and
        # the lone-working check-in: back safe with a note half typed).
        assert listed - expected == {"app.quit", "app.palette", "app.lock", "app.check_in"}
        assert expected <= listed
        assert {"form.save", "form.cancel"} <= listed


# ---- the palette ---------------------------------------------------------------------------


async def palette_prompts(pilot) -> list[str]:
    await pilot.pause(0.5)
    commands = pilot.app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_palette_offers_the_screens_bindings_and_runs_one(data_dir):
    app = app_on(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        caseload = await to_caseload(pilot)
        enabled = [k for k in keys_of(caseload) if k.enabled is True and not k.system]
        titles = {c.title for c in app.get_system_commands(caseload)}
        assert titles == {k.title for k in enabled if k.id != "app.palette"}
        assert "Add a new client to the caseload" in titles
        assert "Previous page" not in titles  # page 1: check_action says not now
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        prompts = await palette_prompts(pilot)
        assert any("Open client…" in p for p in prompts)
        assert any("Add a new client to the caseload" in p for p in prompts)
        await pilot.press(*"new client")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))


async def test_palette_open_client_finds_a_client_by_name(data_dir):
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        await pilot.press("ctrl+p", *"open client")
        await pilot.pause(0.5)
        await pilot.press("enter")  # "Open client…": a palette of clients only
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"quigley")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        assert "Joanne Quigley" in str(app.screen.query_one("#client-summary").render())


# ---- the keymap ----------------------------------------------------------------------------


async def test_keymap_moves_the_new_client_key_everywhere(data_dir):
    write_settings('[keymap]\n"caseload.new_client" = "ctrl+n"\n')
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        caseload = await to_caseload(pilot)
        assert app.settings_problems == []
        # The footer shows it once the caseload is open (until then the key waits for it).
        await wait_for(pilot, lambda: "New client" in footer_keys(caseload), tries=200)
        assert footer_keys(caseload)["New client"] == "Ctrl+N"
        await pilot.press("n")  # the old key no longer does it
        await pilot.pause()
        assert app.screen is caseload
        shown = await help_for(pilot)
        row = next(k for k in shown.listed if k.id == "caseload.new_client")
        assert row.keys == ("ctrl+n",)
        assert "Ctrl+N" in help_text(shown)
        await pilot.press("escape", "ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))


async def test_a_key_named_while_typing_a_search_follows_the_keymap_without_a_scan(
    data_dir, monkeypatch
):
    # With the search box taking the typing, "f" is not a key of the screen just then:
    # the status line still names it, from the screen's own bindings and the keymap,
    # not by importing every screen of the app (that cost a first search 100-170 ms).
    write_settings('[keymap]\n"caseload.filter" = "ctrl+f"\n')
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        caseload = await to_caseload(pilot)
        import screens.keys

        def scan() -> None:
            raise AssertionError("every screen module imported to name a key")

        monkeypatch.setattr(screens.keys, "bindings_by_id", scan)
        await pilot.press("slash", "q")
        await wait_for(
            pilot,
            lambda: "search “q”" in str(caseload.query_one("#caseload-status").render()),
            tries=200,
        )
        assert "Filter: Open cases (Ctrl+F)" in str(caseload.query_one("#caseload-status").render())


async def test_keymap_changes_the_words_that_name_a_key(empty_dir):
    # Unquoted dotted ids and several keys work too.
    write_settings('[keymap]\ncaseload.new_client = ["ctrl+n", "insert"]\n'
                   'form.save = "ctrl+w"\n')  # fmt: skip
    app = app_on(empty_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        caseload = await to_caseload(pilot)
        status = str(caseload.query_one("#caseload-status").render())
        assert "no clients yet: Ctrl+N adds one" in status
        await pilot.press("insert")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))
        assert "Save (Ctrl+W)" in str(app.screen.query_one("#save").render())


async def test_a_typo_in_settings_is_named_and_the_app_starts_with_the_defaults(data_dir):
    write_settings('[keymapp]\n"caseload.new_client" = "ctrl+n"\n')
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_caseload(pilot)
        [problem] = app.settings_problems
        assert "settings.toml" in problem and "'keymapp'" in problem
        assert "default keys" in problem

        def toasts() -> str:
            return " ".join(str(t.render()) for t in app.screen.query("Toast"))

        await wait_for(pilot, lambda: "keymapp" in toasts())  # said on screen
        await pilot.press("n")  # the default key
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))


async def test_a_keymap_id_no_screen_has_is_reported(data_dir):
    write_settings('[keymap]\n"caseload.nwe_client" = "x"\n"caseload.filter" = "ctrl+f"\n')
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        caseload = await to_caseload(pilot)
        # The check imports every screen on a thread: slow on a loaded machine.
        await wait_for(pilot, lambda: app.settings_problems, tries=400)
        [problem] = app.settings_problems
        assert "'caseload.nwe_client'" in problem and "no screen has" in problem
        # The rest is used (the footer is redrawn with it a moment later on a busy machine).
        await wait_for(pilot, lambda: footer_keys(caseload).get("Filter") == "Ctrl+F", tries=200)


async def test_a_key_taken_from_another_action_is_reported(data_dir):
    write_settings('[keymap]\n"caseload.new_client" = "f"\n')
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        # The check imports every screen on a thread: slow on a loaded machine.
        await wait_for(pilot, lambda: app.settings_problems, tries=400)
        [problem] = app.settings_problems
        assert "'caseload.filter'" in problem and "without a key" in problem
        await pilot.press("f")  # the keymap was still applied: f is the new client now
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))


def test_every_id_the_keymap_can_name_is_known():
    ids = bindings_by_id()
    assert {"caseload.new_client", "record.add_child", "screening.answer_1", "form.save",
            "app.help", "confirm.yes"} <= set(ids)  # fmt: skip


# ---- YesNo ---------------------------------------------------------------------------------


class OneBox(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[bool] = []

    def compose(self):
        yield YesNo(False, id="box")

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.changes.append(event.value)


async def test_yes_no_toggle_posts_changed_and_sets_the_on_class():
    app = OneBox()
    async with app.run_test(size=(40, 5)) as pilot:
        box = app.query_one(YesNo)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True and box.has_class("-on") and str(box.label) == "yes"
        assert app.changes == [True]
        await pilot.press("space")
        await pilot.pause()
        assert not box.has_class("-on") and str(box.label) == "no"
        assert app.changes == [True, False]


async def test_a_broken_local_protocol_is_said_at_once_and_the_caseload_opens(data_dir):
    from caseworker.content.protocol import load_protocol, local_protocol_path

    local_protocol_path().write_text("rescreen_interval_days = 'soon'\n", encoding="utf-8")
    load_protocol.cache_clear()  # as the app reads it when it starts
    app = app_on(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        caseload = await to_caseload(pilot)
        assert caseload.query_one("#caseload").row_count > 0  # the records are all there

        def toasts() -> str:
            return " ".join(str(t.render()) for t in app.screen.query("Toast"))

        await wait_for(pilot, lambda: "protocol.toml" in toasts())
        assert "rescreen_interval_days" in toasts() and "refused" in toasts()
    load_protocol.cache_clear()
