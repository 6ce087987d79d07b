"""Unlocking a caseload with its passphrase (screen)."""

__all__ = ["screen"]
