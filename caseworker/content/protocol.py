"""The local protocol: settings and timers a service changes to match its own rules.

Two TOML files, read in order: the shipped defaults (data/protocol.toml, installed as
caseworker/data/protocol.toml, each setting and rule with a comment saying what it is and
where its value comes from) and the service's own file, protocol.toml in the config folder
(core.paths.config_dir()). The local file lives outside the package so that a reinstall
never touches it, and it may set any subset: what it leaves out keeps the default, rule by
rule (a file that sets only `rules.rescreen` changes no other rule).

A file holds plain settings (`audit_c_cutoff = 5`, `vocabulary = "early_help"`), the
`[rules]` table of timers (see caseworker.content.rules: `rescreen = "91 days"`) and the
`[session_contract]` table.
The whole-day settings of earlier releases (rescreen_interval_days, precaf_due_days,
top_review_interval_days) are still read, as the rules they became, so that a service's
file written for an earlier release keeps working.

Both files are validated the same way: a key nobody reads (usually a typo), a value of
the wrong type or out of range, a duration that is not one, or a file that is not TOML is
a ContentFileError naming the file and the key (or the line). Anything missing from the
shipped file falls back to the default written in the code (Protocol, rules.RULES), which
the shipped file repeats.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.content.reader import read_toml
from caseworker.content.rules import (
    CONTRACT_KEYS,
    DEFAULT_RULES,
    LEGACY_DAYS,
    RULES,
    Rule,
    SessionContract,
    read_contract,
    read_legacy,
    read_rule,
    unknown_rule,
)
from caseworker.core.durations import Duration
from caseworker.core.errors import ContentFileError, TimerError
from caseworker.core.paths import config_dir, content_dir

PROTOCOL_FILENAME = "protocol.toml"
DEFAULT = "default"  # the source of a setting the local file does not set


@dataclass(frozen=True)
class Protocol:
    # AUDIT-C total at or above which the screen is positive (UK: 5; other countries differ).
    audit_c_cutoff: int = 5
    # The words of the assessment a pre-CAF leads to: "caf" (the documents' Common
    # Assessment Framework) or "early_help" (the Early Help assessment that replaced it in
    # England). Only labels change; the workflow is the same (domain.md, "Terminology").
    vocabulary: str = "caf"
    # Every timer, one Rule per id of rules.RULES, in that order: any left out when the
    # Protocol is made takes its default.
    rules: tuple[Rule, ...] = DEFAULT_RULES
    session_contract: SessionContract = field(default_factory=SessionContract)

    def __post_init__(self) -> None:
        given = {r.id: r for r in self.rules}
        unknown = sorted(set(given) - set(RULES))
        if unknown:
            raise TimerError(unknown_rule(unknown[0]))
        full = tuple(given.get(rule_id, spec.default) for rule_id, spec in RULES.items())
        object.__setattr__(self, "rules", full)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise TimerError(unknown_rule(rule_id))

    def with_rules(self, **changes: str | Duration | Rule) -> Protocol:
        """A copy with some rules changed: with_rules(rescreen="30 days"). Text is checked
        as a protocol file's would be (the rule's own limits included)."""
        new = []
        for rule_id, value in changes.items():
            if isinstance(value, str):
                value = read_rule(rule_id, value, "<with_rules>")
            elif isinstance(value, Duration):
                value = Rule(self.rule(rule_id).id, value)
            if value.id != rule_id:
                raise TimerError(f"rule {value.id!r} given as {rule_id!r}")
            new.append(value)
        return replace(self, rules=self.rules + tuple(new))  # the later of an id wins


# (minimum, maximum) for each plain whole-number setting.
_LIMITS: dict[str, tuple[int, int]] = {"audit_c_cutoff": (1, 12)}
# The values each plain text setting may take.
_CHOICES: dict[str, tuple[str, ...]] = {"vocabulary": ("caf", "early_help")}
VOCABULARIES = _CHOICES["vocabulary"]
_TABLES = ("rules", "session_contract")


@dataclass(frozen=True)
class ProtocolSetting:
    """One effective setting or rule, and where its value came from."""

    name: str  # as a protocol file may write it: audit_c_cutoff, rules.rescreen, ...
    value: int | str | Rule
    source: str  # "default" (the shipped file) or the path of the local file


@dataclass
class ProtocolFile:
    """What one protocol file sets (and only that): the rest is someone else's default."""

    settings: dict[str, int | str] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    legacy: dict[str, str] = field(default_factory=dict)  # rule id -> the old key that set it
    contract: dict[str, int] = field(default_factory=dict)


def default_path() -> Path:
    """The shipped defaults (replaced by every install: never the place for local values)."""
    return content_dir() / PROTOCOL_FILENAME


def local_protocol_path() -> Path:
    """The service's own protocol file (it need not exist)."""
    return config_dir() / PROTOCOL_FILENAME


def setting_names() -> list[str]:
    """The plain settings (not the rules or the session contract), in the file's order."""
    return [f.name for f in fields(Protocol) if f.name in _LIMITS or f.name in _CHOICES]


def number_setting_names() -> list[str]:
    """The whole-number settings: what an instrument's cut-off may refer to."""
    return [name for name in setting_names() if name in _LIMITS]


