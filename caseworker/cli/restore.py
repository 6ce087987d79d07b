"""`caseworker restore BACKUP_DIR`: put a backup back as the caseload, after asking."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker.cli.terminal import EXIT_USAGE, CliError, interactive, passphrase, say


def cmd_restore(args: argparse.Namespace) -> int:
    from caseworker.core.errors import WrongPassphrase
    from caseworker.core.paths import database_url
    from caseworker.store.restore import (
        backup_unlock,
        check_backup,
        check_replaceable,
        has_caseload,
        restore_from,
    )

    if database_url():
        raise CliError("A server database is restored with the server's own tools.")
    backup, data_dir = Path(args.backup_dir), Path(args.data_dir)
    if backup.resolve() == data_dir.resolve():
        raise CliError("That is the caseload itself, not a backup of it. Nothing was changed.")
    # Everything that can be checked before the passphrase is asked, and before asking.
    check_backup(backup)
    check_replaceable(data_dir)
    replacing = has_caseload(data_dir)
    if replacing and not args.yes and not interactive():
        raise CliError(
            f"restore replaces the caseload in {data_dir}: run it at a terminal to confirm, "
            "or add --yes. Nothing was changed.",
            EXIT_USAGE,
        )
    try:
        key = backup_unlock(backup, passphrase("Passphrase of the backup: "))
    except WrongPassphrase:
        raise CliError(
            f"That passphrase does not open the backup in {backup} (it opens with the "
            "passphrase the caseload had when the backup was made). Nothing was changed."
        ) from None
    if replacing and not args.yes:
        import questionary

        say(
            f"This replaces the caseload in {data_dir} with the backup in {backup}. "
            "Anything recorded since that backup was made will be gone."
        )
        if not questionary.confirm("Replace it?", default=False).unsafe_ask():
            say("Nothing was changed.")
            return 0
    from caseworker.cli.maintenance import StatusLine

    status = StatusLine(sys.stderr)
    try:
        restore_from(backup, data_dir, key.data_key, key.person_id,
                     checking=status.show, trail_progress=status.trail_progress)  # fmt: skip
    finally:
        status.clear()
    from caseworker.cli.setup import open_command

    say(
        f"Restored the caseload in {data_dir} from {backup}; the restore is recorded in "
        f"its trail. It opens with the backup's passphrase: {open_command(data_dir)}"
    )
    return 0
