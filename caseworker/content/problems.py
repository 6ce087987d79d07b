"""Checks of the content a local service may edit: instruments, the TOP grid, the pre-CAF
checklist and the local protocol (shipped defaults and the service's own file). Used by
`caseworker check` and before the app starts a screening, so a broken file is reported by
name instead of failing half-way through a screen."""

from __future__ import annotations

from caseworker.core.errors import ContentFileError


def content_problems() -> list[str]:
    from caseworker.content import checklist, instruments, top
    from caseworker.content.protocol import load_protocol

    problems: list[str] = []
    # The protocol first: the AUDIT-C instrument reads its cut-off from it, so a broken
    # protocol file fails that instrument too, with the same message (said once).
    checks = (
        load_protocol,
        instruments.validate_all,
        top.load_definition,
        checklist.check_checklist,
    )
    for check in checks:
        try:
            check()
        except ContentFileError as exc:  # names the file and the problem
            if str(exc) not in problems:
                problems.append(str(exc))
    return problems
