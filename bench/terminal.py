"""A program in a pseudo-terminal, read through a terminal emulator (pyte), so that a
benchmark knows when text is really on the screen: what a worker sees, not what the app
thinks it has done.

    term = Terminal([exe, "--data-dir", d], env=env)
    seconds = term.wait_for(lambda screen: "page 1 of" in screen)  # since the spawn
    term.send("f"); t = term.wait_for(...)                            # since the send
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable

import pyte

COLS, ROWS = 100, 30


class Timeout(Exception):
    pass


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str], cols: int = COLS, rows: int = ROWS):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.master = master
        self.mark = time.perf_counter()  # what wait_for counts from: the spawn, then each send
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": "xterm-256color"},
            start_new_session=True, close_fds=True,
        )  # fmt: skip
        os.close(slave)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def _pump(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # the program has gone and closed its side
            raise Timeout("the program exited") from None
        if not data:
            raise Timeout("the program exited")
        self.stream.feed(data)
        return True

    def wait_for(self, drawn: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Seconds from the last mark (spawn or send) until ``drawn(screen text)`` holds."""
        end = time.perf_counter() + timeout
        while not drawn(self.text()):
            if time.perf_counter() > end:
                raise Timeout(f"not drawn within {timeout} s:\n{self.text()}")
            self._pump(0.05)
        return time.perf_counter() - self.mark

    def settle(self, quiet: float = 0.5, timeout: float = 30.0) -> None:
        """Read until the program has drawn nothing for ``quiet`` seconds."""
        end = time.perf_counter() + timeout
        last = time.perf_counter()
        while time.perf_counter() < end:
            if self._pump(0.05):
                last = time.perf_counter()
            elif time.perf_counter() - last >= quiet:
                return

    def cpu_ticks(self) -> int:
        with open(f"/proc/{self.proc.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        # utime + stime (every thread), then cutime + cstime: the child processes it has
        # waited for (the app's start-up unwraps the key and reads the first page in one).
        return sum(int(f) for f in fields[11:15])

    def idle(self, quiet: float = 0.5, timeout: float = 60.0) -> None:
        """Read until the program has used (almost) no CPU for ``quiet`` seconds: work done
        in the background (the database layer loading) has finished."""
        end = time.perf_counter() + timeout
        ticks, since = self.cpu_ticks(), time.perf_counter()
        while time.perf_counter() < end:
            self._pump(0.05)
            now = self.cpu_ticks()
            if now - ticks > max(1, int(quiet * 4)):  # more than an idle app's timers
                ticks, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return

    def send(self, keys: str) -> None:
        self.mark = time.perf_counter()
        os.write(self.master, keys.encode())

    def peak_kib(self) -> int:
        """VmHWM: the most resident memory the program has had so far."""
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.write(self.master, b"\x11")  # Ctrl+Q
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        os.close(self.master)
