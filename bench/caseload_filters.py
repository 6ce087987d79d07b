"""Benchmark (not a test): each caseload filter's count and pages on an existing caseload.

    CASEWORKER_PASSPHRASE=... python bench/caseload_filters.py DATA_DIR [--rounds 9] [--plan]

DATA_DIR is an existing caseload (make one with `caseworker demo-data --clients 50000
--data-dir DATA_DIR`; opening it upgrades its schema, so measure a copy). For each filter,
and a search on the open cases, on one open session with a warm page cache (as a running
app has), the median in milliseconds of:

- ``count``: counting the clients of that filter and search (what the status line shows);
- ``first page``: the first page as the screen asks for it when the filter or search
  changes, counted;
- ``next page``: the second page as the screen asks for it when only the page changes
  (the total it already has passed in, so nothing is counted).

``--plan`` prints SQLite's EXPLAIN QUERY PLAN of each filter's count and first page.
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from caseworker.caseload import page as caseload
from caseworker.store.database import open_database
from caseworker.store.models import Client

SEARCH = "sm"  # matches a good share of names: a search that cannot stop early


def _count(session, *, today: date, query: str, filter_id: str) -> int:
    if hasattr(caseload, "count_clients"):
        return caseload.count_clients(session, today=today, query=query, filter_id=filter_id)
    conds = caseload._conditions(filter_id, query, today)  # before count_clients existed
    return session.execute(select(func.count()).select_from(Client).where(*conds)).scalar_one()


def _ms(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def _plan(session, stmt) -> list[str]:
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").fetchall()
    return [r[-1] for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--today", type=date.fromisoformat, default=date.today())
    ap.add_argument("--plan", action="store_true", help="print each query's plan")
    args = ap.parse_args()
    takes_total = "total" in inspect.signature(caseload.fetch_page).parameters
    cases = [(f, "") for f, _ in caseload.FILTERS] + [("open", SEARCH)]
    db = open_database(args.data_dir, os.environ["CASEWORKER_PASSPHRASE"])
    today = args.today
    print(f"median of {args.rounds} rounds, ms (today {today}; pages take a known total: "
          f"{'yes' if takes_total else 'no, every page counts'})")  # fmt: skip
    print(f"| {'filter':22} | {'clients':>7} | {'count':>7} | {'first page':>10} | "
          f"{'next page':>9} |")  # fmt: skip
    print(f"|{'-' * 24}|{'-' * 8}:|{'-' * 8}:|{'-' * 11}:|{'-' * 10}:|")
    try:
        with db.session() as s:
            for filter_id, query in cases:
                kw = dict(today=today, query=query, filter_id=filter_id)
                first = caseload.fetch_page(s, **kw)  # warm
                total = first.total
                extra = {"total": total} if takes_total else {}
                times: dict[str, list[float]] = {"count": [], "first": [], "next": []}
                for _ in range(args.rounds):
                    times["count"].append(_ms(_count, s, **kw))
                    times["first"].append(_ms(caseload.fetch_page, s, **kw))
                    times["next"].append(
                        _ms(caseload.fetch_page, s, after=first.last, **kw, **extra)
                    )
                med = {k: statistics.median(v) for k, v in times.items()}
                name = filter_id + (f" + search “{query}”" if query else "")
                print(f"| {name:22} | {total:7,} | {med['count']:7.1f} | "
                      f"{med['first']:10.1f} | {med['next']:9.1f} |")  # fmt: skip
            if args.plan:
                for filter_id, query in cases:
                    conds = caseload._conditions(filter_id, query, today)
                    counting = (
                        caseload._conditions(filter_id, query, today, counting=True)
                        if hasattr(caseload, "count_clients")
                        else conds
                    )
                    count = select(func.count()).select_from(Client).where(*counting)
                    page = (  # the whole row, as the page reads its (wide) columns
                        select(Client)
                        .where(*conds)
                        .order_by(Client.sort_key, Client.id)
                        .limit(caseload.PAGE_SIZE + 1)
                    )
                    print(f"\n{filter_id} {query!r}")
                    print("  count:", " / ".join(_plan(s, count)))
                    print("  page: ", " / ".join(_plan(s, page)))
    finally:
        db.close()


if __name__ == "__main__":
    main()