def check_settings(raw: object, path: Path | str = "<protocol>") -> ProtocolFile:
    """Validate a decoded protocol mapping; returns only what it sets."""
    if not isinstance(raw, dict):
        raise ContentFileError(path, "the file must hold settings, one `name = value` a line")
    out = ProtocolFile()
    for key, value in raw.items():
        if key in _LIMITS:
            out.settings[key] = _whole_number(key, value, path)
        elif key in _CHOICES:
            out.settings[key] = _choice(key, value, path)
        elif key == "rules":
            if not isinstance(value, dict):
                raise ContentFileError(
                    path, 'rules must be a table: [rules] then one `rule = "duration"` a line'
                )
            for rule_id, rule_value in value.items():
                out.rules[rule_id] = read_rule(rule_id, rule_value, path)
        elif key == "session_contract":
            out.contract = read_contract(value, path)
        elif key in LEGACY_DAYS:
            rule = read_legacy(key, value, path)
            out.legacy[rule.id] = key
            out.rules.setdefault(rule.id, rule)
        else:
            raise ContentFileError(path, _unknown_setting(key))
    for rule_id, key in out.legacy.items():
        if key in raw and "rules" in raw and rule_id in raw["rules"]:
            raise ContentFileError(
                path,
                f"{key} and rules.{rule_id} both set the same timer: keep rules.{rule_id} "
                f"and delete {key} (the name earlier releases used)",
            )
    return out


def _whole_number(key: str, value: Any, path: Path | str) -> int:
    low, high = _LIMITS[key]
    # bool is an int to Python, but `true` is never a number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentFileError(path, f"{key} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ContentFileError(path, f"{key} must be {low} to {high}, got {value}")
    return value


def _choice(key: str, value: Any, path: Path | str) -> str:
    choices = _CHOICES[key]
    if value not in choices:
        allowed = " or ".join(f'"{c}"' for c in choices)
        raise ContentFileError(path, f"{key} must be {allowed}, got {value!r}")
    return str(value)


def _unknown_setting(key: str) -> str:
    if key in RULES:
        return f"{key!r} is a rule: write it in the [rules] table (rules.{key} = ...)"
    known = [*_LIMITS, *_CHOICES, *_TABLES]
    close = difflib.get_close_matches(key, [*known, *LEGACY_DAYS], n=1)
    hint = ""
    if close and close[0] in LEGACY_DAYS:
        hint = f"did you mean rules.{LEGACY_DAYS[close[0]][0]} (once {close[0]})? "
    elif close:
        hint = f"did you mean {close[0]!r}? "
    return f"unknown setting {key!r}; {hint}known settings: {', '.join(sorted(known))}"


def parse_protocol(raw: object, path: Path | str = "<protocol>") -> Protocol:
    """Validate an already-decoded protocol mapping; what it leaves out takes the default."""
    return _protocol([(check_settings(raw, path), str(path))], default=Protocol())


def read_settings(path: Path | str) -> ProtocolFile:
    """What one protocol file sets, validated (nothing when the file does not exist)."""
    path = Path(path)
    raw = read_toml(path)
    if raw is None:
        return ProtocolFile()
    return check_settings(raw, path)


def load_protocol_file(path: Path | str) -> Protocol:
    """Load and validate one protocol file; a missing file or setting means the default."""
    return _protocol([(read_settings(path), str(path))], default=Protocol())


def _protocol(files: Iterable[tuple[ProtocolFile, str]], default: Protocol) -> Protocol:
    """Each file over the last, setting by setting and rule by rule."""
    settings: dict[str, Any] = {}
    rules: dict[str, Rule] = {}
    contract: dict[str, int] = {}
    blame = None
    for sets, path in files:
        settings |= sets.settings
        rules |= sets.rules
        contract |= sets.contract
        if sets.contract:
            blame = path
    session = replace(default.session_contract, **contract)
    problem = session.problem()
    if problem:
        # The last file to touch the contract made it inconsistent (or the shipped one did).
        raise ContentFileError(blame or default_path(), problem)
    return replace(default, **settings, rules=tuple(rules.values()), session_contract=session)


def effective_settings() -> list[ProtocolSetting]:
    """Every setting and rule in force, with its value and source: "default"
    (data/protocol.toml, or the code's default if that file leaves it out) or the local
    file's path (with the old name, when a setting of an earlier release set a rule).
    Read afresh each call, unlike load_protocol()."""
    protocol, local, local_file = _in_force()
    out = []
    for name in setting_names():
        source = str(local_file) if name in local.settings else DEFAULT
        out.append(ProtocolSetting(name, getattr(protocol, name), source))
    for rule in protocol.rules:
        source = DEFAULT
        if rule.id in local.rules:
            old = local.legacy.get(rule.id)
            source = f"{local_file} (as {old})" if old else str(local_file)
        out.append(ProtocolSetting(f"rules.{rule.id}", rule, source))
    for key in CONTRACT_KEYS:
        source = str(local_file) if key in local.contract else DEFAULT
        value = getattr(protocol.session_contract, key)
        out.append(ProtocolSetting(f"session_contract.{key}", value, source))
    return out


@lru_cache(maxsize=1)
def load_protocol() -> Protocol:
    """The protocol in force: the shipped defaults overridden by the local file.

    Cached, so a change takes effect on next open (or after load_protocol.cache_clear()).
    """
    return _in_force()[0]


def _in_force() -> tuple[Protocol, ProtocolFile, Path]:
    """The protocol from both files as they are now, and what the local file sets."""
    shipped = read_settings(default_path())
    local_file = local_protocol_path()
    local = read_settings(local_file)
    files = [(shipped, str(default_path())), (local, str(local_file))]
    return _protocol(files, default=Protocol()), local, local_file
