"""Pilot tests: screening questionnaires and the parental screen, keyboard only."""

from __future__ import annotations

from datetime import date

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import choose_first, choose_nth, record_loaded, row_of, wait_for
from sqlalchemy import select

from caseworker.people import clients, family
from caseworker.store.database import open_database
from caseworker.store.models import ChildRecord, DueItem, Screening
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.modals.contradiction import ContradictionDialog
from screens.record.screen import ClientScreen
from screens.screening.questionnaire import InstrumentPicker, ScreeningScreen
from screens.widgets.form import FormScreen


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        jo = clients.create_client(s, {"given_name": "Joanne", "family_name": "Quigley"}, TODAY)
        family.add_child(
            s,
            jo.id,
            {"client_role": "mother", "given_name": "Kai", "date_of_birth": "01/02/2019"},
            TODAY,
        )
    db.close()
    return d


async def open_client(pilot) -> ClientScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
    await pilot.press("enter")
    await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
    return app.screen


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def stored(data_dir):
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        screens = {sc.instrument: sc for sc in s.scalars(select(Screening))}
        due = {d.kind: d for d in s.scalars(select(DueItem))}
        kids = s.scalars(select(ChildRecord)).all()
    db.close()
    return screens, due, kids


async def test_audit_c_positive_continues_into_full_audit_without_reasking(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_client(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, InstrumentPicker)
        await pilot.press("down", "enter")  # AUDIT-C, after the parental screen
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
        q = app.screen
        assert q.instrument.id == "audit-c"
        # Whose screen it is, on every question; first, on which occasion.
        await wait_for(pilot, lambda: q.asking_occasion)
        assert "Client: Joanne Quigley (ref " in text(q, "#screening-title")
        assert "Treatment review" in text(q, "#screening-options")
        await pilot.press("1")  # intake
        await wait_for(pilot, lambda: q.screening_id is not None)
        assert "Intake / triage" in text(q, "#screening-title")
        assert "Joanne Quigley" in text(q, "#screening-title")
        # Each answer says what it scores, before it is chosen.
        options = text(q, "#screening-options")
        assert "Never  (scores 0)" in options and "(scores 4)" in options, options
        # weekly drinking (3), 3-4 units (1), less than monthly 6+ units (1): total 5
        await pilot.press("4", "enter", "2", "enter", "2", "enter")
        assert "5 of 12" in text(q, "#screening-question")
        assert "POSITIVE" in text(q, "#screening-question")
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen is not q)
        full = app.screen
        assert isinstance(full, ScreeningScreen) and full.instrument.id == "audit"
        await wait_for(pilot, lambda: full.screening_id is not None)
        assert not full.asking_occasion  # the occasion carries over with the answers
        assert "Joanne Quigley" in text(full, "#screening-title")
        assert full.current == 4  # items 1-3 carried over, not asked again
        assert "3 of 10 answered" in text(full, "#screening-progress")
        # items 4-8 never (1), items 9-10 "yes, during the last year" (3): 5 + 8 = 13
        await pilot.press(*["1", "enter"] * 5, *["3", "enter"] * 2)
        assert "13 of 40, increasing risk" in text(full, "#screening-question")
        await pilot.press("enter")
        assert app.screen is record
        # The AUDIT-C's next step ("complete the full AUDIT") is done: it no longer says so.
        await pilot.press("7")  # the screening section, read when shown
        await wait_for(pilot, lambda: record_loaded(record, "screening"))
        assert record.query_one("#screening-table").row_count == 2
        table = record.query_one("#screening-table")
        results = {row_of(table, i)[1]: row_of(table, i)[4] for i in range(2)}
        assert "complete the full AUDIT" not in results["AUDIT-C"], results
        assert results["AUDIT-C"] == f"5 (positive) · full AUDIT done {TODAY:%d/%m/%Y}"
    screens, due, _ = stored(data_dir)
    assert screens["audit-c"].occasion == screens["audit"].occasion == "intake"
    assert screens["audit-c"].total == 5 and screens["audit-c"].positive
    assert screens["audit"].total == 13 and screens["audit"].band == "increasing risk"
    assert screens["audit"].follows_id == screens["audit-c"].id
    assert "rescreen" not in due  # only the parental screen sets the re-screen date


