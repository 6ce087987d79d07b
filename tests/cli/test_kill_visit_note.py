"""A visit note typed in the real app, the process killed with SIGKILL mid-sentence (a flat
battery: nothing runs on the way out), the app started again: the draft is offered, and
reopened it holds all but the last moment of typing, exactly as typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import screen_up, wait_for

from caseworker.drafts import drafts_waiting
from caseworker.people import add_child, clients
from caseworker.store import open_database
from caseworker.visits import plan_visit

REPO = Path(__file__).resolve().parents[2]
KEPT = "Arrived 10:30. Ada was"  # typed, then a pause: kept
LOST = " welcoming and"  # typed just before the kill: may be lost

# The app, run headless in its own process, typing into a note as a worker would: it says
# "paused" once the first part is typed and has had time to be kept, then "typing" as it
# types the rest, and then waits to be killed.
CHILD = f"""
import asyncio, sys
sys.path.insert(0, {str(REPO / "tests")!r})
from pilot import screen_up, wait_for
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.screen import ClientScreen
from screens.visits.note_form import VisitNoteForm
from caseloads import PASSPHRASE, TODAY

async def main(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page
                       and app.db is not None, tries=400)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_up(app, ClientScreen), tries=400)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen_up(app, VisitNoteForm), tries=400)
        app.screen.query_one("#f-narrative").focus()
        await pilot.pause()
        for ch in {KEPT!r}:
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(3.0)  # more than the longest a draft waits (2 s)
        print("paused", flush=True)
        for ch in {LOST!r}:
            await pilot.press("space" if ch == " " else ch)
        print("typing", flush=True)
        await asyncio.sleep(600)

from pathlib import Path
asyncio.run(main(Path(sys.argv[1])))
"""


def _caseload(data_dir: Path) -> None:
    db = new_caseload(data_dir)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        add_child(s, ada.id, {"given_name": "Sam", "family_name": "Lee",
                              "date_of_birth": "01/03/2019", "lives_with": "client",
                              "client_role": "mother"}, TODAY)  # fmt: skip
        plan_visit(s, ada.id, {"planned_for": "23/11/2026"}, TODAY)
    db.close()


def _drafts(data_dir: Path) -> list:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            return drafts_waiting(s)
    finally:
        db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
async def test_a_visit_note_survives_sigkill_mid_sentence_and_is_offered_on_restart(tmp_path):
    data_dir = tmp_path / "cw"
    _caseload(data_dir)
    env = {**os.environ, "CI": "true"}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir)], env=env, cwd=REPO,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 240
        lines: list[str] = []
        while "typing" not in lines and time.monotonic() < deadline and proc.poll() is None:
            lines.append(proc.stdout.readline().strip())
        assert "typing" in lines, proc.stderr.read() if proc.poll() is not None else lines
        os.kill(proc.pid, signal.SIGKILL)  # mid-sentence: nothing runs on the way out
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    [draft] = _drafts(data_dir)
    narrative = draft.values["narrative"]
    # All but the last moment: what was typed before the pause, at least, exactly.
    assert narrative.startswith(KEPT) and (KEPT + LOST).startswith(narrative)

    from screens.app import CaseworkerApp
    from screens.modals.drafts import UnsavedWork
    from screens.visits.note_form import VisitNoteForm

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(app, UnsavedWork), tries=400)
        prompt = str(app.screen.query_one("#drafts-list").get_option_at_index(0).prompt)
        assert "Visit note" in prompt and "Ada Lee" in prompt
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_up(app, VisitNoteForm), tries=200)
        assert app.screen.collect()["narrative"] == narrative
