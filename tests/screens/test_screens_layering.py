"""The screens only show and collect: no SQL, no session look-ups, no store, no model, and
only the capabilities' public APIs (a package's ``__all__``), never their submodules."""

from __future__ import annotations

import ast
import importlib
import re
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENS = REPO / "screens"

# Text that means a screen is reading the database itself.
FORBIDDEN_TEXT = {
    "select(": re.compile(r"(?<![\w.])select\(|\.select\("),
    "session.get(": re.compile(r"\b(session|s)\.get\("),
    ".query(": re.compile(r"\.query\("),
    ".exec(": re.compile(r"\b(session|s)\.(exec|execute|scalars?)\("),
}


def _public(package: str) -> set[str]:
    return set(getattr(importlib.import_module(package), "__all__", ()))


def problems_in(source: str, rel: str) -> list[str]:
    found = []
    for line_no, line in enumerate(source.splitlines(), 1):
        code = line.split("#", 1)[0]
        for name, pattern in FORBIDDEN_TEXT.items():
            if pattern.search(code):
                found.append(f"{rel}:{line_no} contains {name}")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            targets = [(node.module, [a.name for a in node.names])]
        else:
            continue
        for module, names in targets:
            parts = module.split(".")
            if parts[0] != "caseworker" or len(parts) == 1:
                continue
            where = f"{rel}:{node.lineno} imports {module}"
            if parts[1] == "store":
                found.append(where + " (the store)")
            elif parts[1] == "core":
                continue  # errors, dates, vocabularies: for everyone
            elif len(parts) > 2:
                found.append(where + " (a submodule: import the package)")
            elif names is not None:  # (importing the package itself is fine: a warm-up)
                private = sorted(set(names) - _public(module))
                if private:
                    found.append(where + f" names not in its __all__: {', '.join(private)}")
    return found


def test_the_checker_catches_each_kind():
    bad = textwrap.dedent(
        """
        from sqlalchemy import select
        from caseworker.store.models import Client
        import caseworker.store
        from caseworker.people.family import ChildRecord
        from caseworker.people import CHILD_FIELDS
        from caseworker.screening import sessions
        from caseworker.core.dates import format_uk
        from caseworker.people import get_child
        def f(s, session, db):
            s.get(Client, 1)
            session.query(Client)
            s.scalars(select(Client))
            rows = self.query(".x")
        """
    )
    found = problems_in(bad, "x.py")
    assert len([p for p in found if "imports" in p]) == 5, found
    assert any("session.get(" in p for p in found)
    assert any(".query(" in p for p in found)
    assert any("select(" in p for p in found)
    assert any(".exec(" in p for p in found)
    assert not any("core.dates" in p or "get_child" in p for p in found)


def test_no_screen_reads_the_database_or_imports_past_a_public_api():
    files = sorted(SCREENS.rglob("*.py"))
    assert len(files) > 15, "did not find the screens"
    problems = []
    for path in files:
        rel = path.relative_to(SCREENS).as_posix()
        problems += problems_in(path.read_text(encoding="utf-8"), rel)
    assert problems == []


def test_no_screen_module_is_over_400_lines():
    long = {
        p.relative_to(SCREENS).as_posix(): n
        for p in SCREENS.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def _loaded_after_importing(imports: str, wanted: str) -> list[str]:
    """The modules ``wanted`` (a Python condition on ``m``) that a fresh interpreter has
    loaded once it has run ``imports``."""
    import subprocess
    import sys

    code = f"import sys\n{imports}\nprint(sorted(m for m in sys.modules if {wanted}))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import ast

    return ast.literal_eval(out.stdout)  # the list of names that interpreter printed


def test_the_app_draws_its_first_screen_without_importing_the_orm():
    # The unlock screen and the caseload screen (with its first page, read by the raw driver)
    # are drawn first; SQLAlchemy, pydantic and the models load after the first frame.
    imports = (
        "import screens.app, screens.caseload.screen, screens.unlock.screen\n"
        "import caseworker.caseload.first_page, caseworker.cli.setup"
    )
    orm = "m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic')"
    assert _loaded_after_importing(imports, orm) == []


def test_the_unlock_screen_is_drawn_without_the_caseloads_wording():
    # The unlock screen comes first: the caseload's wording, the diary and the protocol
    # behind them (the palette's client search needs them) load with the caseload screen.
    wording = "m in ('screens.wording', 'caseworker.diary', 'caseworker.content.protocol')"
    assert _loaded_after_importing("import screens.app, screens.unlock.screen", wording) == []
    # (and they are there once the caseload screen is: the condition can see them)
    assert _loaded_after_importing("import screens.caseload.screen", wording) != []
