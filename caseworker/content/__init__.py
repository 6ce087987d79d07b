"""Content a service reads and may change without code (data/ and the local settings):
screening instruments, the TOP grid, the local protocol and the local settings (the
keymap), each loaded and validated so that a broken file is named with its problem."""

from caseworker.content.problems import content_problems
from caseworker.content.protocol import Protocol, load_protocol
from caseworker.content.settings import Settings, load_settings, settings_path
from caseworker.content.top import load_definition as load_top_definition

__all__ = [
    "Protocol",
    "Settings",
    "content_problems",
    "load_protocol",
    "load_settings",
    "load_top_definition",
    "settings_path",
]
