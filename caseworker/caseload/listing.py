"""The caseload list's shape: its filters, its rows and pages, and the cursor that pages
it. Values only, no queries: the screens and the first page read before the ORM is
loaded (first_page) use these without importing SQLAlchemy; page.py reads them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from caseworker.diary import Due
from caseworker.people import ClientFlag

PAGE_SIZE = 15

# (id, label): the filters a worker can cycle through, in order.
FILTERS: tuple[tuple[str, str], ...] = (
    ("open", "Open cases"),
    ("parents", "Parents only"),
    ("children_csc", "Children known to social care"),
    ("overdue", "Something overdue"),
    ("not_asked", "Parental status not asked"),
    ("closed", "Closed cases"),
    ("all", "Everyone"),
)
# Severity order of the help a child receives (highest first): the row shows the highest.
HELP_SEVERITY = ("cp_plan", "looked_after", "child_in_need", "early_help")
# The flags a row may carry, most pressing first (ids; the screens word them).
FLAGS = tuple(flag.value for flag in ClientFlag)


@dataclass(frozen=True)
class Cursor:
    sort_key: str
    id: uuid.UUID


@dataclass
class CaseloadRow:
    client_id: uuid.UUID
    name: str  # "Family, Given": the order the list is sorted in
    parental_status: str  # vocab.PARENTAL_STATUS value
    children: int = 0  # born children on the register
    unborn: int = 0
    highest_help: str | None = None  # vocab.CURRENT_HELP value, of HELP_SEVERITY
    next_due: Due | None = None
    overdue: bool = False
    flags: list[str] = field(default_factory=list)  # FLAGS ids, in that order


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    total: int
    has_next: bool
    has_prev: bool
    first: Cursor | None
    last: Cursor | None


def filter_label(filter_id: str) -> str:
    return dict(FILTERS)[filter_id]


def next_filter(filter_id: str) -> str:
    ids = [f for f, _ in FILTERS]
    return ids[(ids.index(filter_id) + 1) % len(ids)]
