"""Killed part-way: `init` and `export` as real processes, stopped by signals.

init killed at any point leaves either no caseload (and init can simply be run again) or
one that opens; export killed by SIGTERM, SIGHUP or SIGKILL leaves no file that holds a
client's name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload

from caseworker.cli import commands as cli
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.people import clients
from caseworker.store import open_database

REPO = Path(__file__).resolve().parents[2]
SECRET = "Quuxington"


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CI": "true",
        "CASEWORKER_DATA_DIR": str(data_dir),
        "CASEWORKER_PASSPHRASE": PASSPHRASE,
    }


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], env=env, cwd=REPO, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


INIT = ["-m", "caseworker", "init", "--name", "Sam Worker", "--service", "Riverside DAS"]


def _building(parent: Path, name: str) -> bool:
    return any(p.name.startswith(f".{name}.init-") for p in parent.iterdir())


def _wait_until(condition, proc: subprocess.Popen) -> None:
    """Until ``condition`` holds or the process has ended (polled: no fixed sleeps)."""
    deadline = time.monotonic() + 120
    while not condition() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def test_init_killed_at_any_point_leaves_nothing_or_a_caseload_that_opens(
    tmp_path, monkeypatch, capsys
):
    # How long a whole init takes here and now, and how long its building part, so that
    # the kills spread over all of it (half of them timed from when building starts).
    started = time.monotonic()
    whole = _start(INIT, _env(tmp_path / "whole"))
    _wait_until(lambda: _building(tmp_path, "whole"), whole)
    building_from = time.monotonic()
    assert whole.wait(timeout=120) == 0, whole.communicate()[1]
    whole.communicate()
    duration, building = time.monotonic() - started, time.monotonic() - building_from
    outcomes = {"nothing": 0, "opens": 0}
    mid_build = 0
    kills = 10
    for i in range(kills):
        name = f"cw{i}"
        data_dir = tmp_path / name
        proc = _start(INIT, _env(data_dir))
        if i % 2:
            time.sleep(duration * i / kills)
        else:
            _wait_until(lambda name=name: _building(tmp_path, name), proc)
            time.sleep(building * i / kills)
        # Seen, not assumed: was this kill in the middle of building the caseload?
        mid_build += _building(tmp_path, name) and not data_dir.exists()
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        if data_dir.exists():
            # It was renamed into place whole: it opens, with its worker.
            assert {p.name for p in data_dir.iterdir()} >= {DB_FILENAME, KEY_FILENAME}
            open_database(data_dir, PASSPHRASE).close()
            outcomes["opens"] += 1
        else:
            outcomes["nothing"] += 1
            # Nothing there: init can simply be run again, and clears what the killed one
            # was building.
            monkeypatch.setenv("CI", "true")
            monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
            code = cli.main(["init", "--data-dir", str(data_dir), "--name", "S", "--service", "R"])
            assert code == 0, capsys.readouterr().err
            open_database(data_dir, PASSPHRASE).close()
        assert not _building(tmp_path, name)  # no half-built caseload stays behind either
    # At least one kill landed while the caseload was half-built (the case that used to
    # leave one that could neither be opened nor set up again).
    assert mid_build >= 1, outcomes
    capsys.readouterr()


_PAUSED_EXPORT = """
import sys, time
from caseworker.store import export
real = export.write_export
def slow(db, out, **kw):
    # The real export, stopped half-way through the client table.
    class Half:
        def __init__(self): self.n = 0
        def write(self, s):
            out.write(s)
            if "{SECRET}" in s:
                out.flush()
                print("half-written", flush=True)
                time.sleep(60)
    return real(db, Half(), **kw)
export.write_export = slow
if sys.argv[2:] == ["two"]:  # the later tables written by a second process (export_halves)
    from contextlib import contextmanager
    from caseworker.store import export_halves
    export_halves.WORTH_IT = 1
    forking = export_halves.later_tables
    @contextmanager
    def said(*args):  # says whether the second process was made (the child never yields)
        with forking(*args) as later:
            print("forked" if later is not None else "not forked", flush=True)
            yield later
    export_halves.later_tables = said
