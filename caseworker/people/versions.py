"""Saving over someone else's change is refused, and theirs is shown.

Every record carries a version (caseworker/store/models/base.py). A form keeps the version
it was opened with and passes it back; if the record has moved on since, the save is
refused with what the record holds now beside what was typed (ChangedElsewhere). A change
committed between this save's read and its write (two workers on one server saving at the
same moment) is caught by the version check in the UPDATE itself, and refused the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from caseworker.core import vocab
from caseworker.core.dates import format_uk
from caseworker.core.errors import ChangedElsewhere, NotFound
from caseworker.store.models import Record, Worker

# The vocabulary a coded field's value is shown in.
CHOICES: dict[str, vocab.Choices] = {
    "treatment_type": vocab.TREATMENT_TYPES,
    "status": vocab.CLIENT_STATUS,
    "parental_status": vocab.PARENTAL_STATUS,
    "client_role": vocab.PARENTAL_ROLES,
    "lives_with": vocab.LIVES_WITH,
    "contact_arrangement": vocab.CONTACT_ARRANGEMENTS,
    "current_help": vocab.CURRENT_HELP,
    "source": vocab.SOURCES,
}
_LONGEST = 80  # characters of a value shown (a note can be pages long)


def _shown(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if name in CHOICES:
        return vocab.label(CHOICES[name], str(value))
    text = str(value)
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _when(at: datetime | None) -> str:
    if at is None:
        return ""
    at = at.replace(tzinfo=UTC) if at.utcoffset() is None else at  # SQLite keeps UTC, naive
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def changed_elsewhere(
    session: Session, current: Record, what: str, yours: Mapping[str, Any], fields: Sequence[str]
) -> ChangedElsewhere:
    """The refusal for saving ``yours`` over ``current`` (the record as it is now)."""
    theirs = tuple(
        (_label(name), _shown(name, getattr(current, name)), _shown(name, yours.get(name)))
        for name in fields
        if name in yours and getattr(current, name) != yours[name]
    )
    worker = session.get(Worker, current.updated_by) if current.updated_by else None
    return ChangedElsewhere(
        what,
        by=worker.name if worker else "",
        at=_when(current.updated_at),
        theirs=theirs,
        version=current.version,
    )


def refuse_if_changed(
    session: Session,
    record: Record,
    version: int | None,
    what: str,
    yours: Mapping[str, Any],
    fields: Sequence[str],
) -> None:
    """Refuse when ``record`` is no longer at the ``version`` the form was opened with
    (None: the caller read it in this same transaction)."""
    if version is not None and record.version != version:
        raise changed_elsewhere(session, record, what, yours, fields)


@contextmanager
def saving_over(
    session: Session, record: Record, what: str, yours: Mapping[str, Any], fields: Sequence[str]
) -> Iterator[None]:
    """Around the changes to ``record``: written before the block ends, so that a change
    committed since this transaction read ``record`` is refused here, with theirs shown,
    whether it surfaces at a query's autoflush inside the block or at the final flush."""
    try:
        yield
        session.flush()
    except StaleDataError:
        session.rollback()
        current = session.get(type(record), record.id, populate_existing=True)
        if current is None:
            raise NotFound(f"That {what} no longer exists: someone else removed it.") from None
        raise changed_elsewhere(session, current, what, yours, fields) from None
