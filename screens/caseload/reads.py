"""The caseload screen's reads: one request for a page, made in a worker thread with its
own session, off the event loop, and stopped (its query interrupted) when a newer one is
asked for; the totals of the lists already counted. fetch_page is imported on the first
read, so the screen is drawn before the ORM behind it is loaded."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from caseworker.caseload import StoppableRead  # light: no database code until a read

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from caseworker.caseload import CaseloadPage, Cursor, Database

# The worker group of the caseload's page reads: exclusive, so a newer read cancels an older.
LOAD_GROUP = "caseload-load"


@dataclass(frozen=True)
class PageRequest:
    """One read of a page, as asked for: what the rows shown will be, once it comes back."""

    seq: int  # the screen's count of requests when this one was made: only the latest shows
    today: date
    query: str
    filter_id: str
    page_number: int
    after: Cursor | None = None
    before: Cursor | None = None
    at: Cursor | None = None
    keep_page: bool = False  # a reload of the page shown: keep the cursor's row
    # The count of this filter and search, known from the page shown when only the page
    # changes (the read counts nothing); None: count it (a new list, or back after an edit).
    total: int | None = None


def fetch_page(session: Session, **request: Any) -> CaseloadPage:
    """caseload.fetch_page, imported on the first read: the ORM behind it loads after the
    screen is first drawn."""
    from caseworker.caseload import fetch_page as fetch

    return fetch(session, **request)


def read_page(
    db: Database, request: PageRequest, stoppable: StoppableRead
) -> tuple[PageRequest, CaseloadPage] | None:
    """The page asked for, with the request it answers, read in a worker thread with its
    own session (None if the read was cancelled or stopped: a newer one was asked for)."""
    from caseworker.caseload import ReadStopped

    try:
        with stoppable.session(db) as s:
            page = fetch_page(
                s,
                today=request.today,
                query=request.query,
                filter_id=request.filter_id,
                after=request.after,
                before=request.before,
                at=request.at,
                total=request.total,
            )
    except ReadStopped:
        return None
    return None if get_current_worker().is_cancelled else (request, page)


class KnownTotals:
    """The totals of the lists (filter, search, day) this screen has counted, so going back
    to one does not count it again: a count reads the whole filter, a page only its rows.
    Forgotten when the worker comes back from another screen (where records change) and
    after a minute (what others change meanwhile, on a team server)."""

    LIFETIME = 60.0

    def __init__(self) -> None:
        self._totals: dict[tuple[str, str, date], tuple[int, float]] = {}

    def get(self, query: str, filter_id: str, today: date) -> int | None:
        known = self._totals.get((query, filter_id, today))
        if known is None or time.monotonic() - known[1] > self.LIFETIME:
            return None
        return known[0]

    def keep(self, request: PageRequest, total: int) -> None:
        if request.total is None:  # counted by this read (not handed one known already)
            key = (request.query, request.filter_id, request.today)
            self._totals[key] = (total, time.monotonic())

    def forget(self) -> None:
        self._totals.clear()
