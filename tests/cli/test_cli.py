"""The `caseworker` command, run in-process (main([...])) and once as a real subprocess."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from sqlalchemy import func, select

from caseworker.cli import commands as cli
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.people import clients
from caseworker.store.database import WrongPassphrase, open_database
from caseworker.store.models import Client, Setting, TrailEvent, Worker
from caseworker.store.trail import verify_chain

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(monkeypatch, tmp_path) -> Path:
    """CI-like environment: no terminal, passphrase from the environment."""
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    return data_dir


@pytest.fixture
def caseload(env) -> Path:
    """An existing caseload (fast KDF) with one client in it."""
    db = new_caseload(env)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Zebedee", "family_name": "Quuxington"}, TODAY)
    db.close()
    return env


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _trail_actions(data_dir: Path, passphrase: str = PASSPHRASE) -> list[str]:
    db = open_database(data_dir, passphrase)
    try:
        with db.session() as s:
            return list(s.scalars(select(TrailEvent.action).order_by(TrailEvent.seq)))
    finally:
        db.close()


# ---- init -----------------------------------------------------------------------------


def test_init_non_interactive(env, capsys):
    code, _, err = run(
        capsys,
        "init",
        "--name",
        "Sam Worker",
        "--service",
        "Riverside DAS",
        "--role",
        "supervisor",
        "--team",
        "North",
    )
    assert code == 0, err
    assert "Caseload created" in err
    # Not the default folder: the closing line gives the exact command to open it.
    assert f"Open it with: caseworker --data-dir {env}" in err
    assert (env / DB_FILENAME).exists() and (env / KEY_FILENAME).exists()
    db = open_database(env, PASSPHRASE)
    try:
        with db.session() as s:
            worker = s.get(Worker, db.worker_id)
            assert (worker.name, worker.role, worker.team) == ("Sam Worker", "supervisor", "North")
            service = s.scalar(select(Setting.value).where(Setting.key == "service_name"))
            assert service == "Riverside DAS"
    finally:
        db.close()
    # The real (not test) key-stretching parameters are used.
    assert json.loads((env / KEY_FILENAME).read_text())["slots"][0]["memory_kib"] >= 19 * 1024


def test_init_again_refuses_and_changes_nothing(caseload, capsys):
    before = (caseload / KEY_FILENAME).read_bytes(), (caseload / DB_FILENAME).read_bytes()
    code, _, err = run(capsys, "init", "--name", "Other", "--service", "Other")
    assert code != 0
    assert "already exists" in err and "Nothing was changed" in err
    assert "Traceback" not in err
    after = (caseload / KEY_FILENAME).read_bytes(), (caseload / DB_FILENAME).read_bytes()
    assert after == before


def test_init_missing_flags_when_not_interactive(env, capsys):
    code, _, err = run(capsys, "init", "--name", "Sam")
    assert code == 2
    assert "Missing: --service" in err
    assert not env.exists()


def test_init_missing_passphrase_when_not_interactive(env, capsys, monkeypatch):
    monkeypatch.delenv("CASEWORKER_PASSPHRASE")
    code, _, err = run(capsys, "init")
    assert code == 2
    assert "--name" in err and "--service" in err and "CASEWORKER_PASSPHRASE" in err
    assert not env.exists()


def test_init_short_passphrase(env, capsys, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "short")
    code, _, err = run(capsys, "init", "--name", "Sam", "--service", "S")
    assert code == 2
    assert "at least 8 characters" in err
    assert not (env / DB_FILENAME).exists()


def test_data_dir_flag_beats_environment(env, capsys, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    code, _, err = run(
        capsys, "--data-dir", str(elsewhere), "init", "--name", "S", "--service", "S"
    )
    assert code == 0, err
    assert (elsewhere / DB_FILENAME).exists()
    assert not env.exists()


def test_no_command_before_init_suggests_init(env, capsys):
    code, _, err = run(capsys)
    assert code != 0
    assert "caseworker init" in err
    assert "No caseload" in err
    assert not env.exists()


# ---- unlocking ------------------------------------------------------------------------


def test_wrong_passphrase_is_one_plain_line(caseload, capsys, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "not the right one")
    code, out, err = run(capsys, "check")
    assert code != 0
    assert "passphrase is not right" in err
    assert "Traceback" not in err
    assert out == ""


def test_no_passphrase_without_terminal(caseload, capsys, monkeypatch):
    monkeypatch.delenv("CASEWORKER_PASSPHRASE")
    code, _, err = run(capsys, "export", "--recipient", "self")
    assert code != 0
    assert "CASEWORKER_PASSPHRASE" in err


def test_damaged_key_file_is_a_clear_message(caseload, capsys):
    (caseload / KEY_FILENAME).write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "check")
    assert code != 0
    assert "key file caseworker.key is damaged" in err
    assert "passphrase is not right" not in err


def test_wrong_passphrase_in_a_real_process_has_no_traceback(caseload):
    env = {
        **os.environ,
        "CI": "true",
        "CASEWORKER_DATA_DIR": str(caseload),
        "CASEWORKER_PASSPHRASE": "not the right one",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "caseworker", "check"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=REPO,
    )
    assert proc.returncode != 0
    assert "passphrase is not right" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


# ---- export ---------------------------------------------------------------------------


def test_export_json_to_stdout_is_audited(caseload, capsys):
    before = _trail_actions(caseload)
    code, out, err = run(capsys, "export", "--recipient", "self", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["format"] == "caseworker-export"
    assert doc["schema_revision"]
    (client,) = doc["tables"]["client"]
    assert (client["given_name"], client["family_name"]) == ("Zebedee", "Quuxington")
    assert len(doc["tables"]["trail_event"]) == len(before) + 1
    after = _trail_actions(caseload)
    assert after == [*before, "export"]


def test_export_to_file_is_private_and_complete(caseload, capsys, tmp_path):
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    code, out, err = run(capsys, "export", "--recipient", "self", "--out", str(target))
    assert code == 0, err
    assert out == ""  # nothing about clients on the terminal
    assert "Exported" in err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["export.json"]  # no partial file
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["tables"]["client"][0]["family_name"] == "Quuxington"
    assert _trail_actions(caseload)[-1] == "export"


def test_export_shows_progress_on_a_terminal_only(caseload, capsys, tmp_path, monkeypatch):
    import io

    target = tmp_path / "export.json"
    code, _, err = run(capsys, "export", "--recipient", "self", "--out", str(target))
    assert code == 0 and "Exporting" not in err and "\r" not in err  # not a terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    code, out, _ = run(capsys, "export", "--recipient", "self", "--out", str(target))
    doc = json.loads(target.read_text(encoding="utf-8"))
    rows = sum(len(rows) for rows in doc["tables"].values())
    shown = tty.getvalue()
    assert code == 0 and out == ""
    bar = f"\r\x1b[KExporting [{'#' * 24}] {rows}/{rows} records"
    # The line is cleared before what was done is said.
    assert bar + f"\r\x1b[KExported {rows} records to {target}" in shown
    # To the standard output, the document alone goes there: the line is on stderr.
    code, out, _ = run(capsys, "export", "--recipient", "self")
    assert code == 0 and json.loads(out)["format"] == "caseworker-export"
    later = tty.getvalue()[len(shown) :]
    assert later.startswith("\r\x1b[KExporting [") and later.endswith("\r\x1b[K")


def test_export_into_missing_folder(caseload, capsys, tmp_path):
    code, _, err = run(
        capsys, "export", "--recipient", "self", "--out", str(tmp_path / "nope" / "x.json")
    )
    assert code != 0
    assert "Folder does not exist" in err


def test_failed_export_leaves_no_partial_file_and_keeps_the_old_one(
    caseload, tmp_path, monkeypatch
):
    from caseworker.store import export

    target = tmp_path / "export.json"
    target.write_text("previous good export", encoding="utf-8")

    def half_then_fail(db, out, **kw):
        out.write('{"tables": {"client": [')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_export", half_then_fail)
    db = open_database(caseload, PASSPHRASE)
    try:
        with pytest.raises(OSError):
            export.export_to_file(db, target)
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cw") == ["export.json"]
    assert target.read_text(encoding="utf-8") == "previous good export"


# ---- backup and check -----------------------------------------------------------------


def test_check_on_a_good_database(caseload, capsys):
    code, out, err = run(capsys, "check")
    assert code == 0, out + err
    assert "Database integrity: ok" in out
    assert "Trail: ok" in out


def test_check_shows_progress_on_a_terminal_only(caseload, capsys, monkeypatch):
    import io

    code, out, err = run(capsys, "check")  # stderr is not a terminal here (as in CI)
    assert code == 0 and "Trail: ok" in out
    assert "Checking" not in err and "\r" not in err

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    code, out, _ = run(capsys, "check")
    shown = tty.getvalue()
    # The worker, the client, and the anchor event of the first close.
    assert code == 0 and "Trail: ok (3 events; head " in out
    assert shown.startswith("\r\x1b[KChecking database integrity")
    assert "\r\x1b[KChecking the trail [" + "#" * 24 + "] 3/3 events" in shown
    assert "\r\x1b[KReplaying the trail [" + "#" * 24 + "] 2/2 records" in shown
    assert shown.endswith("\r\x1b[K")  # the line is cleared before the results
    assert "\n" not in shown


def test_check_names_a_broken_instrument_file(caseload, capsys, tmp_path, monkeypatch):
    import json
    import shutil

    import caseworker.content.instruments as instruments
    from caseworker.core.paths import content_dir

    local = tmp_path / "content"
    shutil.copytree(content_dir(), local)
    broken = local / "instruments" / "dast-10.json"
    doc = json.loads(broken.read_text(encoding="utf-8"))
    doc["items"][2]["options"] = [{"label": "Yes", "score": "one"}]  # score not an int
    broken.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setattr(instruments, "content_dir", lambda: local)
    instruments.clear_cache()
    try:
        code, out, _ = run(capsys, "check")
    finally:
        monkeypatch.undo()
        instruments.clear_cache()
    assert code != 0
    assert "Instruments, checklists and local protocol: FAILED" in out
    assert "dast-10.json" in out
    assert "Trail: ok" in out


def test_check_names_a_broken_checklist_file(caseload, capsys, tmp_path, monkeypatch):
    from caseworker.content import checklist

    text = checklist.checklist_path().read_text(encoding="utf-8")
    broken = tmp_path / "precaf.toml"
    broken.write_text(text.replace('id = "domestic_abuse"', 'id = "dv"'), encoding="utf-8")
    monkeypatch.setattr(checklist, "checklist_path", lambda: broken)
    checklist.clear_cache()
    try:
        code, out, err = run(capsys, "check")
    finally:
        monkeypatch.undo()
        checklist.clear_cache()
    assert code != 0
    assert "Instruments, checklists and local protocol: FAILED" in out
    assert f"  {broken}: the element 'domestic_abuse' is missing" in out
    assert "Trail: ok" in out and "Traceback" not in out + err


def test_check_names_a_broken_local_protocol(caseload, capsys):
    from caseworker.content.protocol import load_protocol, local_protocol_path

    local = local_protocol_path()
    local.write_text("rescreen_interval_days = 30\nprecaf_due_days = 'soon'\n", encoding="utf-8")
    load_protocol.cache_clear()  # as a new `caseworker check` process would read it
    code, out, err = run(capsys, "check")
    assert code != 0
    assert "Instruments, checklists and local protocol: FAILED" in out
    assert f"  {local}: precaf_due_days must be a whole number, got 'soon'" in out
    assert out.count("precaf_due_days") == 1  # once, though AUDIT-C reads the protocol too
    assert "Trail: ok" in out and "Traceback" not in out + err


def test_backup_opens_with_data_dir_and_passes_check(caseload, capsys, tmp_path):
    target = tmp_path / "backup"
    code, _, err = run(capsys, "backup", str(target))
    assert code == 0, err
    assert str(target) in err
    assert sorted(p.name for p in target.iterdir()) == [
        "caseworker.anchor",  # the copy's own, so that it passes check
        DB_FILENAME,
        KEY_FILENAME,
    ]
    code, out, err = run(capsys, "--data-dir", str(target), "check")
    assert code == 0, out + err
    assert "Trail: ok" in out
    code, out, _ = run(capsys, "--data-dir", str(target), "export", "--recipient", "self")
    assert code == 0
    assert json.loads(out)["tables"]["client"][0]["family_name"] == "Quuxington"
    # The backup is recorded in the caseload it was taken from, once it exists.
    assert "backup" in _trail_actions(caseload)
    assert "backup" not in _trail_actions(target)


def test_backup_says_what_it_is_doing_on_a_terminal_only(caseload, capsys, tmp_path, monkeypatch):
    import io

    code, _, err = run(capsys, "backup", str(tmp_path / "one"))
    assert code == 0 and "Writing" not in err  # not a terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    code, _, _ = run(capsys, "backup", str(tmp_path / "two"))
    shown = tty.getvalue()
    assert code == 0
    # The line, cleared before what was done is said.
    assert shown.startswith(
        "\r\x1b[KWriting the encrypted backup...\r\x1b[KEncrypted backup written"
    )


def test_backup_into_non_empty_folder_refuses(caseload, capsys, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "backup", str(target))
    assert code != 0
    assert "not empty" in err
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert "backup" not in _trail_actions(caseload)  # no audit claim of a backup never made


def test_backup_onto_an_existing_file_refuses(caseload, capsys, tmp_path):
    target = tmp_path / "backup.txt"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "backup", str(target))
    assert code != 0
    assert "Traceback" not in err and "already exists" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert "backup" not in _trail_actions(caseload)


# ---- passphrase -----------------------------------------------------------------------


def _pages(path: Path, size: int = 4096) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_passphrase_change_by_command(caseload, capsys, monkeypatch):
    db = open_database(caseload, PASSPHRASE)  # a bigger file, so "not rewritten" means something
    with db.session() as s:
        for i in range(60):
            clients.create_client(
                s, {"given_name": f"G{i}", "family_name": f"F{i}", "notes": "n" * 300}, TODAY
            )
    db.close()
    db_path = caseload / DB_FILENAME
    pages_before = _pages(db_path)
    assert len(pages_before) >= 20

    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", "a completely new passphrase")
    code, _, err = run(capsys, "passphrase")
    assert code == 0, err
    assert "records were not touched" in err

    with pytest.raises(WrongPassphrase):
        open_database(caseload, PASSPHRASE).close()
    actions = _trail_actions(caseload, "a completely new passphrase")
    assert actions[-1] == "passphrase"
    # The database was not re-encrypted: only the pages the audit event touched changed
    # (a rekey would rewrite every page, each with a fresh IV).
    pages_after = _pages(db_path)
    same = sum(a == b for a, b in zip(pages_before, pages_after, strict=False))
    assert same >= len(pages_before) - 6, (same, len(pages_before))
    db = open_database(caseload, "a completely new passphrase")
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Client)) == 61
            assert verify_chain(s).ok
    finally:
        db.close()


def test_passphrase_change_with_wrong_current_one(caseload, capsys, monkeypatch):
    key_before = (caseload / KEY_FILENAME).read_bytes()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "wrong current one")
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", "a completely new passphrase")
    code, _, err = run(capsys, "passphrase")
    assert code != 0
    assert "not right" in err and "Nothing was changed" in err
    assert (caseload / KEY_FILENAME).read_bytes() == key_before


def test_passphrase_change_to_a_short_one(caseload, capsys, monkeypatch):
    key_before = (caseload / KEY_FILENAME).read_bytes()
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", "short")
    code, _, err = run(capsys, "passphrase")
    assert code == 2
    assert "at least 8" in err
    assert (caseload / KEY_FILENAME).read_bytes() == key_before


def test_passphrase_change_needs_the_new_one_without_terminal(caseload, capsys):
    code, _, err = run(capsys, "passphrase")
    assert code != 0
    assert "CASEWORKER_NEW_PASSPHRASE" in err


# ---- demo data ------------------------------------------------------------------------


def test_demo_data_creates_the_caseload_first(env, capsys):
    code, _, err = run(capsys, "demo-data", "--clients", "5")
    assert code == 0, err
    assert "creating one" in err
    assert "Added 5 demo clients" in err
    db = open_database(env, PASSPHRASE)
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Client)) == 5
            assert verify_chain(s).ok
    finally:
        db.close()
    code, out, err = run(capsys, "check")
    assert code == 0, out + err


def test_demo_data_needs_at_least_one_client(env, capsys):
    code, _, err = run(capsys, "demo-data", "--clients", "0")
    assert code == 2
    assert "at least 1" in err


def test_commands_on_an_empty_folder_say_so_before_asking_a_passphrase(
    monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(tmp_path / "empty"))
    for command in ("check", "export", "backup"):
        extra = {"backup": [str(tmp_path / "b")], "export": ["--recipient", "self"]}
        argv = [command, *extra.get(command, [])]
        code, _, err = run(capsys, *argv)
        assert code != 0
        assert "No caseload" in err and "caseworker init" in err
        assert "passphrase" not in err.lower()


def test_check_finds_the_newest_events_deleted_and_keeps_saying_so(caseload, capsys):
    from sqlalchemy import text

    from caseworker.store.database import open_database

    # Closing the caseload anchors where its chain ends.
    db = open_database(caseload, PASSPHRASE)
    with db.engine.connect() as conn:
        last = conn.execute(text("SELECT max(seq) FROM trail_event")).scalar()
    db.close()
    # Someone with the database (not the key) removes the newest two events.
    db = open_database(caseload, PASSPHRASE)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM trail_event WHERE seq > :n"), {"n": last - 2})
    db.engine.dispose()  # leave without re-anchoring, as a tamperer would
    for _ in range(2):  # opening and closing again must not make the finding go away
        code, out, _ = run(capsys, "check")
        assert code != 0
        assert f"events {last - 1} to {last} were deleted" in out


def test_a_forged_anchor_is_detected(caseload, capsys):
    import json

    from caseworker.store.database import open_database

    open_database(caseload, PASSPHRASE).close()
    anchor = caseload / "caseworker.anchor"
    doc = json.loads(anchor.read_text(encoding="utf-8"))
    doc["seq"] = 1  # pretend the chain used to be shorter
    anchor.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code != 0 and "anchor file caseworker.anchor was altered" in out


def test_a_broken_top_file_is_named_and_the_other_checks_still_run(caseload, capsys, monkeypatch):
    """A service edits top.json and breaks it: the caseload still opens (nothing imports
    the TOP grid at start), and check names the file beside its other findings."""
    from caseworker.content import top as top_file

    broken = caseload.parent / "top.json"
    broken.write_text('{"kind": "outcome-profile"', encoding="utf-8")
    monkeypatch.setattr(top_file, "definition_path", lambda: broken)
    top_file.load_definition.cache_clear()
    try:
        code, out, err = run(capsys, "check")
    finally:
        top_file.load_definition.cache_clear()
    assert code != 0
    assert "Database integrity: ok" in out and "Trail: ok" in out
    assert f"{broken}: cannot be read as JSON" in out
    assert "Traceback" not in out + err


def test_check_names_a_broken_settings_file(caseload, capsys):
    from caseworker.content import settings_path

    settings_path().write_text('[keymapp]\n"caseload.new_client" = "a"\n', encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code != 0
    assert "Settings (keymap): FAILED" in out and "'keymapp'" in out
    assert "Trail: ok" in out and "Instruments, checklists and local protocol: ok" in out
    settings_path().unlink()
    code, out, _ = run(capsys, "check")
    assert code == 0 and "Settings (keymap): ok" in out


def test_the_app_s_exit_code_is_the_command_s(caseload):
    """A crash inside the app (code 1) must not look like a normal quit to a shell."""
    seen = {}

    def crashed(**options):
        seen.update(options)
        return 1

    assert cli.main([], run_app=crashed) == 1
    assert seen["data_dir"] == caseload
    assert cli.main([], run_app=lambda **options: 0) == 0


def test_init_in_the_default_folder_says_just_caseworker(monkeypatch, tmp_path, capsys):
    from caseworker.core import paths

    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(paths, "default_data_dir", lambda: tmp_path / "default")
    code, _, err = run(capsys, "init", "--name", "Sam", "--service", "Riverside")
    assert code == 0, err
    assert err.rstrip().endswith("Open it with: caseworker")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """`caseworker protocol | head -1`: the reader went away; no 'Broken pipe' message and
    exit 0 (the command is made to meet a closed pipe, whatever the pipe's buffer size)."""
    import os

    code = (
        "import sys\n"
        "from caseworker.cli import commands\n"
        "def gone(args):\n"
        "    raise BrokenPipeError(32, 'Broken pipe')\n"
        "commands.cmd_protocol = gone\n"
        "sys.exit(commands.main(['protocol']))\n"
    )
    env = {**os.environ, "CASEWORKER_CONFIG_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
        timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Broken pipe" not in proc.stderr and "Traceback" not in proc.stderr
