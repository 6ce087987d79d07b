"""The layout's rules hold: import-linter's contracts (pyproject.toml) and the public-API rule.

Each rule is also shown to fail: a copy of the sources with one forbidden import added
must break it, so a contract that silently stopped checking would be noticed.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Capability packages: from outside, only the package itself (its __init__'s __all__) is
# imported. core, content and store are the foundation every capability builds on.
CAPABILITIES = {"people", "screening", "diary", "drafts", "caseload", "demo", "cli", "agenda"}


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_contracts_are_kept():
    proc = _lint(REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout


@pytest.mark.parametrize(
    ("file", "line", "contract"),
    [
        ("caseworker/core/dates.py", "import textual", "never imports the UI toolkit"),
        ("screens/widgets/text.py", "from caseworker.store import Database", "never the store"),
        ("caseworker/people/clients.py", "import caseworker.screening", "Capabilities stand on"),
        ("caseworker/store/faults.py", "import screens.app", "never imports the screens"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, file, line, contract):
    for package in ("caseworker", "screens"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("data"))
    target = tmp_path / file
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n")
    proc = _lint(tmp_path)
    assert proc.returncode != 0
    broken = [row for row in proc.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken) or contract in proc.stdout.split("Broken")[-1]


def public_api_violations(source: str, importer: str) -> list[str]:
    """Imports of another capability's submodules (`caseworker.people.family`) in one file.

    ``importer`` is the importing module's dotted name; a package may import its own
    submodules."""
    own = importer.split(".")[1] if importer.startswith("caseworker.") else None
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] != "caseworker" or len(parts) < 3:
                continue
            if parts[1] in CAPABILITIES and parts[1] != own:
                found.append(f"{importer}:{node.lineno} imports {name}")
    return found


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    return ".".join(p for p in rel.parts if p != "__init__")


def test_the_public_api_checker_catches_a_submodule_import():
    assert public_api_violations("from caseworker.people.family import x\n", "screens.a") != []
    assert public_api_violations("import caseworker.diary.due\n", "caseworker.screening.a") != []
    assert public_api_violations("from caseworker.people import x\n", "screens.a") == []
    assert (
        public_api_violations("from caseworker.people.family import x\n", "caseworker.people.b")
        == []
    )


def test_capabilities_are_used_through_their_public_api():
    problems = []
    for folder in ("caseworker", "screens"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            problems += public_api_violations(path.read_text(encoding="utf-8"), _module_name(path))
    assert problems == []


@pytest.mark.parametrize(
    "package",
    [
        "core",
        "content",
        "store",
        "people",
        "screening",
        "diary",
        "agenda",
        "caseload",
        "demo",
        "cli",
    ],
)
def test_every_package_declares_its_public_api(package):
    import importlib

    module = importlib.import_module(f"caseworker.{package}")
    assert module.__all__, f"caseworker.{package} has an empty __all__"
    for name in module.__all__:
        assert getattr(module, name) is not None