async def test_abandoned_screen_is_a_draft_and_resumes(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_client(pilot)
        await pilot.press("s", "down", "down", "enter")  # FAST: the short screens come first
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
        assert app.screen.instrument.id == "fast"
        await wait_for(pilot, lambda: app.screen.asking_occasion)
        await pilot.press("3")  # at discharge
        await wait_for(pilot, lambda: app.screen.screening_id is not None)
        await pilot.press("2", "enter")  # less than monthly: stage 2 asks items 2-4
        await pilot.press("escape")
        assert app.screen is record
        await pilot.press("7")
        await wait_for(pilot, lambda: record_loaded(record, "screening"), tries=200)
        row = row_of(record.query_one("#screening-table"), 0)
        assert "DRAFT" in str(row[4])
        assert row[3] == "Sam Worker"  # who screened, beside what
        await pilot.press("enter")  # the section key put us in the list
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
        resumed = app.screen
        await wait_for(pilot, lambda: resumed.screening_id is not None)
        assert not resumed.asking_occasion  # the draft knows its occasion: not asked again
        assert "Discharge" in text(resumed, "#screening-title")
        assert resumed.current == 2
    screens, due, _ = stored(data_dir)
    assert screens["fast"].status == "draft" and screens["fast"].total is None
    assert "rescreen" not in due  # a draft never counts as done


async def test_parental_screen_adds_child_and_precaf_due(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        record = await open_client(pilot)
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Kai" in text(form, "#form-intro")  # what the register holds, not re-asked
        assert "Client: Joanne Quigley (ref " in text(form, "#form-intro")
        # occasion (asked: it starts blank) [tab] parental status: "some live with client"
        await choose_first(pilot)  # intake
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", "space", "tab", "space")  # children confirmed, add a child
        values = form.collect()
        assert values["parental_status"] == "some_live_with", values
        assert values["occasion"] == "intake", values
        assert values["add_child_now"] is True, values
        await pilot.press("ctrl+s")
        # Kai, the only child on the register, lives with her: the status is prompted.
        await wait_for(pilot, lambda: isinstance(app.screen, ContradictionDialog))
        assert "All children live with client" in text(app.screen, "#contradictions")
        await pilot.press("s")  # save as typed: the child who lives elsewhere comes next
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen is not form)
        await pilot.press("tab", *"Lily", "tab", "tab", *"14/06/2021", "tab", "tab")
        await choose_first(pilot)  # mother
        await pilot.press("tab")
        await choose_nth(pilot, 2)  # lives with the other parent
        await pilot.press("tab", "tab")
        await choose_nth(pilot, 1, blank=False)  # contact: formal (from "not applicable")
        await pilot.press("tab", "tab")
        await choose_first(pilot)  # current help: none
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: record_loaded(record, "children"), tries=200)
        summary = text(record, "#client-summary")
        assert "Pre-CAF assessment" in summary
        assert "Some children live with client" in summary
        kids = record.query_one("#children-table")
        assert {row_of(kids, i)[0] for i in range(kids.row_count)} >= {"Lily Quigley"}
    screens, due, kids = stored(data_dir)
    assert screens["parental"].positive is True
    assert due["precaf"].due_on == date(2026, 12, 21)
    assert {k.given_name for k in kids} == {"Kai", "Lily"}