from caseworker.cli.commands import main
sys.exit(main(["export", "--recipient", "self", "--out", sys.argv[1]]))
""".replace("{SECRET}", SECRET)


def _holding_the_secret(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and SECRET.encode() in path.read_bytes():
            found.append(path.name)
    return found


@pytest.mark.parametrize("processes", ["one", "two"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_killed_export_leaves_no_file_with_a_client_s_name(tmp_path, sig, processes):
    """With two processes, the second (writing the later tables) goes too: it holds the
    command's output pipes, so communicate() waits for it."""
    data_dir = tmp_path / "cw"
    db = new_caseload(data_dir)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Zebedee", "family_name": SECRET}, TODAY)
    db.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = _start(["-c", _PAUSED_EXPORT, str(out_dir / "x.json"), processes], _env(data_dir))
    assert proc.stdout is not None
    if processes == "two":  # the second process is there, or was, when the kill comes
        assert proc.stdout.readline().strip() == "forked"
    assert proc.stdout.readline().strip() == "half-written"  # the name has been written
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig
        assert "stopped; nothing half-saved" in err and "Traceback" not in err
    assert sorted(p.name for p in out_dir.iterdir()) == []
    assert _holding_the_secret(tmp_path) == []


def test_restore_killed_at_any_point_leaves_the_old_caseload_or_the_restored_one(tmp_path):
    """SIGKILL anywhere in a restore: the caseload is the old one or the restored one,
    whole, opening and passing check; never neither, never a mixture."""
    data_dir = tmp_path / "cw"
    db = new_caseload(data_dir)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Ann", "family_name": "Before"}, TODAY)
    db.close()
    backup = tmp_path / "backup"
    assert subprocess.run([sys.executable, "-m", "caseworker", "backup", str(backup)],
                          env=_env(data_dir), cwd=REPO, capture_output=True, timeout=120,
                          check=False).returncode == 0  # fmt: skip
    restore = ["-m", "caseworker", "restore", str(backup), "--yes"]
    started = time.monotonic()
    whole = _start(restore, _env(tmp_path / "reference"))  # onto a new folder: the timing
    assert whole.wait(timeout=120) == 0, whole.communicate()[1]
    whole.communicate()
    duration = time.monotonic() - started
    outcomes = {"old": 0, "restored": 0}
    mid_restore = 0

    def staging(pid: int | None = None) -> bool:
        """A restore's folder beside the caseload (that process's own, given its pid)."""
        mark = f".restore-{pid}-" if pid else ".restore-"
        return any(mark in p.name for p in tmp_path.iterdir())

    for i in range(8):
        before = _add_and_list(data_dir, f"After{i}")  # one more client than the backup has
        proc = _start(restore, _env(data_dir))
        if i % 2:
            time.sleep(duration * i / 8)
        else:
            _wait_until(lambda pid=proc.pid: staging(pid), proc)
            time.sleep(duration * i / 16)
        mid_restore += staging(proc.pid) and proc.poll() is None  # seen, not assumed
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        after = _add_and_list(data_dir, None)
        assert after in (before, ["Before"]), after  # the old one, or the restored one
        outcomes["old" if after == before else "restored"] += 1
        check = subprocess.run([sys.executable, "-m", "caseworker", "check"], env=_env(data_dir),
                               cwd=REPO, capture_output=True, text=True, timeout=120,
                               check=False)  # fmt: skip
        assert check.returncode == 0, (outcomes, check.stdout + check.stderr)
    assert mid_restore >= 1, outcomes
    # What killed restores were building is cleared by the next one that runs.
    finish = _start(restore, _env(data_dir))
    assert finish.wait(timeout=120) == 0, finish.communicate()[1]
    finish.communicate()
    assert not staging()


def _add_and_list(data_dir: Path, family: str | None) -> list[str]:
    from sqlalchemy import select

    from caseworker.store.models import Client

    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            if family:
                clients.create_client(s, {"given_name": "Bo", "family_name": family}, TODAY)
            return sorted(s.scalars(select(Client.family_name)))
    finally:
        db.close()
