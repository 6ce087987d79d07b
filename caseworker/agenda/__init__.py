"""The agenda: every capability's due rules gathered, and the stored due-item table kept
derived from them. Importing this package registers that derivation with the store, so
any code that writes records (the app, the CLI, the demo, tests) must import it; the
caseload and the demo do.

It sits above the capabilities whose rules it gathers; the Due type and the time
arithmetic stay in caseworker.diary, below them all."""

from caseworker.agenda.gather import RULES_VERSION, dues_for
from caseworker.agenda.table import due_items, fingerprint, next_due, refresh

__all__ = ["RULES_VERSION", "due_items", "dues_for", "fingerprint", "next_due", "refresh"]
