"""The pre-CAF's table, filled from a PreCafView: the elements by domain (each domain
after a heading row the rating keys skip), for one child or a column per child; or the
summary, each domain for each child."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from rich.text import Text
from textual.widgets import DataTable

from caseworker.assessment import AssessedChild, Element, PreCafView
from screens.assessment import precaf_rows as rows
from screens.widgets.text import cell


def _rating(view: PreCafView, child: uuid.UUID, element: str) -> str | None:
    rating = view.rating(child, element)
    return rating.rating if rating else None


def _with_domains(table: DataTable, view: PreCafView, columns: int) -> Iterator[Element]:
    for domain in view.checklist.domains:
        heading = Text(domain.title.upper(), style="bold")
        table.add_row(heading, *([""] * (columns - 1)), key=f"domain:{domain.id}")
        yield from (view.checklist.element(e) for e in domain.elements)


def summary_table(
    table: DataTable, view: PreCafView, child: AssessedChild | None, width: int
) -> list[str]:
    """Each domain for each child: the highest concern, in words. No element rows."""
    table.clear(columns=True)
    table.add_column("Domain", width=30)
    share = (width - 36) // max(1, len(view.children))
    for c in view.children:
        table.add_column(Text(c.name[:16]), width=max(12, min(24, share)))
    for domain in view.checklist.domains:
        table.add_row(
            cell(domain.title),
            *(rows.domain_summary(view, c.id, domain.id) for c in view.children),
            key=f"domain:{domain.id}",
        )
    return []


def ratings_table(
    table: DataTable, view: PreCafView, child: AssessedChild | None, width: int
) -> list[str]:
    """Every element, for `child` (its rating and evidence) or for the whole family (a
    rating column per child). Returns the element ids, as the rows' keys."""
    table.clear(columns=True)
    label_width = max(30, min(50, width * 2 // 5))
    table.add_column("Element", width=label_width)
    keys = []
    if child is None:
        for c in view.children:
            table.add_column(Text(c.name.split(" ")[0][:10]), width=10)
        for e in _with_domains(table, view, 1 + len(view.children)):
            ratings = (rows.rating_cell(view, _rating(view, c.id, e.id), short=True)
                       for c in view.children)  # fmt: skip
            table.add_row(cell(rows.element_label(view, e.id)), *ratings, key=e.id)
            keys.append(e.id)
        return keys
    table.add_column("Rating", width=16)
    table.add_column("Evidence / on record", width=max(10, width - label_width - 16 - 8))
    for e in _with_domains(table, view, 3):
        table.add_row(
            cell(rows.element_label(view, e.id)),
            rows.rating_cell(view, _rating(view, child.id, e.id)),
            cell(rows.evidence_words(view, child.id, e.id)),
            key=e.id,
        )
        keys.append(e.id)
    return keys
