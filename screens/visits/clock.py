"""The moment the visits' screens act at: the app's injected clock (a test, a demo) or the
wall clock, aware. Imports nothing of the domain, so the caseload's banner stays light."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def now_of(app: Any) -> datetime:
    clock = getattr(app, "visit_clock", None)
    return clock() if callable(clock) else datetime.now(UTC)
