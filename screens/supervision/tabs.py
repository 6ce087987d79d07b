"""The supervision screen's Months and Team tabs, filled from what was read: the figures of
each signed-off session month by month (the numbers, and one figure as a sparkline), and
today's figures of everyone on the caseload side by side."""

from __future__ import annotations

from textual.widgets import DataTable

from caseworker.supervision import TREND_KEYS, series
from screens.supervision.reading import SupervisionView
from screens.widgets.text import cell

# The team side by side on the figures the months follow (a worker's row opens the rest).
TEAM_COLUMNS = TREND_KEYS


def fill_months(table: DataTable, view: SupervisionView) -> list[str]:
    """A row per figure, a column per month; returns the figures' keys, row by row."""
    table.clear(columns=True)
    table.add_column("Figure", width=44)
    for m in view.months:
        table.add_column(m.month, width=8)
    labels = {k: f.label for k, f in view.review.figures.items()} if view.review else {}
    keys = [k for k in TREND_KEYS if k in labels]
    for key in keys:
        table.add_row(cell(labels[key]), *(cell(m.counts.get(key, 0)) for m in view.months))
    return keys


def spark_of(view: SupervisionView | None, keys: list[str], row: int) -> tuple[str, list[float]]:
    """The words over the sparkline and its data, for the figure of the chosen row."""
    if view is None or not view.months or not keys or view.review is None:
        return "No signed-off session yet: each one keeps that month's figures.", []
    key = keys[min(max(row, 0), len(keys) - 1)]
    data = series(view.months, key)
    first, last = view.months[0].month, view.months[-1].month
    words = f"{view.review.figures[key].label}: {first} to {last}: " + ", ".join(map(str, data))
    return words, [float(x) for x in data]


def fill_team(table: DataTable, view: SupervisionView) -> None:
    table.clear(columns=True)
    if not view.team:
        table.add_column("Team", width=60)
        alone = (
            "No one has clients yet."
            if view.keyboard_is_supervisor
            else ("The team view is for a supervisor.")
        )
        table.add_row(cell(alone))
        return
    labels = {k: f.label for k, f in view.team[0].figures.items()}
    table.add_column("Worker", width=18)
    table.add_column("Clients", width=7)
    for key in TEAM_COLUMNS:
        table.add_column(labels.get(key, key)[:14], width=14)
    for r in view.team:
        table.add_row(
            cell(r.worker_name),
            cell(r.clients_reviewed),
            *(cell(r.figures[k].count if k in r.figures else "") for k in TEAM_COLUMNS),
        )
