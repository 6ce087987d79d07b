"""No test can reach the developer's own caseload, settings or server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from caseworker.core.paths import config_dir, database_url, default_data_dir, resolve_data_dir

ROOT = Path(__file__).resolve().parents[1]


def _in_temp(path: Path) -> bool:
    return path.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_undoing_a_tests_own_changes_leaves_the_sandbox(monkeypatch):
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(Path.home() / "elsewhere"))
    monkeypatch.undo()  # undoes only this test's changes, never the isolation
    assert _in_temp(resolve_data_dir())
    assert _in_temp(default_data_dir())
    assert _in_temp(config_dir())
    assert database_url() is None


def test_a_developers_settings_never_reach_a_test(tmp_path):
    """Run the test above as a developer would, with their own caseload, config and server
    set in the shell: it still sees only temporary folders, and nothing of theirs is made."""
    mine = tmp_path / "my-own"
    env = {
        **os.environ,
        "CASEWORKER_DATA_DIR": str(mine / "data"),
        "CASEWORKER_CONFIG_DIR": str(mine / "config"),
        "CASEWORKER_DATABASE_URL": "postgresql+psycopg://me@/my_team_caseload",
        "HOME": str(mine),
        "XDG_DATA_HOME": str(mine / "share"),
    }
    env.pop("CASEWORKER_TEST_DATABASE_URL", None)
    here = Path(__file__).relative_to(ROOT)
    test = f"{here}::test_undoing_a_tests_own_changes_leaves_the_sandbox"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout
    assert not mine.exists()
