"""The store: tables, the encrypted database (or a PostgreSQL URL), the key file, the
trail (every change hash-chained in the same transaction), migrations, backup and export.

Exports load on first use (PEP 562): the CLI starts unwrapping the key from
``caseworker.store`` before SQLAlchemy is imported, so start-up pays for the slower of
the two, not their sum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.core.exports import lazy_exports

# name -> the module of this package that defines it
_EXPORTS = {
    "Database": "database",
    "create_database": "database",
    "is_initialised": "database",
    "open_database": "database",
    "backup_to": "backup",
    "integrity_problems": "integrity",
    "plain_reason": "faults",
    "KdfParams": "keyfile",
    "change_passphrase": "keyfile",
    "unwrap_in_background": "keyfile",
    "export_to_file": "export",
    "write_export": "export",
    "SetupAnswers": "setup",
    "check_passphrase": "setup",
    "initialise": "setup",
    "setting": "settings",
    "ChainReport": "trail",
    "append_event": "trail",
    "verify_chain": "trail",
    "current_revision": "migrations",
    "Person": "persons",
    "add_person": "persons",
    "find_person": "persons",
    "identify": "persons",
    "list_people": "persons",
    "remove_person": "persons",
    "require_role": "persons",
    "Unlocked": "keyfile",
}
__all__ = [
    "ChainReport",
    "Database",
    "KdfParams",
    "Person",
    "SetupAnswers",
    "Unlocked",
    "add_person",
    "append_event",
    "backup_to",
    "change_passphrase",
    "check_passphrase",
    "create_database",
    "current_revision",
    "export_to_file",
    "find_person",
    "identify",
    "initialise",
    "integrity_problems",
    "is_initialised",
    "list_people",
    "open_database",
    "plain_reason",
    "remove_person",
    "require_role",
    "setting",
    "unwrap_in_background",
    "verify_chain",
    "write_export",
]

if TYPE_CHECKING:
    from caseworker.store.backup import backup_to
    from caseworker.store.database import (
        Database,
        create_database,
        is_initialised,
        open_database,
    )
    from caseworker.store.export import export_to_file, write_export
    from caseworker.store.faults import plain_reason
    from caseworker.store.integrity import integrity_problems
    from caseworker.store.keyfile import (
        KdfParams,
        Unlocked,
        change_passphrase,
        unwrap_in_background,
    )
    from caseworker.store.migrations import current_revision
    from caseworker.store.persons import (
        Person,
        add_person,
        find_person,
        identify,
        list_people,
        remove_person,
        require_role,
    )
    from caseworker.store.settings import setting
    from caseworker.store.setup import SetupAnswers, check_passphrase, initialise
    from caseworker.store.trail import ChainReport, append_event, verify_chain


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
