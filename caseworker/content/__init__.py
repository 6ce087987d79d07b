"""Content a service reads and may change without code (data/ and the local settings):
screening instruments, the TOP grid and the local protocol, each loaded and validated
so that a broken file is named with its problem."""

from caseworker.content.problems import content_problems
from caseworker.content.protocol import (
    Protocol,
    ProtocolSetting,
    effective_settings,
    load_protocol,
    local_protocol_path,
)

__all__ = [
    "Protocol",
    "ProtocolSetting",
    "content_problems",
    "effective_settings",
    "load_protocol",
    "local_protocol_path",
]
