"""Text that looks like markup is shown as typed on every screen, and never breaks one.

Each name of hostile.MARKUP_LIKE ("Zed[/", "[bold]Aardvark", "[@click=app.quit]", emoji,
right-to-left text...) is a client's family name, a child, a household member, an
agency, a consent recipient and a note. Every screen that shows them is walked: the
caseload, search, the command palette, every section of the record, the forms, the
questionnaire, TOP, the confirm dialog, help and notifications. What the terminal would
show is read from the screen itself (its rendered lines), not only from the widgets.
"""

from __future__ import annotations

import uuid

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from hostile import MARKUP_LIKE
from pilot import record_loaded, row_of, wait_for

from caseworker.people import (
    add_child,
    add_contact,
    add_household_member,
    create_client,
    record_consent,
)
from caseworker.screening import (
    complete,
    record_answer,
    record_top,
    start,
    substance_field,
    top_definition,
)
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.modals.confirm import ConfirmScreen
from screens.modals.help import HelpScreen
from screens.record.forms import ClientForm, ParentalForm
from screens.record.screen import ClientScreen
from screens.screening.questionnaire import ScreeningScreen
from screens.screening.top import TopBesideStart

# Short enough for the name column at 80 columns ("family, Ann").
NAMES = tuple(n for n in MARKUP_LIKE)


def _top(occasion: str) -> dict:
    definition = top_definition()
    raw: dict = {substance_field(s): "0" for s, _ in definition.substances}
    for f in definition.fields:
        if f.kind not in ("yes_no", "days_per_substance"):
            raw[f.id] = "10"
    return {**raw, "occasion": occasion}


@pytest.fixture(scope="module")
def caseload(tmp_path_factory):
    """A client named with each name, and one ("Everything") with each name in every kind
    of record: a child, a household member, an agency, a consent recipient, aliases, notes."""
    d = tmp_path_factory.mktemp("hostile") / "cw"
    db = new_caseload(d)
    ids = {}
    with db.session() as s:
        for name in NAMES:
            c = create_client(s, {"given_name": "Ann", "family_name": name, "address": name,
                                  "parental_status": "not_a_parent"}, TODAY)  # fmt: skip
            ids[name] = c.id
        every = create_client(s, {"given_name": "Everything", "family_name": "Zed[/",
                                  "aliases": ", ".join(NAMES), "notes": "\n".join(NAMES),
                                  "risk_to_staff": True, "risk_to_staff_note": NAMES[1],
                                  "parental_status": "all_live_with"}, TODAY)  # fmt: skip
        for name in NAMES:
            child = {"client_role": "mother", "given_name": name, "date_of_birth": "01/02/2019"}
            add_child(s, every.id, {**child, "school": name}, TODAY)
            add_household_member(s, every.id, {"name": name, "relationship": name}, TODAY)
            add_contact(s, every.id, {"agency": name, "contact_name": name}, TODAY)
            consent = {"recipient": name, "state": "not_sought_harm", "decided_on": "20/11/2026"}
            record_consent(s, every.id, {**consent, "notes": name}, TODAY)
        ids["Everything"] = every.id
        screen = start(s, every.id, "audit-c", TODAY)
        s.flush()
        for item in (1, 2, 3):
            record_answer(s, screen.id, item, 1)
        complete(s, screen.id, TODAY)
        record_top(s, every.id, _top("start"), TODAY)
        record_top(s, every.id, _top("review"), TODAY)
    db.close()
    return d, ids


def app_on(caseload) -> CaseworkerApp:
    return CaseworkerApp(data_dir=caseload[0], passphrase=PASSPHRASE, today=TODAY)


