"""Two writers at once on one caseload (a worker thread and a form's save, or two
windows): the second waits for the first, and the trail's chain stays whole."""

from __future__ import annotations

import threading

from caseloads import PASSPHRASE
from sqlmodel import select

from caseworker.people import clients
from caseworker.store.database import open_database
from caseworker.store.models import Client
from caseworker.store.trail import verify_chain


def test_a_second_writer_waits_and_takes_the_next_seq(db, db_dir, today):
    db.close()
    first, second = open_database(db_dir, PASSPHRASE), open_database(db_dir, PASSPHRASE)
    flushed, release, failures = threading.Event(), threading.Event(), []

    def write_and_hold() -> None:
        with first.session() as s:
            clients.create_client(s, {"given_name": "Ada", "family_name": "One"}, today)
            s.flush()  # its trail event written, not committed: the write lock held
            flushed.set()
            release.wait(10)

    def write_meanwhile() -> None:
        try:
            with second.session() as s:
                clients.create_client(s, {"given_name": "Bo", "family_name": "Two"}, today)
        except Exception as exc:  # what a save meeting the race would show the worker
            failures.append(exc)

    holder = threading.Thread(target=write_and_hold)
    holder.start()
    try:
        assert flushed.wait(10)
        other = threading.Thread(target=write_meanwhile)
        other.start()
        threading.Event().wait(0.5)  # the second has read the head by now, unless it waits
        release.set()
        other.join(30)
    finally:
        release.set()
        holder.join(30)
    try:
        assert failures == []  # not "the database refused the change"
        with second.session() as s:
            report = verify_chain(s)
            names = {c.family_name for c in s.scalars(select(Client))}
        assert report.ok, report
        assert names == {"One", "Two"}
    finally:
        first.close()
        second.close()
