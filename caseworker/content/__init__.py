"""Content a service reads and may change without code (data/ and the local settings):
screening instruments, the TOP grid, the pre-CAF checklist, the local protocol and the local
settings (the keymap), each loaded and validated so that a broken file is named with its
problem.

Exports load on first use (PEP 562): the app reads its settings (the keymap) before its
first frame, and the protocol, rules and agencies behind the rest load when first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.core.exports import lazy_exports

# name -> the module of this package that defines it
_EXPORTS = {
    "Agency": "agencies",
    "load_agencies": "agencies",
    "content_problems": "problems",
    "screening_problems": "problems",
    "Protocol": "protocol",
    "ProtocolSetting": "protocol",
    "effective_settings": "protocol",
    "load_protocol": "protocol",
    "local_protocol_path": "protocol",
    "RULES": "rules",
    "Rule": "rules",
    "SessionContract": "rules",
    "Settings": "settings",
    "load_settings": "settings",
    "settings_path": "settings",
}
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

if TYPE_CHECKING:
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


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
