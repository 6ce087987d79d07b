"""The `caseworker` command: the CLI's commands, with the app to open when one is asked for.

The one place that starts the app from the command line. Textual is imported only when
the app is really opened, so `caseworker check` and friends stay quick.
"""

from __future__ import annotations

from typing import Any


def run_app(**options: Any) -> int:
    from screens.app import run_app as run

    return run(**options)


def main(argv: list[str] | None = None) -> int:
    from caseworker.cli import main as cli_main

    return cli_main(argv, run_app=run_app)


if __name__ == "__main__":
    raise SystemExit(main())
