"""Bytes from the terminal that are not UTF-8 (an 8-bit Meta key, a Latin-1 paste) are
read as U+FFFD and the app carries on: checked through a real pseudo-terminal."""

from __future__ import annotations

import codecs
import fcntl
import inspect
import os
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.drivers import linux_driver

from screens.app import CaseworkerApp
from screens.terminal import LenientLinuxDriver, lenient_decoder, make_input_lenient

REPLACEMENT = "\ufffd".encode()


def test_the_lenient_decoder_replaces_what_is_not_utf8_and_keeps_the_rest():
    decode = lenient_decoder("utf-8")().decode
    assert decode(b"Q\xffZ") == "Q\ufffdZ"
    assert decode(b"caf\xe9 ") == "caf\ufffd "  # Latin-1 é
    assert decode(b"\xc3") == ""  # the first half of a UTF-8 é waits for the second
    assert decode(b"\xa9") == "é"
    with pytest.raises(UnicodeDecodeError):  # other codecs are left as they were
        lenient_decoder("ascii")().decode(b"\xff")


def test_textual_still_makes_its_input_decoder_where_the_app_replaces_it():
    # If a Textual upgrade moves the decoder, the driver would be strict again: say so here.
    assert "getincrementaldecoder(" in inspect.getsource(linux_driver.LinuxDriver.run_input_thread)
    assert linux_driver.getincrementaldecoder in (codecs.getincrementaldecoder, lenient_decoder)
    assert make_input_lenient(linux_driver)
    assert linux_driver.getincrementaldecoder is lenient_decoder
    if sys.platform != "win32":
        assert CaseworkerApp(demo=True).get_driver_class() is LenientLinuxDriver


class Terminal:
    """The real `caseworker --demo` on a pseudo-terminal, 100x30, as a worker's terminal."""

    def __init__(self, home: Path) -> None:
        exe = shutil.which("caseworker", path=str(Path(sys.executable).parent))
        assert exe, "the caseworker command is installed with the package"
        self.fd, child = os.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "HOME": str(home),
               "CASEWORKER_REPORT_DIR": str(home / "reports")}  # fmt: skip
        env.pop("CASEWORKER_PASSPHRASE", None)
        self.proc = subprocess.Popen(
            [exe, "--demo"], stdin=child, stdout=child, stderr=child, env=env,
            start_new_session=True, cwd=home,
        )  # fmt: skip
        os.close(child)
        self.output = b""

    def wait_for(self, wanted: bytes, timeout: float = 90, since: int = 0) -> int:
        """Read until `wanted` appears after offset `since`; its offset."""
        deadline = time.monotonic() + timeout
        while (at := self.output.find(wanted, since)) < 0:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self._drain()
                shown = self.output[-2000:].decode("utf-8", "replace")
                raise AssertionError(f"{wanted!r} never shown (exit {self.proc.poll()}):\n{shown}")
            self._read(0.2)
        return at

    def _read(self, wait: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if ready:
            try:
                self.output += os.read(self.fd, 65536)
            except OSError:  # the app has gone and closed its side
                time.sleep(wait)

    def _drain(self) -> None:
        for _ in range(5):
            self._read(0.1)

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> int:
        try:
            rc = self.proc.wait(timeout=60)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self._drain()
            os.close(self.fd)
        return rc


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_byte_that_is_not_utf8_is_typed_as_a_replacement_and_the_app_carries_on(tmp_path):
    term = Terminal(tmp_path)
    try:
        term.wait_for(b"Filter:")
        term.send(b"\xff")  # an 8-bit Meta key on the caseload itself: nothing happens
        mark = len(term.output)
        term.send(b"/")
        term.wait_for("▔".encode(), since=mark)  # the search box is open
        term.send(b"Q\xe9Z")  # "QéZ" pasted from a Latin-1 terminal
        term.wait_for(b"Q" + REPLACEMENT + b"Z")
        term.send(b"\x1b")  # Esc clears the search
        term.send(b"\x11")  # Ctrl+Q: the app is still taking keys, and quits when asked
        rc = term.close()
    except BaseException:
        term.proc.kill()
        raise
    shown = term.output.decode("utf-8", "replace")
    assert "UnicodeDecodeError" not in shown and "Traceback" not in shown
    assert rc == 0  # a normal quit, asked for
