"""The record's reads: each part of a client's record (the summary with the profile, then
each section) read in a worker thread with its own session, off the event loop, when it
is first shown. A client with hundreds of records opens at the speed of its summary; the
history or the screenings are read only if the worker goes to them."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from caseworker.agenda import client_items, due_items
from caseworker.core.errors import CaseworkerError
from caseworker.diary import COUNTED_DOWN
from caseworker.people import (
    ClientSummary,
    aliases_of,
    children_of,
    client_summary,
    consent_decisions,
    get_client,
    household_of,
    network_of,
    previous_addresses,
    record_opened,
    timeline_for,
)
from caseworker.referrals import referrals_of, sharing_log
from caseworker.screening import screening_summaries

if TYPE_CHECKING:
    from caseworker.caseload import Database
    from caseworker.diary import Due

# The worker group of each part's read: exclusive, so a newer read of a part cancels an
# older one. The summary and the profile are one part, read on every show of the record.
GROUP = "record-"
SUMMARY = "profile"


class Opening:
    """One opening of a client's record, which goes on the trail (who, when) once for
    each person who sees it: with the first read of its summary that commits for them (a
    record left open under the lock and unlocked by someone else is opened by them too).
    A read the lock cuts short leaves it to the next (the read again at the unlock); two
    reads at once record it once, the second waiting for the first's commit."""

    def __init__(self) -> None:
        self.recorded_for: set[uuid.UUID | None] = set()  # the people it is on the trail for
        self._lock = threading.Lock()

    @contextmanager
    def to_record(self, worker_id: uuid.UUID | None) -> Iterator[bool]:
        """Whether this read puts the opening on the trail for the person reading: if so,
        held until the read's session has committed (an exception out of it leaves the
        opening not recorded)."""
        if worker_id in self.recorded_for:
            yield False  # the many reads after the first: nothing to wait for
            return
        with self._lock:
            record = worker_id not in self.recorded_for
            yield record
            self.recorded_for.add(worker_id)


@dataclass(frozen=True)
class Summary:
    """What the record leads with: who the client is, what is due, and the profile."""

    summary: ClientSummary
    client: Any
    aliases: list[str]
    previous: list[Any]
    due: list[Due]
    kids: list[Any]  # the register: the profile says whether it gives the parental status


@dataclass(frozen=True)
class DiaryItems:
    open: list[Due]
    done: list[Due]


@dataclass(frozen=True)
class Screenings:
    screens: list[Any]
    due: list[Due]


# What the record is opened with: its summary read already, or that read still on its way
# (too slow to wait for: screens.record.kept), or nothing read yet.
Ahead = Summary | asyncio.Future[Any] | None


async def taken_over(ahead: asyncio.Future[Any], read: Callable[[], Any]) -> Any:
    """The summary's read made before the record was shown, as the record's own once it
    is back; read again (``read``, in a thread) if it was cancelled."""
    result = await asyncio.shield(ahead)
    return result if result is not None else await asyncio.to_thread(read)


def read_part(
    db: Database, client_id: uuid.UUID, part: str, *, opening: Opening | None = None
) -> Any:
    """One part of the record, or the CaseworkerError that stopped it (the record gone);
    None if the read was cancelled (a newer one of the same part was asked for).
    ``opening``: the worker's opening of the record, put on the trail by the first read
    that commits, in the same session, before the history that then shows it."""
    try:
        with opening.to_record(db.worker_id) if opening else nullcontext(False) as record:
            with db.session() as s:
                if record:
                    record_opened(s, client_id)
                data = _read(s, client_id, part)
    except CaseworkerError as exc:
        return exc
    return None if get_current_worker().is_cancelled else data


def warm_up(db: Database, today: date) -> None:
    """The first listed client's summary read and let go, before any record is opened (in
    the app's warm-up thread): the first opening's read then takes what the next ones do
    (its statements compiled and cached, the tables' first pages read), not four times it.
    Nothing goes on the trail: nothing is shown."""
    from caseworker.caseload import fetch_page

    try:
        with db.session() as s:
            first = fetch_page(s, today=today, size=1, total=0).rows
            if first:
                _read(s, first[0].client_id, SUMMARY)
    except CaseworkerError:
        pass  # the store's trouble is told when a record is opened: this only saves time


def _read(s: Any, client_id: uuid.UUID, part: str) -> Any:
    if part == SUMMARY:
        return Summary(
            client_summary(s, client_id),
            get_client(s, client_id),
            aliases_of(s, client_id),
            list(previous_addresses(s, client_id)),
            # A countdown in hours leads the summary's Due line, as on the caseload.
            sorted(due_items(s, client_id), key=lambda d: d.kind not in COUNTED_DOWN),
            list(children_of(s, client_id)),
        )
    if part == "diary":
        return DiaryItems(*client_items(s, client_id))
    if part == "screening":
        return Screenings(screening_summaries(s, client_id), due_items(s, client_id))
    readers: dict[str, Callable[[Any, uuid.UUID], Iterable[Any]]] = {
        "children": children_of,
        "household": household_of,
        # The agencies involved, then the referrals made to agencies (each with its chain).
        "network": lambda s, c: [*network_of(s, c), *referrals_of(s, c)],
        # Consent, then the sharing decisions made with it (or without it): the log.
        "consent": lambda s, c: [*consent_decisions(s, c), *sharing_log(s, c)],
        "history": timeline_for,
    }
    return list(readers[part](s, client_id))
