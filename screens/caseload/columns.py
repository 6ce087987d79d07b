"""How wide each caseload column is at a terminal's width (80 columns at least)."""

from __future__ import annotations


def column_widths(width: int) -> tuple[int, int, int, int]:
    """(client, children, next due, flags). Name fixed; the children column leads with the
    highest help (CP plan, looked after), wide enough for "looked after · 2" at 80 columns
    and wider when there is room; the rest shared by due and flags. The due column starts
    with the date and OVERDUE, so truncation never hides them, only the title's end."""
    children = 16 + min(6, max(0, (width - 80) // 4))
    rest = max(36, width - 2 - 8 - 18 - children)  # 2 for the edges, 8 for cell padding
    due = min(32, max(23, int(rest * 0.6)))
    return 18, children, due, rest - due
