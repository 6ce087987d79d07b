"""Content a service reads and may change without code (data/ and the local settings):
screening instruments, the TOP grid, the pre-CAF checklist, the local protocol and the local
settings (the keymap), each loaded and validated so that a broken file is named with its
problem."""

from caseworker.content.agencies import Agency, load_agencies
from caseworker.content.problems import content_problems, screening_problems
from caseworker.content.protocol import (
    Protocol,
    ProtocolSetting,
    effective_settings,
    load_protocol,
    local_protocol_path,
)
from caseworker.content.rules import RULES, Rule, SessionContract
from caseworker.content.settings import Settings, load_settings, settings_path

__all__ = [
    "RULES",
    "Agency",
    "Protocol",
    "ProtocolSetting",
    "Rule",
    "SessionContract",
    "Settings",
    "content_problems",
    "effective_settings",
    "load_agencies",
    "load_protocol",
    "load_settings",
    "local_protocol_path",
    "screening_problems",
    "settings_path",
]
