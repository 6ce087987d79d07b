"""Where two things a worker recorded cannot both be true: the rules, as pure functions.

A client marked "not a parent" with two children on the register, daughters recorded as
back home while the status still says none live with her, a child living with a
grandparent whose contact is "not applicable (lives with client)": each is a
Contradiction the form names before saving (with the fix, where the record itself
answers the question), never a disagreement kept silently. The register answers the
parental status whenever it holds a born child, so the status is derived from it.

The functions that gather a record's facts from the database and call these live
beside the records (caseworker.people.family, caseworker.people.clients).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from caseworker.core import vocab
from caseworker.core.dates import format_uk


class ChildFacts(Protocol):
    """What the rules read of a child on the register (a ChildRecord, or a form's values)."""

    @property
    def unborn(self) -> bool: ...
    @property
    def lives_with(self) -> str: ...


@dataclass(frozen=True)
class RegisterChild:
    """A child as a form would save it, to check the register as it is about to be."""

    unborn: bool
    lives_with: str


@dataclass(frozen=True)
class Contradiction:
    """Two recorded facts that disagree, named in words a worker reads before saving."""

    field: str  # the form field it concerns (where to go to change it)
    message: str  # what disagrees, in full
    # Values that resolve it, where the record answers the question ({} when only the
    # worker can say, e.g. how often a child living with a grandparent sees the client).
    fix: dict[str, Any] = dataclasses.field(default_factory=dict)
    fix_text: str = ""  # the fix in words: "Set parental status to ..."
    # Another client's record this may be the same as (a possible duplicate): to open.
    other_client: uuid.UUID | None = None


def _label(status: str | None) -> str:
    return vocab.label(vocab.PARENTAL_STATUS, status)


def register_parental_status(children: Iterable[ChildFacts]) -> str | None:
    """The parental status the child register gives, or None when it cannot say (no born
    child on it: the client may not be a parent, or the children are not recorded yet).
    An unborn child does not make a status: expecting is recorded as pregnancy."""
    born = [k for k in children if not k.unborn]
    if not born:
        return None
    at_home = sum(1 for k in born if k.lives_with == "client")
    if at_home == len(born):
        return "all_live_with"
    return "some_live_with" if at_home else "none_live_with"


def register_in_words(children: Iterable[ChildFacts]) -> str:
    """ "2 children on the register, 1 living with the client" (born children only)."""
    born = [k for k in children if not k.unborn]
    at_home = sum(1 for k in born if k.lives_with == "client")
    n = len(born)
    return f"{n} child{'ren' if n != 1 else ''} on the register, {at_home} living with the client"


def parental_status_contradiction(
    status: str | None, children: Iterable[ChildFacts]
) -> Contradiction | None:
    """The status recorded against what the register says (None when they agree or the
    register cannot say)."""
    children = list(children)
    derived = register_parental_status(children)
    if derived is None or status == derived:
        return None
    return Contradiction(
        field="parental_status",
        message=(
            f"Parental status says '{_label(status)}', but the child register shows "
            f"{register_in_words(children)}: that is '{_label(derived)}'."
        ),
        fix={"parental_status": derived},
        fix_text=f"Set parental status to '{_label(derived)}' (from the register)",
    )


def child_contradictions(lives_with: str | None, contact: str | None) -> list[Contradiction]:
    """Where a child lives against their contact with the client."""
    if lives_with in {None, "unborn"} or contact is None:
        return []
    where = vocab.label(vocab.LIVES_WITH, lives_with).lower()
    if lives_with != "client" and contact == "not_applicable":
        return [
            Contradiction(
                field="contact_arrangement",
                message=(
                    f"The child lives {where}, but contact with the client is "
                    "'not applicable (lives with client)': say what contact there is "
                    "(formal, informal or none)."
                ),
            )
        ]
    if lives_with == "client" and contact != "not_applicable":
        label = vocab.label(vocab.CONTACT_ARRANGEMENTS, contact).lower()
        return [
            Contradiction(
                field="contact_arrangement",
                message=(
                    f"The child lives with the client, but contact with the client is "
                    f"recorded as '{label}'."
                ),
                fix={"contact_arrangement": "not_applicable"},
                fix_text="Set contact to 'Not applicable (lives with client)'",
            )
        ]
    return []


@dataclass(frozen=True)
class PossibleDuplicate:
    """Another client with the same name and date of birth (what the warning names)."""

    client_id: uuid.UUID
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date
    status: str  # vocab.CLIENT_STATUS


def duplicate_contradiction(others: Iterable[PossibleDuplicate]) -> Contradiction | None:
    others = list(others)
    if not others:
        return None
    named = "; ".join(
        f"{o.given_name} {o.family_name}, born {format_uk(o.date_of_birth)}, ref {o.reference} "
        f"({vocab.label(vocab.CLIENT_STATUS, o.status).lower()})"
        for o in others
    )
    return Contradiction(
        field="family_name",
        message=(
            f"A client with the same name and date of birth is already on the caseload: "
            f"{named}. Is this the same person? Open their record rather than adding them twice."
        ),
        other_client=others[0].client_id,
    )
