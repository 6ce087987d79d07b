"""What the terminal sends, decoded leniently: one byte that is not UTF-8 never stops the app.

An 8-bit Meta key (Alt+x sent as 0xF8), a paste from a Latin-1 terminal or line noise on
a serial link sends bytes that are not UTF-8. Textual's Linux drivers decode stdin with a
strict UTF-8 decoder made in their input thread, so the first such byte raises
UnicodeDecodeError there and the app stops with a traceback (Textual issue #6456, open
at 8.2). Each such byte is read here as U+FFFD (shown as �) and the app carries on.

The app asks for its driver through App.get_driver_class (Textual's hook for choosing a
driver), which gives LenientLinuxDriver in place of LinuxDriver. The strict decoder is
made by the name ``getincrementaldecoder`` that the driver modules import from codecs;
that name is the one seam, and tests/screens/test_terminal.py fails if a Textual upgrade
moves it (it also feeds real bytes through a real pseudo-terminal).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from functools import partial
from types import ModuleType

from textual.drivers.linux_driver import LinuxDriver

__all__ = ["LenientLinuxDriver", "lenient_decoder", "make_input_lenient"]


def lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """codecs.getincrementaldecoder, but a UTF-8 decoder replaces what it cannot read
    (the terminal's input is UTF-8; any other codec is left as asked for)."""
    factory = codecs.getincrementaldecoder(encoding)
    if codecs.lookup(encoding).name != "utf-8":
        return factory
    return partial(factory, errors="replace")


def make_input_lenient(module: ModuleType) -> bool:
    """Have a Textual driver module make lenient decoders; False if it no longer makes
    its decoder by that name (nothing is changed then)."""
    if getattr(module, "getincrementaldecoder", None) not in (
        codecs.getincrementaldecoder,
        lenient_decoder,
    ):
        return False
    module.getincrementaldecoder = lenient_decoder  # type: ignore[attr-defined]
    return True


class LenientLinuxDriver(LinuxDriver):
    """Textual's Linux driver, reading stdin with a decoder that never raises."""

    def run_input_thread(self) -> None:
        from textual.drivers import linux_driver

        make_input_lenient(linux_driver)  # before the thread makes its decoder
        super().run_input_thread()