def on_screen(app) -> str:
    """What the terminal shows of the top screen, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def plain(widget) -> str:
    return str(widget.render())


async def to_caseload(pilot) -> CaseloadScreen:
    app = pilot.app

    # Its rows shown and the caseload open (the first page is read before the ORM loads,
    # and app.open_client below needs the open caseload, as Enter on a row waits for it).
    def ready() -> bool:
        screen = app.screen
        return isinstance(screen, CaseloadScreen) and screen.page is not None and not screen.reading

    await wait_for(pilot, ready, tries=200)
    return app.screen


async def test_caseload_search_and_palette_show_each_name_as_typed(caseload):
    from textual.command import CommandInput, CommandList

    app = app_on(caseload)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        table = screen.query_one("#caseload")
        shown = {row_of(table, i)[0] for i in range(table.row_count)}
        assert shown == {f"{name}, Ann" for name in NAMES} | {"Zed[/, Everything"}
        await wait_for(pilot, lambda: "Zed[/, Ann" in on_screen(app))
        seen = on_screen(app)  # the name column cuts the longest at 80 columns
        for row in (
            "[red]x[/red], Ann",
            "\\[, Ann",
            "[/], Ann",
            "x\\, Ann",
            "مريم العلي, Ann",
            "[bold]Aardvark, An",
            "[@click=app.quit],",
        ):
            assert f" {row}" in seen  # fmt: skip
        await pilot.press("slash", "left_square_bracket", "slash")  # "[/" typed
        await wait_for(pilot, lambda: not screen.reading and "“[/”" in plain(status(screen)))
        assert {row_of(table, i)[0] for i in range(table.row_count)} >= {"Zed[/, Ann"}
        search = screen.query_one("#search")
        for name in NAMES:
            search.value = name
            await wait_for(pilot, lambda n=name: not screen.reading
                           and f"search “{n}”" in plain(status(screen)))  # fmt: skip
            found = {row_of(table, i)[0] for i in range(table.row_count)}
            assert found == {f"{name}, Ann", "Zed[/, Everything"}  # by name, and by alias
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: bool(app.screen.query(CommandInput)))
        app.screen.query_one(CommandInput).value = "ann"

        def prompts() -> list:
            found = app.screen.query(CommandList)
            if not found:
                return []
            hits = found.first()
            return [hits.get_option_at_index(i).prompt for i in range(hits.option_count)]

        await wait_for(pilot, lambda: sum("Open client:" in str(p) for p in prompts()) >= 8)
        offered = [p for p in prompts() if "Open client:" in str(p)]
        for prompt in offered:
            line = str(prompt).splitlines()[0]
            assert line.removeprefix("Open client: ").removesuffix(", Ann") in NAMES
            # Only the letters that match are styled (the palette's highlight), one by one:
            # never a whole word made bold or red, never a link to click.
            first_line = len(line)
            for span in prompt.spans:
                if span.start < first_line:
                    assert span.end - span.start == 1 and "click" not in str(span.style)
        assert any("[bold]Aardvark" in str(p) for p in offered)
        await pilot.press("escape")
        assert app.is_running


def status(screen):
    return screen.query_one("#caseload-status")


def test_the_summary_and_profile_of_each_name_are_the_text_as_typed():
    from types import SimpleNamespace

    from caseworker.people import ClientFlag, ClientSummary
    from screens.record.sections import profile_text, summary_text

    for name in NAMES:
        summary = ClientSummary(uuid.uuid4(), "Ann", name, None, "active", "not_asked", 0, 0,
                                tuple(ClientFlag), name)  # fmt: skip
        shown = summary_text(summary, TODAY)
        assert str(shown).startswith(f"Ann {name} (ref ")
        assert [str(span.style) for span in shown.spans] == ["bold"]
        client = SimpleNamespace(date_of_birth=None, gender=name, address=name, area=name,
                                 phone=name, language=name, interpreter_needed=False,
                                 ethnicity=name, substances=[name], treatment_type="key_working",
                                 take_home_medication=False, parental_status="not_asked",
                                 parental_status_checked_on=None, pregnant=False,
                                 risk_to_staff=True, risk_to_staff_note=name,
                                 notes=name)  # fmt: skip
        shown = profile_text(client, [name], [])
        assert not shown.spans or all(str(span.style) == "bold" for span in shown.spans)
        assert f"Notes                  {name}" in str(shown)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_section_of_the_record_shows_each_name_as_typed(caseload, size):
    _, ids = caseload
    app = app_on(caseload)
    async with app.run_test(size=size) as pilot:
        await to_caseload(pilot)
        app.open_client(ids["Everything"])
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        record = app.screen
        await wait_for(pilot, lambda: "Everything Zed[/" in on_screen(app))
        profile = plain(record.query_one("#profile-text"))
        assert f"Aliases                {', '.join(sorted(NAMES))}" in profile
        # Each line of the notes in the value's column, under the first.
        assert "Notes                  " + ("\n" + " " * 23).join(NAMES) in profile
        assert f"Risk to staff          {NAMES[1]}" in profile
        cut = 12 if size[0] == 80 else 14  # the narrowest of these columns, at this width
        for key, table_id, column, shown_as in (
            ("2", "children-table", 0, "{} Zed[/"),  # a child takes the family name
            ("3", "household-table", 2, "{}"),  # the relationship, after the status
            ("4", "network-table", 2, "{}"),
            ("5", "consent-table", 0, "{}"),
        ):
            await pilot.press(key)
            section = table_id.removesuffix("-table")
            await wait_for(pilot, lambda s=section: record_loaded(record, s))  # read when shown
            table = record.query_one(f"#{table_id}")
            cells = {row_of(table, i)[column][:cut] for i in range(table.row_count)}
            assert cells == {shown_as.format(n)[:cut] for n in NAMES}, table_id
            await wait_for(pilot, lambda: "Zed[/" in on_screen(app) and "\\[" in on_screen(app))
        await pilot.press("6")  # history: what was recorded, by whom
        await wait_for(pilot, lambda: record_loaded(record, "history"))
        assert record.query_one("#history-table").row_count
        await pilot.press("7", "1")
        assert app.screen is record and app.is_running


# The names a crash was reported with, and the escape and the link: an edit each.
SAVED = ("Zed[/", "[bold]Aardvark", "\\[", "[@click=app.quit]")


async def test_editing_and_saving_a_client_with_each_name_then_opening_it_again(caseload):
    _, ids = caseload
    app = app_on(caseload)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        for name in SAVED:
            app.open_client(ids[name])
            await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, ClientForm)
                           and bool(app.screen.query("#f-family_name")))  # fmt: skip
            form = app.screen
            assert form.query_one("#f-family_name").value == name
            assert form.query_one("#f-address").value == name
            await pilot.press("ctrl+s")  # "Zed[/" crashed here, and on every later open
            await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
            app.open_client(ids[name])
            await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
            await wait_for(pilot, lambda n=name: f"Ann {n} (ref " in on_screen(app), tries=200)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))


async def test_forms_dialogs_help_and_notifications_show_each_name_as_typed(caseload):
    from screens.record.forms import ChildForm

    _, ids = caseload
    app = app_on(caseload)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await to_caseload(pilot)
        for name in NAMES:
            app.notify(f"Saved {name}", title=name)
            await wait_for(pilot, lambda n=name: f"{n}\nSaved {n}" in toasts(app))
        app.open_client(ids["Everything"])
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("p")  # the parental screen lists the children it knows
        await wait_for(pilot, lambda: isinstance(app.screen, ParentalForm)
                       and bool(app.screen.query("#form-intro")))  # fmt: skip
        intro = plain(app.screen.query_one("#form-intro"))
        for name in NAMES:
            assert f"{name} Zed[/ (7, with the client)" in intro
        await wait_for(pilot, lambda: " · on the register: " in on_screen(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChildForm)
                       and bool(app.screen.query("#f-given_name")))  # fmt: skip
        app.screen.query_one("#f-given_name").value = "Zed[/"
        await pilot.press("escape")  # typed into a form, then leaving it: asked first
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await wait_for(pilot, lambda: "Discard what you typed in this form?" in on_screen(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await wait_for(pilot, lambda: "Help: Client record" in on_screen(app))
        await pilot.press("escape")
        assert app.is_running


def toasts(app) -> str:
    from textual.widgets._toast import Toast

    return "\n".join(str(t.render()) for t in app.screen.query(Toast))


async def test_questionnaire_and_top_for_a_client_named_like_markup(caseload):
    _, ids = caseload
    app = app_on(caseload)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        app.open_client(ids["Everything"])
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        record = app.screen
        await pilot.press("s", "down", "enter")  # AUDIT-C
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen)
                       and app.screen.asking_occasion)  # fmt: skip
        assert "Everything Zed[/" in on_screen(app)  # named as typed before the questions too
        await pilot.press("2")  # a treatment review
        await wait_for(pilot, lambda: "Question 1" in on_screen(app))
        await pilot.press("1", "enter", "1", "enter", "1", "enter")
        await wait_for(pilot, lambda: "AUDIT-C" in on_screen(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is record)
        await pilot.press("7")
        await wait_for(pilot, lambda: record_loaded(record, "screening"))
        table = record.query_one("#screening-table")
        tops = [i for i in range(table.row_count) if row_of(table, i)[1] == "TOP"]
        table.move_cursor(row=tops[0])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TopBesideStart))
        await wait_for(pilot, lambda: "beside the start" in on_screen(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is record)
        assert plain(record.query_one("#client-summary")).startswith("Everything Zed[/ ")
