"""Benchmark (not a test): start-up, caseload paging, search and memory at 10,000 clients.

Every figure is reported beside a bare Textual app's start-up measured in the
same run on the same machine, so the numbers are ratios rather than absolute
claims about a noisy machine.

    python bench/benchmark.py [--clients 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

PASSPHRASE = "benchmark passphrase"

# Each child process prints one JSON line: seconds from interpreter start to
# "ready" and its peak RSS. Interpreter start is taken from /proc so imports count.
_PROCESS_START = textwrap.dedent(
    """
    import os, time
    def since_start():
        with open(f"/proc/{os.getpid()}/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    def peak_kib():
        # VmHWM belongs to this process image; ru_maxrss would carry over the benchmark
        # parent's own peak through fork and exec on Linux.
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    """
)

BARE_APP = _PROCESS_START + textwrap.dedent(
    """
    import json, resource
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        def compose(self):
            yield Header(); yield DataTable(); yield Footer()
        def on_mount(self):
            self.call_after_refresh(self.done)
        def done(self):
            t = since_start()
            rss = peak_kib()
            print(json.dumps({"ready": t, "rss_kib": rss}), flush=True)
            self.exit()

    Bare().run(headless=True)
    """
)

CASEWORKER_APP = _PROCESS_START + textwrap.dedent(
    """
    import json, os, resource
    from pathlib import Path
    # As `caseworker` does with CASEWORKER_PASSPHRASE set: the KDF starts first, on a
    # thread, and the imports below run while it works.
    from caseworker.store.keyfile import unwrap_in_background
    data_dir = Path(os.environ["CASEWORKER_DATA_DIR"])
    key = unwrap_in_background(data_dir / "caseworker.key", os.environ["CASEWORKER_PASSPHRASE"])
    from screens.app import CaseworkerApp
    from screens.caseload.screen import CaseloadScreen

    class Timed(CaseworkerApp):
        def on_mount(self):
            super().on_mount()
            self.set_interval(0.005, self.check)
        def check(self):
            s = self.screen
            if isinstance(s, CaseloadScreen) and s.page is not None:
                t = since_start()
                rss = peak_kib()
                print(json.dumps({"ready": t, "rss_kib": rss}), flush=True)
                self.exit()

    Timed(data_dir=data_dir, passphrase=os.environ["CASEWORKER_PASSPHRASE"],
          data_key=key).run(headless=True)
    """
)

# Without CASEWORKER_PASSPHRASE: how soon the worker can start typing the passphrase.
UNLOCK_SCREEN = _PROCESS_START + textwrap.dedent(
    """
    import json, os, resource
    from pathlib import Path
    from screens.app import CaseworkerApp
    from screens.unlock.screen import UnlockScreen

    class Timed(CaseworkerApp):
        def on_mount(self):
            super().on_mount()
            self.call_after_refresh(self.check)
        def check(self):
            if isinstance(self.screen, UnlockScreen):
                t = since_start()
                rss = peak_kib()
                print(json.dumps({"ready": t, "rss_kib": rss}), flush=True)
                self.exit()
            else:
                self.call_after_refresh(self.check)

    Timed(data_dir=Path(os.environ["CASEWORKER_DATA_DIR"])).run(headless=True)
    """
)


def run_child(code: str, env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"child failed: {out.stderr[-2000:]}")


def build(data_dir: Path, clients: int) -> float:
    from caseworker.demo.caseload import populate
    from caseworker.store.setup import SetupAnswers, initialise

    t = time.perf_counter()
    db = initialise(data_dir, SetupAnswers("Bench Worker", "worker", "Bench", PASSPHRASE))
    populate(db, clients, today=date.today(), seed=7)
    db.close()
    return time.perf_counter() - t


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def in_process_latencies(data_dir: Path, repeats: int) -> dict[str, float]:
    """DB time for a caseload page and for each search keystroke (median of repeats)."""
    from caseworker.caseload.page import fetch_page
    from caseworker.store.database import open_database

    db = open_database(data_dir, PASSPHRASE)
    today = date.today()
    with db.session() as s:
        fetch_page(s, today=today)  # warm the page cache, as a running app would be
        first, nxt, filtered, search = [], [], [], []
        for _ in range(repeats):
            t = time.perf_counter()
            page = fetch_page(s, today=today)
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            fetch_page(s, today=today, after=page.last)
            nxt.append(time.perf_counter() - t)
            t = time.perf_counter()
            fetch_page(s, today=today, filter_id="parents")
            filtered.append(time.perf_counter() - t)
            # A worker typing a family name, one keystroke at a time.
            name = page.rows[len(page.rows) // 2].name.split(",")[0].lower()
            for i in range(1, len(name) + 1):
                t = time.perf_counter()
                fetch_page(s, today=today, query=name[:i])
                search.append(time.perf_counter() - t)
    db.close()
    return {
        "page_first": statistics.median(first),
        "page_next": statistics.median(nxt),
        "page_parents_filter": statistics.median(filtered),
        "search_keystroke_median": statistics.median(search),
        "search_keystroke_max": max(search),
    }


async def ui_latencies(data_dir: Path, repeats: int) -> dict[str, float]:
    """The same through the screen: query plus filling the table."""
    from screens.app import CaseworkerApp
    from screens.caseload.screen import CaseloadScreen

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE)
    loads, keys = [], []
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, CaseloadScreen) and app.screen.page is not None):
            await pilot.pause(0.05)
        screen = app.screen
        for _ in range(repeats):
            t = time.perf_counter()
            screen.load()
            loads.append(time.perf_counter() - t)
        # What one keystroke in the search box costs the screen: the query plus refilling
        # the table (Textual then repaints the changed rows asynchronously).
        for _ in range(repeats):
            for i in range(1, 6):
                t = time.perf_counter()
                screen.query_text = "smith"[:i]
                screen.load()
                keys.append(time.perf_counter() - t)
    return {"ui_page_load": statistics.median(loads), "ui_keystroke_max": max(keys),
            "ui_keystroke_median": statistics.median(keys)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    import asyncio

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "cw"
        print(f"Building a {args.clients:,}-client caseload…", flush=True)
        build_s = build(data_dir, args.clients)
        print(f"  built in {build_s:.1f} s", flush=True)
        env = {**os.environ, "CASEWORKER_DATA_DIR": str(data_dir),
               "CASEWORKER_PASSPHRASE": PASSPHRASE}  # fmt: skip
        env.pop("NO_COLOR", None)
        bare, app, unlock = [], [], []
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            bare.append(run_child(BARE_APP, env))
            app.append(run_child(CASEWORKER_APP, env))
            unlock.append(run_child(UNLOCK_SCREEN, env))
        unlock_s = statistics.median(r["ready"] for r in unlock)
        bare_s = statistics.median(r["ready"] for r in bare)
        app_s = statistics.median(r["ready"] for r in app)
        bare_mb = max(r["rss_kib"] for r in bare) / 1024
        app_mb = max(r["rss_kib"] for r in app) / 1024
        lat = in_process_latencies(data_dir, repeats=20)
        lat |= asyncio.run(ui_latencies(data_dir, repeats=10))

    rows = [
        ("bare Textual app start-up", ms(bare_s), "1.00×"),
        ("caseworker cold start to the unlock screen", ms(unlock_s), f"{unlock_s / bare_s:.2f}×"),
        ("caseworker cold start to the caseload (passphrase from env)", ms(app_s),
         f"{app_s / bare_s:.2f}×"),
        ("caseload first page (query)", ms(lat["page_first"]),
         f"{lat['page_first'] / bare_s:.3f}×"),
        ("caseload next page (query)", ms(lat["page_next"]), f"{lat['page_next'] / bare_s:.3f}×"),
        ("caseload 'parents only' page", ms(lat["page_parents_filter"]),
         f"{lat['page_parents_filter'] / bare_s:.3f}×"),
        ("caseload page load in the screen", ms(lat["ui_page_load"]),
         f"{lat['ui_page_load'] / bare_s:.3f}×"),
        ("search per keystroke, median (query)", ms(lat["search_keystroke_median"]),
         f"{lat['search_keystroke_median'] / bare_s:.3f}×"),
        ("search per keystroke, worst (query)", ms(lat["search_keystroke_max"]),
         f"{lat['search_keystroke_max'] / bare_s:.3f}×"),
        ("search per keystroke in the screen, median", ms(lat["ui_keystroke_median"]),
         f"{lat['ui_keystroke_median'] / bare_s:.3f}×"),
        ("search per keystroke in the screen, worst", ms(lat["ui_keystroke_max"]),
         f"{lat['ui_keystroke_max'] / bare_s:.3f}×"),
        ("peak memory: bare Textual app", f"{bare_mb:.0f} MB", "1.00×"),
        ("peak memory: caseworker at start-up", f"{app_mb:.0f} MB", f"{app_mb / bare_mb:.2f}×"),
    ]  # fmt: skip
    print(f"\n{args.clients:,} clients; medians of {args.runs} cold starts; ratios are to the "
          "bare Textual app's start-up (time) or peak memory (memory).\n")  # fmt: skip
    print("| measure | value | ratio |\n|---|---|---|")
    for name, value, ratio in rows:
        print(f"| {name} | {value} | {ratio} |")


if __name__ == "__main__":
    main()
