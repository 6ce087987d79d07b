"""A caseload read another thread can stop: the typing of a search stops the read for the
text before it (caseworker.caseload.stoppable)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from caseworker.caseload import ReadStopped, StoppableRead

# Counts to a hundred million: many seconds, unless it is stopped.
_SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
    "SELECT count(*) FROM c"
)


def test_a_read_stopped_before_it_begins_reads_nothing(db):
    read = StoppableRead()
    read.stop()
    with pytest.raises(ReadStopped), read.session(db) as s:
        s.execute(text("SELECT 1"))


@pytest.mark.sqlcipher  # SQLite's interrupt: a server's read runs to its end, unshown
def test_a_running_query_is_stopped_where_it_is_and_the_connection_stays_usable(db):
    read = StoppableRead()
    started, outcome = threading.Event(), []

    def reading() -> None:
        try:
            with read.session(db) as s:
                started.set()
                outcome.append(s.execute(text(_SLOW)).scalar())
        except ReadStopped:
            outcome.append("stopped")

    thread = threading.Thread(target=reading)
    thread.start()
    assert started.wait(10)
    threading.Event().wait(0.2)  # the query under way
    read.stop()
    thread.join(30)
    assert outcome == ["stopped"]  # not its count: the query ended where it was
    with db.session() as s:  # the pool's connections answer as ever afterwards
        assert s.execute(text("SELECT 41 + 1")).scalar() == 42
    read.stop()  # a stop after the read has given its connection back reaches nothing
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM client")).scalar() == 0
