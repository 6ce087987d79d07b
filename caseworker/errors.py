"""Errors a user can cause, with messages fit to show them. Light to import on purpose:
the CLI catches these around every command without loading the database layer."""

from __future__ import annotations


class CaseloadError(Exception):
    """Any reason a caseload cannot be opened or saved; str() is the message to show."""


class NotInitialised(CaseloadError):
    """There is no caseload in this data directory yet."""


class StorageError(CaseloadError):
    """The database could not be opened or could not save (damaged, locked, full...)."""
