"""Every error a user can cause, in one tree, each with a message fit to show them.

Screens and the CLI catch ``CaseworkerError`` only: ``str(error)`` is the plain
message (never a record's values), and anything that is not a CaseworkerError is a
bug, reported as one. Light to import on purpose (stdlib only): the CLI catches these
around every command without loading the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CaseworkerError(Exception):
    """Something the user can cause and put right; str() is the message to show."""


# ---- the caseload: opening, unlocking, saving ----------------------------------------------


class CaseloadError(CaseworkerError):
    """A caseload cannot be opened or saved."""


class NotInitialised(CaseloadError):
    """There is no caseload in this data directory yet."""


class StorageError(CaseloadError):
    """The database could not be opened or could not save (damaged, locked, full...)."""


class CaseloadLocked(StorageError):
    """The caseload was closed (locked, or the app quitting) under code that still holds
    it: a worker thread's read in flight when the idle lock came. Nothing is wrong with
    the data; whatever was reading reads again once the caseload is unlocked."""

    def __init__(self, message: str = "The caseload is locked: unlock it to go on.") -> None:
        super().__init__(message)


class FolderNotWritable(StorageError):
    """The caseload's folder (or its disk) is read-only here: SQLite cannot keep its
    journal beside the database, so nothing could be saved."""


class DiskFull(StorageError):
    """The disk holding the caseload has no space left."""


class DatabaseMissing(CaseloadError):
    """The key file is there but the database beside it is not."""


class KeyFileError(CaseloadError):
    """The key file is missing or damaged."""


class KeyFileMissing(KeyFileError):
    """The database is there but its key file is not."""


class KeyFileDamaged(KeyFileError):
    """The key file is there but cannot be used: not JSON, a field missing or altered
    (its checksum does not match). Not a wrong passphrase: no passphrase would open it."""


class WrongPassphrase(CaseloadError):
    """The passphrase does not unwrap the data key."""


class AlreadyExists(CaseworkerError):
    """Something is in the way: a caseload where a new one would go, a backup folder
    that is not empty. Nothing was changed."""


class SetupError(CaseworkerError):
    """The answers given to set up a caseload are incomplete or unusable."""


# ---- records -------------------------------------------------------------------------------


class NotFound(CaseworkerError):
    """The record asked for no longer exists (another window removed it, say)."""


class NotAllowed(CaseworkerError):
    """The action does not apply to the record as it stands (a screening already complete)."""


class ChangedElsewhere(CaseworkerError):
    """Someone else saved this record after it was read (another worker on the server, or
    another window): saving now would overwrite their change unseen, so nothing was saved.

    ``theirs`` is what the record holds now where it differs from what was being saved,
    as (label, theirs, yours) in the form's words; ``str()`` names only the fields (it may
    reach a log), ``in_full`` shows the values to the worker who was saving. ``version``
    is the record's version now: a save that passes it back is a deliberate replacement
    of theirs, after seeing it."""

    def __init__(
        self,
        what: str,
        *,
        by: str = "",
        at: str = "",
        theirs: tuple[tuple[str, str, str], ...] = (),
        version: int | None = None,
    ) -> None:
        self.what, self.by, self.at = what, by, at
        self.theirs = theirs
        self.version = version
        who = by or "Someone else"
        when = f" at {at}" if at else ""
        fields = f" ({', '.join(label for label, _, _ in theirs)})" if theirs else ""
        again = (
            " Save again to put yours in place of theirs, or cancel to keep theirs."
            if version is not None
            else " Open it again to see theirs and make your change on top."
        )
        super().__init__(
            f"{who} saved a change to this {what}{when}, after you opened it{fields}. "
            f"Nothing of yours was saved.{again}"
        )

    @property
    def in_full(self) -> str:
        """The message with their values beside yours (for the screen, never a log)."""
        if not self.theirs:
            return str(self)
        shown = "; ".join(
            f"{label}: {theirs or '(empty)'} (yours: {yours or '(empty)'})"
            for label, theirs, yours in self.theirs
        )
        return f"{self}\nTheirs now — {shown}."


@dataclass(frozen=True)
class FieldError:
    """One field of a form, in the words the form uses, and what is wrong with it."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ValidationFailed(CaseworkerError):
    """What was typed cannot be saved; ``errors`` names each bad field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class ImportRefused(CaseworkerError):
    """A file given to `caseworker import` cannot be imported (not an export, a bad field
    in a named record, a record already in the caseload). Nothing was imported."""


class DateError(CaseworkerError):
    """Text that is not a date a worker could mean (the message says why)."""


class DurationError(CaseworkerError):
    """Text that is not a length of time a protocol could mean ("6 weaks", "-1 month")."""


class TimerError(CaseworkerError):
    """A timer cannot count from what it was given: a rule the protocol does not have, a
    date for a rule counted in hours (which needs the time of day), or a clock time with
    no time zone (which could be an hour out either side of a clock change)."""


# ---- content a service edits (data/ and the local settings) --------------------------------


class ContentFileError(CaseworkerError):
    """A content file (instrument, TOP grid, protocol, settings) is unreadable or invalid.

    The message names the file and the problem, so a service that edited it can fix it.
    """

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class SharingRefused(NotAllowed):
    """Nothing may go to a recipient: no client in an export has consent to share with
    them, and no basis for sharing without it was given (nothing was written)."""
