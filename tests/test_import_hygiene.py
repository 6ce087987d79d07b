"""caseworker/ is the domain core: it never imports textual, and never screens/, not
even lazily: the app is started by screens.launch, which hands the CLI a runner."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "caseworker"
FORBIDDEN = ("textual", "screens")


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def offending_imports(source: str, rel: str) -> list[str]:
    """Every import of textual/screens in one file, except the allowed lazy ones."""
    tree = ast.parse(source)
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
    found = []
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"__import__", "import_module"} and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    modules = [arg.value]
        for module in modules:
            if not _forbidden(module):
                continue
            lazy = id(node) in in_function
            found.append(f"{rel}:{node.lineno} imports {module}" + (" (lazily)" if lazy else ""))
    return found


def test_checker_catches_each_kind_of_import():
    bad = textwrap.dedent(
        """
        import textual
        from textual.app import App
        import screens.app as s
        import importlib
        def f():
            from screens.caseload.screen import CaseloadScreen
            importlib.import_module("textual.widgets")
        """
    )
    assert len(offending_imports(bad, "x.py")) == 5
    lazy = "def main():\n    from screens.app import run_app\n"
    assert offending_imports(lazy, "cli/commands.py") != []  # not even lazily


def test_no_core_module_imports_textual_or_screens_statically():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 15, "did not find the caseworker sources"
    problems = []
    for path in files:
        rel = path.relative_to(CORE).as_posix()
        problems += offending_imports(path.read_text(encoding="utf-8"), rel)
    assert problems == []


def test_importing_every_core_module_loads_no_textual():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import caseworker
        skip = {"caseworker.__main__", "caseworker.store.migrations.env"}  # these run on import
        names = [m.name for m in pkgutil.walk_packages(caseworker.__path__, "caseworker.")
                 if m.name not in skip]
        for name in names:
            importlib.import_module(name)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "screens"})
        assert not leaked, leaked
        print(len(names))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    imported = int(proc.stdout.strip())
    assert imported >= 20  # every module, models included, really was imported


def test_cli_help_does_not_load_textual():
    code = (
        "import sys, contextlib, io\n"
        "from caseworker.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'textual' not in sys.modules\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_no_module_is_over_400_lines():
    """A module that passes ~400 lines is asking to be split (design.md); migrations aside."""
    long = []
    for folder in ("caseworker", "screens"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > 400:
                long.append(f"{path.relative_to(REPO)}: {lines} lines")
    assert long == []
