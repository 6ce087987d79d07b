"""Checks of the content a local service may edit: instruments, the TOP grid, the pre-CAF
checklist, the letter templates and the local protocol (shipped defaults and the service's
own file). Used by `caseworker check` (everything) and before the app starts a screening
(only what screening reads), so a broken file is reported by name instead of failing
half-way through a screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from caseworker.core.errors import ContentFileError


def screening_problems() -> list[str]:
    """What is wrong with the files screening reads: the protocol, instruments, TOP grid."""
    return _problems(_screening_checks())


def content_problems() -> list[str]:
    """What is wrong with any content file: those screening reads and the pre-CAF
    and visit checklists, the letter templates and the agency directory (a broken checklist
    must not stop a screening, so they are only here)."""
    from caseworker.content import agencies, checklist, letters, visit_checklist

    return _problems(
        [
            *_screening_checks(),
            checklist.check_checklist,
            visit_checklist.check_visit_checklist,
            letters.check_letters,
            agencies.check_agencies,
        ]
    )


def _screening_checks() -> list[Callable[[], object]]:
    from caseworker.content import instruments, top
    from caseworker.content.protocol import load_protocol

    # The protocol first: the AUDIT-C instrument reads its cut-off from it, so a broken
    # protocol file fails that instrument too, with the same message (said once).
    return [load_protocol, instruments.validate_all, top.load_definition]


def _problems(checks: Iterable[Callable[[], object]]) -> list[str]:
    problems: list[str] = []
    for check in checks:
        try:
            check()
        except ContentFileError as exc:  # names the file and the problem
            if str(exc) not in problems:
                problems.append(str(exc))
    return problems
