"""Checks of the data/ files a local service may edit: instruments, the TOP grid and the
local protocol. Used by `caseworker check` and before the app starts a screening, so a
broken file is reported by name instead of failing half-way through a screen."""

from __future__ import annotations

from caseworker.core.errors import ContentFileError


def content_problems() -> list[str]:
    from caseworker.content import instruments, top
    from caseworker.content.protocol import load_protocol

    problems = []
    for check in (instruments.validate_all, top.load_definition, load_protocol):
        try:
            check()
        except ContentFileError as exc:  # names the file and the problem
            problems.append(str(exc))
    return problems
