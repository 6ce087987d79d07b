"""Benchmark (not a test): `caseworker check` against the raw driver doing the same work.

    CASEWORKER_PASSPHRASE=... python bench/check.py DATA_DIR [--rounds 3] [--orm]

DATA_DIR is an existing caseload (make one with `caseworker demo-data --clients 10000
--data-dir DATA_DIR`). Rounds interleave, each on an already open caseload:

- ``integrity``: SQLite's integrity_check and SQLCipher's cipher_integrity_check;
- ``chain``: ``verify_chain`` with the replay of the trail against every current row
  (what `check` runs, in one snapshot);
- ``chain_orm`` (with --orm): the old way, hashing ORM TrailEvent objects;
- ``raw``: the lower bound, on the DB-API connection with no SQLAlchemy in the loop:
  the same two PRAGMAs, then the same hash over the rows as the driver returns them;
- ``command``: the whole `caseworker check` command, start to exit (its key unwrapping,
  imports and content checks included).

The figures are medians in seconds; the ratio to compare is (integrity + chain) / raw.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import col, select

from caseworker.store.database import open_database
from caseworker.store.integrity import integrity_problems
from caseworker.store.models import TrailEvent
from caseworker.store.replay import Replay
from caseworker.store.trail import CHAIN_COLUMNS, GENESIS, event_digest, row_digest, verify_chain


def raw_check(db) -> int:
    """Integrity and the chain on the DB-API connection: what the driver alone costs."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        assert cur.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert cur.execute("PRAGMA cipher_integrity_check").fetchall() == []
        cur.execute(f"SELECT {', '.join(CHAIN_COLUMNS)} FROM trail_event ORDER BY seq")
        prev, n = GENESIS, 0
        while batch := cur.fetchmany(2000):
            for row in batch:
                n += 1
                assert row[0] == n and row[10] == prev and row_digest(prev, row) == row[11]
                prev = row[11]
        return n
    finally:
        raw.close()


def chain_and_replay(db):
    replay = Replay()
    with db.snapshot() as conn:
        report = verify_chain(conn, replay=replay)
        return report, replay.compare(conn)


def orm_chain(db) -> int:
    """The chain hashed from ORM objects, as `check` did before."""
    n, prev = 0, GENESIS
    with db.session() as s:
        stmt = select(TrailEvent).order_by(col(TrailEvent.seq)).execution_options(yield_per=1000)
        for (ev,) in s.execute(stmt):
            n += 1
            assert ev.seq == n and ev.prev_hash == prev and event_digest(prev, ev) == ev.hash
            prev = ev.hash
    return n


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--orm", action="store_true", help="also time the old ORM chain")
    ap.add_argument("--no-command", action="store_true", help="skip the whole command")
    args = ap.parse_args()
    passphrase = os.environ["CASEWORKER_PASSPHRASE"]
    exe = Path(sys.executable).with_name("caseworker")
    times: dict[str, list[float]] = {}
    events = 0
    for _ in range(args.rounds):
        db = open_database(args.data_dir, passphrase)
        try:
            t, problems = timed(integrity_problems, db)
            assert problems == [], problems
            times.setdefault("integrity", []).append(t)
            t, (report, replayed) = timed(chain_and_replay, db)
            assert report.ok, report
            assert replayed.ok, replayed.differences
            events = report.events
            times.setdefault("chain", []).append(t)
            if args.orm:
                times.setdefault("chain_orm", []).append(timed(orm_chain, db)[0])
            times.setdefault("raw", []).append(timed(raw_check, db)[0])
        finally:
            db.close()
        if not args.no_command:
            cmd = [str(exe), "check", "--data-dir", str(args.data_dir)]
            t, _ = timed(subprocess.run, cmd, capture_output=True, check=True)
            times.setdefault("command", []).append(t)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{events:,} events, median of {args.rounds} rounds (seconds)")
    for k, v in med.items():
        print(f"  {k:10} {v:7.2f}   ({', '.join(f'{x:.2f}' for x in times[k])})")
    print(f"  (integrity + chain) / raw = {(med['integrity'] + med['chain']) / med['raw']:.2f}")


if __name__ == "__main__":
    main()
