"""The headless `caseworker` commands. The app itself is started by screens.launch,
which hands this package a way to run it: the CLI never imports the screens."""

from caseworker.cli.commands import main

__all__ = ["main"]
