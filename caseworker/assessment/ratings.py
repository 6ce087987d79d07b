"""One element's rating for one child: how much concern, the evidence and where it came from.

The rating ids are fixed by the checklist file's loader (caseworker.content.checklist);
this module orders them, because the rules compare them. From least to most concern:

    no_concern < not_known < some_concern < serious_concern

"Not known" sits above "no concern" because a gap is never reassurance: for a safety
element it stops a suggestion of no additional needs (see rules.py). It sits below "some
concern" because nothing has been found yet: on its own it never suggests more than a CAF.
With this order every rule is monotone: raising any rating never lowers the suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.content.checklist import RATINGS, SOURCES
from caseworker.core.errors import FieldError, ValidationFailed

NO_CONCERN, SOME_CONCERN, SERIOUS_CONCERN, NOT_KNOWN = RATINGS
CONCERN_ORDER: tuple[str, ...] = (NO_CONCERN, NOT_KNOWN, SOME_CONCERN, SERIOUS_CONCERN)
_RANK = {rating: rank for rank, rating in enumerate(CONCERN_ORDER)}


def rank(rating: str) -> int:
    """A rating's place in CONCERN_ORDER (0: no concern ... 3: serious concern)."""
    return _RANK[rating]


@dataclass(frozen=True)
class Rating:
    """What the worker recorded for one element: the rating, the evidence in their words
    and its source (self_reported, observed, confirmed_by_agency; None until given).
    Only the rating counts towards the suggestion; evidence and source are for the record
    and the printed summary."""

    rating: str
    evidence: str = ""
    source: str | None = None

    def __post_init__(self) -> None:
        errors = []
        if self.rating not in RATINGS:
            errors.append(FieldError("rating", "Rating", f"must be one of {', '.join(RATINGS)}"))
        if self.source is not None and self.source not in SOURCES:
            errors.append(FieldError("source", "Source", f"must be one of {', '.join(SOURCES)}"))
        if errors:
            raise ValidationFailed(errors)
