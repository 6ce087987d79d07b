"""Everything due for one client, from every capability's rules: pure, no database.

A closed case has nothing due. Its rules would still find a re-screen or a TOP review
"due", but nobody works a closed case, and an OVERDUE that can never be done would only
teach workers to ignore the word. Reopening the case (a change to the client record)
recomputes its items from the records, so nothing is lost by closing.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseworker.content import Protocol
from caseworker.diary import Due, soonest_first
from caseworker.screening import screening_dues
from caseworker.store.models import ChildRecord, Client, Screening

# Bump when a rule changes what it returns for the same records: every open caseload
# then recomputes its stored items on its next open.
RULES_VERSION = 1


def dues_for(
    client: Client,
    children: Sequence[ChildRecord],
    screenings: Sequence[Screening],
    protocol: Protocol,
) -> list[Due]:
    """What is due for this client now, soonest first."""
    if client.status == "closed":
        return []
    dues = screening_dues(client, children, screenings, protocol)
    return soonest_first(dues)
