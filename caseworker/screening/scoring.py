"""Scoring, and walking an instrument's items with its skip/stop rules applied.

The walk goes through the items in order, as a worker asks them. A rule is decided
once every item its condition depends on has been answered (a rule that depends on
a skipped item does not fire). A skip rule skips the items it names; a stop rule
skips every later item. Skipped items score 0, and an answer given for one anyway
(for example carried over from another instrument) is reported as ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from caseworker.content.instruments.model import Instrument, Rule
from caseworker.content.protocol import Protocol
from caseworker.core.errors import NotAllowed

Answers = Mapping[int, int]


class AnswerError(NotAllowed):
    """Answers that cannot be scored: unknown item, bad option index, item missing."""


@dataclass(frozen=True)
class Walk:
    asked: tuple[int, ...]  # answered items that count, in order
    skipped: tuple[int, ...]  # items the rules skipped
    missing: tuple[int, ...]  # items still to ask (rules that hang on them not yet decided)
    ignored: tuple[int, ...]  # answers given for skipped items
    applied: tuple[str, ...]  # ids of the rules that fired
    stopped_by: Rule | None


@dataclass(frozen=True)
class Progress:
    """Where a partly answered instrument stands."""

    instrument_id: str
    next_item: int | None
    still_to_ask: tuple[int, ...]
    asked: tuple[int, ...]
    skipped: tuple[int, ...]
    complete: bool


@dataclass(frozen=True)
class ScoreResult:
    instrument_id: str
    instrument_name: str
    version: str
    total: int
    band: str  # the band's label, e.g. "increasing risk"
    positive: bool
    cutoff: int  # the total at or above which this instrument is positive
    max_total: int
    band_action: str = ""
    flags: tuple[str, ...] = ()  # e.g. "possible dependence: refer for medical review"
    suggests: str = ""  # the next step, from the instrument file
    next_instrument: str | None = None  # a fuller instrument to continue into, when positive
    carried: Mapping[int, int] = field(default_factory=dict)  # answers for next_instrument
    asked: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    ignored: tuple[int, ...] = ()
    item_scores: Mapping[int, int] = field(default_factory=dict)
    rules_applied: tuple[str, ...] = ()
    stopped_by: str | None = None
    complete: bool = True  # every item the rules call for was answered (score() insists)


def check_answers(instrument: Instrument, answers: object) -> dict[int, int]:
    """Every key an item number, every value an index into that item's options."""
    name = instrument.short_name
    if not isinstance(answers, Mapping):
        raise AnswerError(f"{name} answers must be a mapping of item number to option index")
    checked: dict[int, int] = {}
    count = len(instrument.items)
    for number, index in answers.items():
        if isinstance(number, bool) or not isinstance(number, int):
            raise AnswerError(f"{name} answers are keyed by item number (int), got {number!r}")
        if not 1 <= number <= count:
            raise AnswerError(f"{name} has no item {number} (its items are 1 to {count})")
        options = instrument.item(number).options
        if isinstance(index, bool) or not isinstance(index, int):
            raise AnswerError(
                f"{name} item {number}: the answer must be an option index, got {index!r}"
            )
        if not 0 <= index < len(options):
            choices = "; ".join(f"{i} = {o.label}" for i, o in enumerate(options))
            raise AnswerError(
                f"{name} item {number}: option index {index} is out of range "
                f"(0 to {len(options) - 1}: {choices})"
            )
        checked[number] = index
    return checked


def walk(instrument: Instrument, answers: Answers) -> Walk:
    """Go through the items in order with the rules applied (answers already checked)."""
    rules_at: dict[int, list[Rule]] = {}
    for rule in instrument.rules:
        rules_at.setdefault(rule.position, []).append(rule)
    asked: list[int] = []
    skipped: list[int] = []
    missing: list[int] = []
    applied: list[str] = []
    to_skip: set[int] = set()
    stop: Rule | None = None
    for item in instrument.items:
        n = item.number
        if stop is not None or n in to_skip:
            skipped.append(n)
            continue
        if n in answers:
            asked.append(n)
        else:
            missing.append(n)
        for rule in rules_at.get(n, ()):
            if stop is None and _fires(instrument, rule, answers, asked):
                applied.append(rule.id)
                if rule.kind == "stop":
                    stop = rule
                else:
                    to_skip.update(rule.skip)
    ignored = tuple(n for n in skipped if n in answers)
    return Walk(tuple(asked), tuple(skipped), tuple(missing), ignored, tuple(applied), stop)


def _fires(instrument: Instrument, rule: Rule, answers: Answers, asked: list[int]) -> bool:
    when = rule.when
    if any(n not in asked for n in when.items):
        return False  # not answered yet, or skipped: the rule is not decided
    if when.item is not None:
        return answers[when.item] in when.option_in
    return sum(instrument.item(n).options[answers[n]].score for n in when.sum_of) == when.equals


def progress(instrument: Instrument, answers: object) -> Progress:
    checked = check_answers(instrument, answers)
    w = walk(instrument, checked)
    return Progress(
        instrument_id=instrument.id,
        next_item=w.missing[0] if w.missing else None,
        still_to_ask=w.missing,
        asked=w.asked,
        skipped=w.skipped,
        complete=not w.missing,
    )


def score_instrument(
    instrument: Instrument,
    answers: object,
    *,
    cutoff: int | None = None,
    protocol: Protocol | None = None,
) -> ScoreResult:
    """Score a loaded instrument. `cutoff` overrides a locally configured cut-off."""
    checked = check_answers(instrument, answers)
    w = walk(instrument, checked)
    name = instrument.short_name
    if w.missing:
        listed = ", ".join(str(n) for n in w.missing)
        plural = "s" if len(w.missing) > 1 else ""
        verb = "are" if len(w.missing) > 1 else "is"
        raise AnswerError(f"{name}: item{plural} {listed} {verb} not answered and required")
    try:
        effective = instrument.cutoff(protocol, cutoff)
        bands = instrument.bands(effective)
    except ValueError as exc:
        raise NotAllowed(f"{name}: {exc}") from None
    item_scores = {n: instrument.item(n).options[checked[n]].score for n in w.asked}
    total = sum(item_scores.values())
    band = next(b for b in bands if b.min <= total <= b.max)
    stop = w.stopped_by
    if stop is not None and stop.outcome is not None:
        positive = stop.outcome == "positive"
    else:
        positive = total >= effective
    next_instrument = instrument.follow_on if positive else None
    carried: dict[int, int] = {}
    if next_instrument is not None:
        mapping = instrument.carries_to.get(next_instrument, {})
        carried = {there: checked[here] for here, there in mapping.items() if here in w.asked}
    return ScoreResult(
        instrument_id=instrument.id,
        instrument_name=instrument.name,
        version=instrument.version,
        total=total,
        band=band.label,
        positive=positive,
        cutoff=effective,
        max_total=instrument.max_total,
        band_action=band.action,
        flags=tuple(f.text for f in instrument.flags if total >= f.min),
        suggests=instrument.suggests_positive if positive else instrument.suggests_negative,
        next_instrument=next_instrument,
        carried=dict(sorted(carried.items())),
        asked=w.asked,
        skipped=w.skipped,
        ignored=w.ignored,
        item_scores=item_scores,
        rules_applied=w.applied,
        stopped_by=stop.id if stop is not None else None,
    )
