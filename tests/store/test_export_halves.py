"""A whole export written by two processes (caseworker.store.export_halves): the later
tables by a forked child into a nameless file, copied in after the earlier ones. The
file is the one a single process writes, byte for byte; a child that fails fails the
export, and leaves no file."""

from __future__ import annotations

import io
import json
import os
import sys
import threading
from functools import partial

import pytest
from caseloads import TODAY
from sqlmodel import SQLModel

from caseworker.core.errors import StorageError
from caseworker.demo.caseload import populate
from caseworker.store import export, export_halves

pytestmark = [
    pytest.mark.sqlcipher,  # the encrypted file's raw path; a server is read typed, in one
    pytest.mark.skipif(sys.platform != "linux", reason="a fork and a nameless file: Linux"),
]

TABLES = sorted(SQLModel.metadata.sorted_tables, key=lambda t: t.name)
HEADER = {"format": export.FORMAT, "recipient": export.SELF}


def test_the_split_leaves_two_parts_nearest_in_rows():
    assert export_halves.split_at([5, 5, 5, 5]) == 2
    assert export_halves.split_at([1, 1, 10, 1]) == 2  # the big table goes to the child
    assert export_halves.split_at([1, 1, 1, 10]) == 3
    assert export_halves.split_at([10, 1, 1, 1]) == 1
    assert export_halves.split_at([3]) == 1  # one table: nothing to split off


@pytest.mark.parametrize("first", [1, 20, len(TABLES) - 1])
def test_two_processes_write_the_file_one_process_writes(db, tmp_path, first):
    populate(db, 40, today=TODAY, seed=2)
    one = io.StringIO()
    counts_one = export._write(one, HEADER, TABLES, export._every_row(db.engine))
    child = partial(export._writer_in_child, db.path, db.data_key)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "two.json"
    with open(path, "w", encoding="utf-8") as out:
        with export_halves.later_tables(folder, TABLES, first, child) as later:
            counts_two = export._write(
                out, HEADER, TABLES[:first], export._every_row(db.engine), later
            )
    assert path.read_bytes() == one.getvalue().encode("utf-8")
    assert counts_two == counts_one and list(counts_two) == [t.name for t in TABLES]
    assert sum(counts_one[t.name] for t in TABLES[first:]) > 0  # the child had rows to write
    assert sorted(p.name for p in folder.iterdir()) == ["two.json"]  # its file had no name


def test_a_whole_export_of_a_big_enough_caseload_uses_a_second_process(db, tmp_path, monkeypatch):
    populate(db, 40, today=TODAY, seed=2)
    monkeypatch.setattr(export_halves, "WORTH_IT", 1)
    # As the command line is: one thread (whatever earlier tests in this worker left).
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    forked = []
    real = export_halves.later_tables

    def spy(folder, tables, first, write_table):
        forked.append(tables[first].name)
        return real(folder, tables, first, write_table)

    monkeypatch.setattr(export_halves, "later_tables", spy)
    counts = export.export_to_file(db, tmp_path / "all.json")
    assert forked  # the later part went to a child
    written = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]
    assert {name: len(rows) for name, rows in written.items()} == counts
    with db.engine.connect() as conn:
        assert list(counts.values()) == export_halves.row_counts(conn, TABLES)


def test_a_child_that_fails_fails_the_export_and_leaves_no_file(db, tmp_path, monkeypatch):
    populate(db, 40, today=TODAY, seed=2)
    monkeypatch.setattr(export_halves, "WORTH_IT", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    with db.engine.connect() as conn:
        first = export_halves.split_at(export_halves.row_counts(conn, TABLES))
    later = {t.name for t in TABLES[first:]}
    real = export._write_table

    def broken(out, ti, table, rows_of, counted=None):  # only the child writes these
        if table.name in later:
            raise ValueError("a value no column type reads")
        return real(out, ti, table, rows_of, counted)

    monkeypatch.setattr(export, "_write_table", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(StorageError, match="second process"):
        export.export_to_file(db, folder / "all.json")
    assert list(folder.iterdir()) == []


def test_no_process_to_be_had_and_one_process_writes_it_all(db, tmp_path, monkeypatch):
    populate(db, 40, today=TODAY, seed=2)
    monkeypatch.setattr(export_halves, "WORTH_IT", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    one = export.export_to_file(db, tmp_path / "one.json")

    def no_process() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process)
    counts = export.export_to_file(db, tmp_path / "all.json")
    written = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]
    assert {name: len(rows) for name, rows in written.items()} == counts
    assert counts["trail_event"] == one["trail_event"] + 1  # this export's own event


def test_a_process_of_several_threads_does_not_fork(tmp_path, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not export_halves.available(tmp_path)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert export_halves.available(tmp_path)


def test_a_small_caseload_is_written_by_one_process(db, tmp_path, monkeypatch):
    populate(db, 3, today=TODAY, seed=1)
    monkeypatch.setattr(export_halves, "later_tables", None)  # would fail if it were used
    counts = export.export_to_file(db, tmp_path / "all.json")
    assert counts["client"] == 3


@pytest.mark.parametrize("threads", [1, 2])  # 1: a second process writes; 2: no fork
def test_the_progress_counts_every_row_written_by_either_process(
    db, tmp_path, monkeypatch, threads
):
    populate(db, 40, today=TODAY, seed=2)
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    monkeypatch.setattr(export_halves, "WORTH_IT", 1)
    monkeypatch.setattr(export.ExportProgress, "EVERY", 0.0)  # every batch reported
    told: list[tuple[int, int]] = []
    counts = export.export_to_file(db, tmp_path / "all.json", lambda *r: told.append(r))
    rows = sum(counts.values())
    assert told[-1] == (rows, rows)  # the child's rows too, through the shared counter
    assert all(total == rows for _, total in told)
    done = [d for d, _ in told]
    assert done == sorted(done) and len(set(done)) > 2  # it moved on as it went
