"""The instrument engine: score a completed instrument, walk a partly answered one, and
carry answers from one instrument to another. The instruments themselves are data
(caseworker.content.instruments).

    >>> from caseworker.screening import instruments
    >>> r = instruments.score("audit-c", {1: 3, 2: 1, 3: 1})
    >>> r.total, r.band, r.positive
    (5, 'positive: complete the full AUDIT', True)

Answers map the 1-based item number to the 0-based index of the chosen option, in
the published order of that item's options. Items a skip or stop rule skips may be
left out. A screen drives the questionnaire with next_item() and scores with score().
"""

from __future__ import annotations

from caseworker.content.instruments import (
    ContentFileError,
    Instrument,
    available,
    check_link,
    clear_cache,
    load,
)
from caseworker.core.errors import NotAllowed
from caseworker.screening.scoring import (
    AnswerError,
    Progress,
    ScoreResult,
    check_answers,
    score_instrument,
)
from caseworker.screening.scoring import progress as _progress

__all__ = [
    "AnswerError",
    "ContentFileError",
    "Instrument",
    "Progress",
    "ScoreResult",
    "available",
    "carry_over",
    "check_answers",
    "clear_cache",
    "load",
    "next_item",
    "progress",
    "score",
    "score_instrument",
    "still_to_ask",
]


def score(
    instrument_id: str, answers: dict[int, int], *, audit_c_cutoff: int | None = None
) -> ScoreResult:
    """Score a completed instrument.

    audit_c_cutoff overrides the locally configured AUDIT-C cut-off (the local protocol)
    for instruments whose cut-off is that setting; other instruments ignore it.
    Raises ValueError for an unknown id, a missing required item, an unknown item
    number or an option index out of range.
    """
    instrument = load(instrument_id)
    override = audit_c_cutoff if instrument.positive_at_setting == "audit_c_cutoff" else None
    return score_instrument(instrument, answers, cutoff=override)


def progress(instrument_id: str, answers: dict[int, int]) -> Progress:
    """Next item, items still to ask, asked and skipped so far, and whether it is complete."""
    return _progress(load(instrument_id), answers)


def next_item(instrument_id: str, answers: dict[int, int]) -> int | None:
    """The next item number to ask given the answers so far; None when complete."""
    return progress(instrument_id, answers).next_item


def still_to_ask(instrument_id: str, answers: dict[int, int]) -> list[int]:
    """Items still to ask, in order, with the rules applied to the answers so far.

    A rule that hangs on an unanswered item is not yet decided, so the list can
    shrink as answers come in (ask next_item() one at a time to drive a screen).
    """
    return list(progress(instrument_id, answers).still_to_ask)


def carry_over(from_id: str, to_id: str, answers: dict[int, int]) -> dict[int, int]:
    """The answers that transfer from one instrument to another (not asked twice).

    AUDIT-C items 1-3 become AUDIT items 1-3; FAST items 1-4 become AUDIT items 3, 5,
    8 and 10. Only items present in `answers` are carried.
    """
    source = load(from_id)
    target = load(to_id)
    mapping = source.carries_to.get(to_id)
    if mapping is None:
        known = ", ".join(sorted(source.carries_to)) or "none"
        raise NotAllowed(f"answers do not carry over from {from_id!r} to {to_id!r} "
                         f"(from {from_id!r} they carry to: {known})")  # fmt: skip
    check_link(source, target, dict(mapping))
    checked = check_answers(source, answers)
    return {there: checked[here] for here, there in sorted(mapping.items()) if here in checked}
