"""The protocol's timers: every named rule, its default, and how a protocol file writes one.

A rule is a duration ("91 days", "6 weeks", "10 working days", "48 hours") after the event
it counts from, optionally with a second, longer duration after which it is overdue
(`{ due = "6 weeks", overdue = "8 weeks" }`). The ids are stable: protocol files and
reports name them, so an id is never renamed. Counting a rule on from a date is the
diary's job (caseworker.diary.due_after); this module only knows what the rules are.

The session contract is not a duration but a rhythm of sessions, so it has a table of its
own (SessionContract).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseworker.core.durations import Duration, Unit, parse_duration
from caseworker.core.errors import ContentFileError, DurationError


@dataclass(frozen=True)
class Rule:
    """One timer: due `due` after its start; overdue after `overdue` if the protocol gives
    a grace period (else overdue as soon as it is past due)."""

    id: str
    due: Duration
    overdue: Duration | None = None

    def __str__(self) -> str:
        return f"{self.due}, overdue after {self.overdue}" if self.overdue else str(self.due)


@dataclass(frozen=True)
class RuleSpec:
    """What the code knows of a rule: its default, what it counts from, and whether that
    start has a time of day (only then may the protocol count it in hours)."""

    default: Rule
    counts_from: str  # in words, for messages: "an initial child-protection conference"
    timed: bool = False
    may_be_zero: bool = False  # due the same day is a meaningful choice


def _spec(
    rule_id: str,
    due: str,
    counts_from: str,
    *,
    overdue: str | None = None,
    timed: bool = False,
    may_be_zero: bool = False,
) -> tuple[str, RuleSpec]:
    late = parse_duration(overdue) if overdue else None
    rule = Rule(rule_id, parse_duration(due), late)
    return rule_id, RuleSpec(rule, counts_from, timed, may_be_zero)


# In the order the shipped file and `caseworker protocol` list them.
RULES: Mapping[str, RuleSpec] = dict(
    (
        _spec("csc_written_confirmation", "48 hours", "a verbal referral to CSC", timed=True),
        _spec("referral_acknowledgement", "1 working day", "a referral sent", timed=True),
        _spec("assessment_warning", "4 weeks", "the start of a multi-agency assessment"),
        _spec("assessment_due", "6 weeks", "the start of a multi-agency assessment"),
        _spec("multi_agency_review", "1 month", "the last multi-agency case review"),
        _spec("family_plan_review", "6 weeks", "the last family plan review", overdue="8 weeks"),
        _spec("core_group_first", "10 working days", "an initial child-protection conference"),
        _spec("cp_review_first", "3 months", "an initial child-protection conference"),
        _spec("cp_review_next", "6 months", "the last child-protection review conference"),
        _spec("minutes_distribution", "5 working days", "a meeting or review held"),
        _spec("rescreen", "91 days", "a parental screen"),
        _spec("precaf_due", "28 days", "a parental screen", may_be_zero=True),
        _spec("top_review", "6 months", "the last TOP"),
        _spec("supervision", "1 month", "the last supervision session"),
        _spec("no_contact", "28 days", "the last contact with the client"),
        _spec("training_refresh", "2 years", "the last safeguarding training"),
    )
)

DEFAULT_RULES: tuple[Rule, ...] = tuple(spec.default for spec in RULES.values())

# Settings of earlier releases, in whole days, still read so that a service's file keeps
# working: each is the rule it became (what the message says to write instead, too).
LEGACY_DAYS: Mapping[str, tuple[str, int]] = {
    # old setting: (rule, smallest value the old setting allowed)
    "rescreen_interval_days": ("rescreen", 1),
    "precaf_due_days": ("precaf_due", 0),
    "top_review_interval_days": ("top_review", 1),
}


def read_rule(rule_id: str, value: Any, path: Any) -> Rule:
    """One `[rules]` entry of a protocol file: "91 days", or { due = ..., overdue = ... }."""
    where = f"rules.{rule_id}"
    if rule_id not in RULES:
        raise ContentFileError(path, unknown_rule(rule_id, where=" in [rules]"))
    spec = RULES[rule_id]
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"due", "overdue"})
        if unknown or "due" not in value:
            raise ContentFileError(
                path,
                f'{where} must be a duration such as "6 weeks", or a table '
                f'{{ due = "6 weeks", overdue = "8 weeks" }}; got the keys {sorted(value)}',
            )
        due = _duration(value["due"], f"{where}.due", spec, path)
        overdue = None
        if "overdue" in value:
            overdue = _duration(value["overdue"], f"{where}.overdue", spec, path)
            if overdue.is_clock != due.is_clock or overdue.approx_days < due.approx_days:
                raise ContentFileError(
                    path,
                    f'{where}.overdue ("{overdue}") must be as long as its due ("{due}") '
                    "or longer, and in hours only if due is",
                )
        return Rule(rule_id, due, overdue)
    return Rule(rule_id, _duration(value, where, spec, path))


# No timer of this protocol is longer than this (the longest default, the training
# refresh, is 2 years): a longer one is far more likely a slip ("900" for "90") that would
# quietly switch a rule off, and dates past year 9999 cannot be counted at all.
LONGEST = Duration(5, Unit.YEARS)


def _not_too_long(duration: Duration, where: str, written: Any, path: Any) -> None:
    if duration.approx_days > LONGEST.approx_days:
        raise ContentFileError(
            path,
            f"{where} is {written!r}: no timer may be longer than {LONGEST} "
            "(a slip for a smaller number?)",
        )


def _duration(value: Any, where: str, spec: RuleSpec, path: Any) -> Duration:
    if not isinstance(value, str):
        raise ContentFileError(
            path, f'{where} must be a duration in quotes, such as "{spec.default.due}", '
            f"got {value!r}"
        )  # fmt: skip
    try:
        duration = parse_duration(value)
    except DurationError as exc:
        raise ContentFileError(path, f"{where}: {exc}") from None
    if duration.amount == 0 and not spec.may_be_zero:
        raise ContentFileError(path, f"{where} must be longer than {value!r}")
    _not_too_long(duration, where, value, path)
    if duration.is_clock and not spec.timed:
        raise ContentFileError(
            path,
            f"{where} cannot be counted in hours: it counts from {spec.counts_from}, which "
            "has a date but no time of day (use days, weeks, months, years or working days)",
        )
    return duration


def read_legacy(key: str, value: Any, path: Any) -> Rule:
    """An earlier release's whole-number setting, read as the rule it became."""
    rule_id, low = LEGACY_DAYS[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentFileError(path, f"{key} must be a whole number, got {value!r}")
    if value < low:
        raise ContentFileError(path, f"{key} must be {low} or more, got {value}")
    duration = Duration(value, Unit.DAYS)
    _not_too_long(duration, key, value, path)
    return Rule(rule_id, duration)


def unknown_rule(rule_id: str, where: str = "") -> str:
    close = difflib.get_close_matches(rule_id, list(RULES), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown rule {rule_id!r}{where}; {hint}known rules: {', '.join(sorted(RULES))}"


# ---- the session contract ------------------------------------------------------------------


@dataclass(frozen=True)
class SessionContract:
    """Treatment sessions are contracted in blocks, each reviewed before it ends: the first
    contract of `sessions`, reviewed after session `review_after`; then blocks of `block`,
    each reviewed after its `block_review_after`-th session [000 §4.7]."""

    sessions: int = 6
    review_after: int = 5
    block: int = 4
    block_review_after: int = 3

    def __str__(self) -> str:
        return (
            f"review after session {self.review_after} of {self.sessions}, then blocks of "
            f"{self.block} reviewed after the {_ordinal(self.block_review_after)}"
        )

    def problem(self) -> str | None:
        """What is inconsistent about it, in words (None if nothing)."""
        if self.review_after > self.sessions:
            return (
                f"session_contract.review_after ({self.review_after}) must not be more "
                f"than session_contract.sessions ({self.sessions})"
            )
        if self.block_review_after > self.block:
            return (
                f"session_contract.block_review_after ({self.block_review_after}) must "
                f"not be more than session_contract.block ({self.block})"
            )
        return None


CONTRACT_KEYS = ("sessions", "review_after", "block", "block_review_after")


def read_contract(raw: Any, path: Any) -> dict[str, int]:
    """The `[session_contract]` table of one file: only the keys it sets, each checked."""
    if not isinstance(raw, dict):
        raise ContentFileError(
            path, "session_contract must be a table: [session_contract] with `sessions = 6`"
        )
    out: dict[str, int] = {}
    for key, value in raw.items():
        if key not in CONTRACT_KEYS:
            raise ContentFileError(
                path,
                f"unknown setting {key!r} in [session_contract]; known: {', '.join(CONTRACT_KEYS)}",
            )
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentFileError(
                path, f"session_contract.{key} must be a whole number, got {value!r}"
            )
        if value < 1:
            raise ContentFileError(path, f"session_contract.{key} must be 1 or more, got {value}")
        out[key] = value
    return out


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
