"""The caseload screen's reads: one request for a page, made in a worker thread with its
own session, off the event loop, and stopped (its query interrupted) when a newer one is
asked for; each list's total counted once and kept (caseload.Totals). fetch_page is
imported on the first read, so the screen is drawn before the ORM behind it is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

# Light: no database code until a read.
from caseworker.caseload import StoppableRead, Totals

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
    # changes; None: the read finds it kept (Totals) or counts it.
    total: int | None = None


def fetch_page(session: Session, **request: Any) -> CaseloadPage:
    """caseload.fetch_page, imported on the first read: the ORM behind it loads after the
    screen is first drawn."""
    from caseworker.caseload import fetch_page as fetch

    return fetch(session, **request)


def read_page(
    db: Database, request: PageRequest, stoppable: StoppableRead, totals: Totals
) -> tuple[PageRequest, CaseloadPage] | None:
    """The page asked for, with the request it answers, read in a worker thread with its
    own session (None if the read was cancelled or stopped: a newer one was asked for).
    Its total is the one kept for its list if nothing has changed since it was counted."""
    from caseworker.caseload import ReadStopped

    q, f, day = request.query, request.filter_id, request.today
    try:
        version = totals.version(db)  # before counting: a commit meanwhile moves it on
        total = request.total if request.total is not None else totals.get(q, f, day, version)
        with stoppable.session(db) as s:
            page = fetch_page(
                s,
                today=day,
                query=q,
                filter_id=f,
                after=request.after,
                before=request.before,
                at=request.at,
                total=total,
            )
    except ReadStopped:
        return None
    if total is None:  # counted by this read
        totals.keep(q, f, day, page.total, version)
    return None if get_current_worker().is_cancelled else (request, page)