async def test_top_review_shown_beside_start(data_dir):
    from screens.screening.top import TopBesideStart, TopForm

    async def record_top(pilot, occasion_downs: int, alcohol: str, psych: str) -> None:
        await pilot.press("s")
        await pilot.press(*["down"] * 6, "enter")  # the last option: TOP
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TopForm))
        form = pilot.app.screen
        assert "Client: Joanne Quigley (ref " in text(form, "#form-intro")  # whose TOP
        form.query_one("#f-occasion").value = ["start", "review", "exit"][occasion_downs]
        for sub in ("opiates", "crack", "cocaine", "amphetamines", "cannabis", "other"):
            form.query_one(f"#f-days_{sub}").value = "0"
        form.query_one("#f-days_alcohol").value = alcohol
        for field in (
            "injecting_days",
            "shoplifting_days",
            "selling_drugs_days",
            "paid_work_days",
            "education_days",
        ):
            form.query_one(f"#f-{field}").value = "0"
        for field in ("physical_health", "quality_of_life"):
            form.query_one(f"#f-{field}").value = "10"
        form.query_one("#f-psychological_health").value = psych
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, TopForm))

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        record = await open_client(pilot)
        await record_top(pilot, 0, "24", "6")
        await record_top(pilot, 1, "8", "12")
        await wait_for(pilot, lambda: record_loaded(record, "screening"), tries=200)
        table = record.query_one("#screening-table")
        review_row = [row_of(table, i) for i in range(table.row_count)]
        assert any("vs start" in str(r[4]) and "2 better" in str(r[4]) for r in review_row)
        await pilot.press("7", "enter")  # newest first: the review
        await wait_for(pilot, lambda: isinstance(app.screen, TopBesideStart))
        compare = app.screen.query_one("#top-compare")
        rows = {row_of(compare, i)[0]: row_of(compare, i) for i in range(compare.row_count)}
        assert rows["Alcohol: days used"][1:] == ["24", "8", "-16 better"]
        psych = next(r for label, r in rows.items() if label.startswith("Psychological"))
        assert psych[1:] == ["6", "12", "+6 better"]


async def test_a_screen_left_without_answers_leaves_no_draft(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_client(pilot)
        await pilot.press("s", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
        await pilot.press("escape")
        assert app.screen is record
    screens, _, _ = stored(data_dir)
    assert screens == {}


async def test_top_form_starts_at_start_until_one_exists(data_dir):
    from screens.screening.top import TopForm

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_client(pilot)
        await pilot.press("s", *["down"] * 6, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TopForm))
        assert app.screen.query_one("#f-occasion").value == "start"


async def test_picker_lists_the_instruments_in_the_folder(data_dir, tmp_path, monkeypatch):
    import json
    import shutil

    from textual.widgets import OptionList

    import caseworker.content.instruments as instrument_files
    from caseworker.core.paths import content_dir

    local = tmp_path / "content"
    shutil.copytree(content_dir(), local)
    (local / "instruments" / "dast-10.json").unlink()  # a service that does not use it
    added = json.loads((local / "instruments" / "sadq.json").read_text(encoding="utf-8"))
    added.update(id="sadq-c", name="SADQ-C: the community version", short_name="SADQ-C")
    (local / "instruments" / "sadq-c.json").write_text(json.dumps(added), encoding="utf-8")
    monkeypatch.setattr(instrument_files, "content_dir", lambda: local)
    instrument_files.clear_cache()
    try:
        app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_client(pilot)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, InstrumentPicker))
            listed = app.screen.query_one("#instrument-list", OptionList)
            options = [listed.get_option_at_index(i) for i in range(listed.option_count)]
            assert [o.id for o in options] == [
                "parental", "audit-c", "fast", "audit", "sadq-c", "sadq", "top",
            ]  # fmt: skip
            assert str(options[4].prompt) == "SADQ-C: the community version"
            assert str(options[-1].prompt) == (
                "TOP: Treatment Outcomes Profile (start, review, exit)"
            )
            await pilot.press(*["down"] * 4, "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
            assert app.screen.instrument.id == "sadq-c"
    finally:
        monkeypatch.undo()
        instrument_files.clear_cache()


def test_top_form_labels_and_occasions_come_from_the_file():
    from caseworker.screening import top_definition
    from screens.screening.top import top_fields

    fields = {f.name: f for f in top_fields()}
    occasions = (("start", "Start"), ("review", "Review"), ("exit", "Exit"))
    assert fields["occasion"].choices == occasions
    for spec in top_definition().fields:
        if spec.kind != "days_per_substance":
            assert fields[spec.id].label == spec.short_label
    assert fields["shared_paraphernalia"].label == "Shared spoon/water/filter"
    assert fields["days_opiates"].label == "Days used: Opiates (illicit)"
