"""The caseload's status line: which list the rows shown are (filter, search), how many
clients and pages it has, and what to do when it is empty."""

from __future__ import annotations

from collections.abc import Callable

from caseworker.caseload import PAGE_SIZE, CaseloadPage, filter_label
from screens.caseload.reads import PageRequest


def status_text(
    page: CaseloadPage,
    shown: PageRequest,
    page_number: int,
    key: Callable[[str], str],
    *,
    searching: bool = False,
) -> str:
    """The status of the rows shown (their filter and search, not what is being typed);
    "searching…" while a newer read is on its way. ``key``: the key of a caseload action,
    as the worker's keymap has it."""
    total = page.total
    query, filter_id = shown.query, shown.filter_id
    pages = max(1, -(-total // PAGE_SIZE))
    parts = [f"Filter: {filter_label(filter_id)} ({key('filter')})"]
    if query:
        parts.append(f"search “{query}”")
    parts.append(f"{total:,} client{'s' if total != 1 else ''}")
    parts.append(f"page {page_number} of {pages}")
    if searching:
        parts.append("searching…")
    elif not page.rows and not query and filter_id == "open":
        parts.append(f"no clients yet: {key('new_client')} adds one")
    elif not page.rows:
        clear, change = key("clear_search"), key("filter")
        parts.append(f"nothing matches: {clear} clears the search, {change} changes the filter")
    return " · ".join(parts)
