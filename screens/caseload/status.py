"""The caseload's status line: which list the rows shown are (filter, search), how many
clients and pages it has, and what to do when it is empty; and the screen's help."""

from __future__ import annotations

from collections.abc import Callable

from caseworker.caseload import FILTERS, FLAGS, HELP_SEVERITY, PAGE_SIZE, CaseloadPage, filter_label
from caseworker.core.vocab import CURRENT_HELP, label
from screens.caseload.reads import PageRequest
from screens.wording import FLAG_WORDS, HELP_SHORT, OVERDUE

# Made from the read model's own lists, so the help cannot drift from what is shown.
HELP = (
    "Your caseload, a page at a time, sorted by family name.\n\n"
    "Each row shows the client's children (how many, unborn, and the highest level of help "
    "any child receives, shortened: "
    f"{', '.join(f'{HELP_SHORT[h]} = {label(CURRENT_HELP, h)}' for h in HELP_SEVERITY)}), "
    f"the next thing due ({OVERDUE} when its date has passed) and flags: "
    f"{', '.join(FLAG_WORDS[f] for f in FLAGS)}.\n\n"
    "Search matches any part of a name or an alias; type more words to narrow it. "
    f"The filter goes through: {', '.join(label.lower() for _, label in FILTERS)}."
)


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
