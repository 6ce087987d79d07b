"""Benchmark (not a test): the real `caseworker` command in a pseudo-terminal, timed until
the text is on the screen, beside a bare Textual app with the same widgets in the same run.

    python bench/benchmark.py [--clients 10000 50000] [--rounds 8] [--data-root DIR]

Needs pyte (pip install -e '.[bench]'). For each caseload size (built with `caseworker
demo-data` under --data-root the first time, then reused):

- start-up: `caseworker` to the caseload drawn (passphrase in CASEWORKER_PASSPHRASE) and
  to the unlock screen drawn, against bare_app.py to its table drawn; the three spawned
  in turn, round after round, so all see the same machine load;
- keystrokes, the two apps open side by side and used in turn: search (a key to its echo
  in the box, a key to the table repainted with its results, a burst of 8 keys at once to
  the table repainted with the last one's results) and each filter key to its page on
  screen, against the same keys in the bare app (which filters rows in memory), and Enter
  on a client to its record's summary drawn (the session's first opening, and the later
  ones, on the kept screen, reported apart);
- peak memory (VmHWM) when the caseload is drawn, and once the database layer has loaded;
- `caseworker check`, `export` and `backup` as whole processes against raw_work.py doing
  the same work on the raw driver.

The app's modules are compiled to bytecode first (compiled()), as an installed app's are.

Every figure is a median; ratios are to the bare app, or to the raw driver, in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from terminal import Terminal

HERE = Path(__file__).resolve().parent
PASSPHRASE = "benchmark passphrase"
EXE = str(Path(sys.executable).with_name("caseworker"))
BARE = [sys.executable, str(HERE / "bare_app.py")]
FILTERS = ("Open cases", "Parents only", "Children known to social care", "Something overdue",
           "Parental status not asked", "Closed cases", "Everyone")  # fmt: skip
PLACEHOLDER = "Search name or alias"
ONE_KEY, BURST = "w", "thompson"  # a first letter; eight keys of a family name


def env_for(data_dir: Path, passphrase: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CASEWORKER_PASSPHRASE")}
    env["CASEWORKER_DATA_DIR"] = str(data_dir)
    if passphrase:
        env["CASEWORKER_PASSPHRASE"] = PASSPHRASE
    return env


def listed(text: str) -> bool:
    """A caseload (or the bare app's) status line and rows are on screen, nothing pending."""
    return "page 1 of" in text and "searching…" not in text


def status_of(text: str) -> str:
    return next((line for line in text.splitlines() if "Filter:" in line), "")


def compiled() -> None:
    """The app's modules compiled to bytecode first, as `pip install` does and as Python
    does on a first run: otherwise, where PYTHONDONTWRITEBYTECODE is set (as on these
    machines) or the source folder is read-only, every timed start-up and command would
    compile the whole app from source again, which no worker's second start does."""
    import caseworker
    import screens

    for package in (caseworker, screens):
        folder = str(Path(package.__file__).parent)
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def build(data_dir: Path, clients: int) -> None:
    if (data_dir / "caseworker.db").exists():
        return
    print(f"  building {clients:,} clients in {data_dir} …", flush=True)
    t = time.perf_counter()
    subprocess.run([EXE, "--data-dir", str(data_dir), "demo-data", "--clients", str(clients),
                    "--seed", "7"], env=env_for(data_dir, True), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    print(f"  built in {time.perf_counter() - t:.0f} s", flush=True)


# ---- start-up ------------------------------------------------------------------------------


def start(argv: list[str], env: dict[str, str], drawn: Callable[[str], bool],
          settle: float = 0.0) -> tuple[float, int, int, float]:  # fmt: skip
    """Seconds to ``drawn``, VmHWM then, VmHWM after ``settle`` quiet seconds more, and the
    CPU seconds (every thread) the program had used when ``drawn`` held: on a loaded
    machine the wall time follows the CPU work, so that is the steadier comparison."""
    term = Terminal(argv, env)
    try:
        seconds = term.wait_for(drawn)
        peak, cpu = term.peak_kib(), term.cpu_ticks() / os.sysconf("SC_CLK_TCK")
        if settle:
            term.idle(quiet=settle)
        return seconds, peak, term.peak_kib(), cpu
    finally:
        term.close()


def startup(data_dir: Path, rounds: int) -> dict[str, list]:
    out: dict[str, list] = {"bare": [], "caseload": [], "unlock": []}
    unlock = [EXE, "--data-dir", str(data_dir)]
    for _ in range(rounds):  # interleaved: bare, caseload, unlock, bare, ...
        out["bare"].append(start(BARE, env_for(data_dir, False), listed, settle=0.5))
        out["caseload"].append(start(unlock, env_for(data_dir, True), listed, settle=0.5))
        out["unlock"].append(
            start(
                unlock,
                env_for(data_dir, False),
                lambda t: "Unlock your caseload" in t and "Passphrase" in t,
            )
        )
    return out


# ---- keystrokes -----------------------------------------------------------------------------


def open_search(term: Terminal) -> int:
    term.send("/")
    term.wait_for(lambda t: PLACEHOLDER in t)
    return next(i for i, line in enumerate(term.lines()) if PLACEHOLDER in line)


def clear_search(term: Terminal) -> None:
    term.send("\x1b")
    term.wait_for(lambda t: listed(t) and "search “" not in status_of(t) and PLACEHOLDER not in t)
    term.settle(quiet=0.2)


def searched(query: str) -> Callable[[str], bool]:
    return lambda t: f"search “{query}”" in status_of(t) and listed(t)


def search_round(term: Terminal) -> dict[str, float]:
    row = open_search(term)
    term.send(ONE_KEY)
    echo = term.wait_for(lambda t: ONE_KEY in t.splitlines()[row] and PLACEHOLDER not in t)
    results = term.wait_for(searched(ONE_KEY))
    clear_search(term)
    open_search(term)
    term.send(BURST)
    burst = term.wait_for(searched(BURST))
    clear_search(term)
    return {"echo": echo, "one": results, "burst": burst}


def filter_round(term: Terminal) -> dict[str, float]:
    out = {}
    for label in (*FILTERS[1:], FILTERS[0]):
        term.send("f")
        out[label] = term.wait_for(lambda t, lb=label: f"Filter: {lb} (" in status_of(t)
                                   and listed(t))  # fmt: skip
        term.settle(quiet=0.2)
    return out


def record_round(term: Terminal, first: bool) -> dict[str, float]:
    """Enter on a client to the record's summary drawn, then back to the list: the first
    client the first time (the record's screen is built then, and kept), the next one
    down each time after (a client not opened before, on the kept screen)."""
    if not first:
        term.send("\x1b[B")  # down: the next client
        term.settle(quiet=0.2)
    term.send("\r")
    opened = term.wait_for(lambda t: "(ref " in t and "1 Profile" in t)
    term.idle(quiet=0.3)
    term.send("\x1b")
    term.wait_for(listed)
    term.idle(quiet=0.3)
    return {"record_first" if first else "record": opened}


def keystrokes(data_dir: Path, rounds: int) -> dict[str, dict[str, list[float]]]:
    real = Terminal([EXE, "--data-dir", str(data_dir)], env_for(data_dir, True))
    bare = Terminal(BARE, env_for(data_dir, False))
    out: dict[str, dict[str, list[float]]] = {"real": {}, "bare": {}}
    try:
        for term in (real, bare):
            term.wait_for(listed)
            term.idle(quiet=1.0)  # the database layer loaded and handed over
        for n in range(rounds):
            for name, term in (("real", real), ("bare", bare)):
                found = search_round(term) | filter_round(term)
                if term is real:
                    found |= record_round(term, first=n == 0)
                for k, v in found.items():
                    out[name].setdefault(k, []).append(v)
        out["real"]["peak_kib"] = [real.peak_kib()]
        out["bare"]["peak_kib"] = [bare.peak_kib()]
    finally:
        real.close()
        bare.close()
    return out


# ---- check, export, backup ----------------------------------------------------------------------


def wall(argv: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def commands(data_dir: Path, rounds: int) -> dict[str, list[float]]:
    env = env_for(data_dir, True)
    raw = [sys.executable, str(HERE / "raw_work.py")]
    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds):
            jobs = {
                "check": ([EXE, "check"], [*raw, "check", str(data_dir)]),
                "export": ([EXE, "export", "--recipient", "self", "--out", f"{tmp}/c{i}.json"],
                           [*raw, "export", str(data_dir), f"{tmp}/r{i}.json"]),
                "backup": ([EXE, "backup", f"{tmp}/cb{i}"],
                           [*raw, "backup", str(data_dir), f"{tmp}/rb{i}"]),
            }  # fmt: skip
            for name, (command, lower_bound) in jobs.items():
                out.setdefault(name, []).append(wall(command, env))
                out.setdefault(f"{name}_raw", []).append(wall(lower_bound, env))
            for p in Path(tmp).iterdir():  # keep the disk free between rounds
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    return out


# ---- report -------------------------------------------------------------------------------------


def med(values: list[float]) -> float:
    return statistics.median(values)


def report(size: int, st: dict, ks: dict, cmd: dict) -> list[tuple]:
    """Rows of (measure, value, ratio, target, met) for one caseload size."""
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    bare_start = med([r[0] for r in st["bare"]])
    rows = [("start-up: bare Textual app to its table drawn", ms(bare_start), "1.00×", "", "")]
    for key, what, target in (
        ("caseload", "`caseworker` to the caseload drawn (passphrase in env)", 1.5),
        ("unlock", "`caseworker` to the unlock screen drawn", 1.2),
    ):
        t = med([r[0] for r in st[key]])
        rows.append((f"start-up: {what}", ms(t), f"{t / bare_start:.2f}×", f"≤ {target}×",
                     t / bare_start <= target))  # fmt: skip
    bare_cpu = med([r[3] for r in st["bare"]])
    rows.append(("start-up CPU: bare Textual app, to its table drawn", ms(bare_cpu), "1.00×",
                 "", ""))  # fmt: skip
    for key, what in (("caseload", "the caseload drawn"), ("unlock", "the unlock screen drawn")):
        c = med([r[3] for r in st[key]])
        rows.append((f"start-up CPU: `caseworker` to {what}", ms(c), f"{c / bare_cpu:.2f}×",
                     "", ""))  # fmt: skip
    real, bare = ks["real"], ks["bare"]
    for key, what in (("echo", "search: a key to its echo in the box"),
                      ("one", "search: a key to the table repainted with its results"),
                      ("burst", "search: 8 keys at once to the table repainted")):  # fmt: skip
        r, b = med(real[key]), med(bare[key])
        target, met = ("", "")
        if key == "one":
            target, met = "≤ 1.5× bare", r / b <= 1.5
        rows.append((what, f"{ms(r)} (bare {ms(b)})", f"{r / b:.2f}×", target, met))
    one, burst = med(real["one"]), med(real["burst"])
    rows.append(("search: the burst against one key", f"{ms(burst)} vs {ms(one)}",
                 f"{burst / one:.2f}×", "≤ 1.0×", burst <= one))  # fmt: skip
    # The same for the bare app: what eight keys cost Textual itself over one.
    one, burst = med(bare["one"]), med(bare["burst"])
    rows.append(("search, bare app: its burst against its one key", f"{ms(burst)} vs {ms(one)}",
                 f"{burst / one:.2f}×", "", ""))  # fmt: skip
    for label in FILTERS:
        r, b = med(real[label]), med(bare[label])
        rows.append((f"filter key to its page drawn: {label.lower()}", f"{ms(r)} (bare {ms(b)})",
                     f"{r / b:.2f}×", "≤ 2× bare", r / b <= 2))  # fmt: skip
    b = med(bare["Open cases"])
    for key, what in (("record_first", "open a client, the session's first: Enter to its "
                       "summary drawn"),
                      ("record", "open another client (the screen kept): Enter to its "
                       "summary drawn")):  # fmt: skip
        if key in real:  # "record": from the second keystroke round on
            r = med(real[key])
            rows.append((what, f"{ms(r)} (bare repaint {ms(b)})", f"{r / b:.2f}×", "", ""))
    for name, target in (("check", 2.0), ("export", 1.3), ("backup", None)):
        if name not in cmd:
            continue  # not timed at this size (--command-sizes)
        c, w = med(cmd[name]), med(cmd[f"{name}_raw"])
        rows.append((f"`caseworker {name}` (whole process)", f"{c:.2f} s (raw driver {w:.2f} s)",
                     f"{c / w:.2f}×", f"≤ {target}× raw" if target else "",
                     c / w <= target if target else ""))  # fmt: skip
    drawn = max(r[1] for r in st["caseload"]) / 1024
    loaded = max(max(r[2] for r in st["caseload"]), real["peak_kib"][0]) / 1024
    bare_mib = max(r[2] for r in st["bare"]) / 1024
    rows.append(("peak memory (VmHWM): bare Textual app", f"{bare_mib:.0f} MiB", "1.00×", "", ""))
    rows.append(("peak memory: caseworker, caseload drawn", f"{drawn:.0f} MiB",
                 f"{drawn / bare_mib:.2f}×", "", ""))  # fmt: skip
    rows.append(("peak memory: caseworker, database layer loaded and used", f"{loaded:.0f} MiB",
                 f"{loaded / bare_mib:.2f}×", "< 150 MiB" if size >= 50_000 else "",
                 loaded < 150 if size >= 50_000 else ""))  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--rounds", type=int, default=8, help="start-up rounds (default 8)")
    ap.add_argument("--key-rounds", type=int, default=5, help="keystroke rounds (default 5)")
    ap.add_argument("--command-rounds", type=int, default=3, help="check/export/backup rounds")
    ap.add_argument(
        "--command-sizes",
        type=int,
        nargs="*",
        default=None,
        help="the sizes to time check/export/backup at (default: every size)",
    )
    ap.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "cw-bench")
    ap.add_argument("--json", type=Path, help="also write every figure here")
    args = ap.parse_args()
    compiled()
    everything = {}
    for size in args.clients:
        data_dir = args.data_root / str(size)
        print(f"{size:,} clients", flush=True)
        build(data_dir, size)
        t = time.perf_counter()
        st = startup(data_dir, args.rounds)
        ks = keystrokes(data_dir, args.key_rounds)
        wanted = args.command_sizes is None or size in args.command_sizes
        cmd = commands(data_dir, args.command_rounds) if wanted else {}
        everything[size] = {"startup": st, "keys": ks, "commands": cmd}
        print(f"  measured in {time.perf_counter() - t:.0f} s", flush=True)
        rows = report(size, st, ks, cmd)
        said = f", {args.command_rounds} command rounds" if cmd else " (commands not timed)"
        print(
            f"\n{size:,} clients: medians of {args.rounds} interleaved start-ups, "
            f"{args.key_rounds} keystroke rounds{said}\n"
        )
        print("| measure | value | ratio | target | met |\n|---|---|---|---|---|")
        for name, value, ratio, target, met in rows:
            verdict = "" if met == "" else ("yes" if met else "**no**")
            print(f"| {name} | {value} | {ratio} | {target} | {verdict} |")
        print(flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))


if __name__ == "__main__":
    main()
