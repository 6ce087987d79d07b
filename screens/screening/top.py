"""TOP: the 28-day grid as a form, and a review set beside the start values."""

from __future__ import annotations

import uuid
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from caseworker.core.dates import format_uk
from caseworker.screening import top as outcomes
from caseworker.screening import top_definition, top_occasions
from screens.widgets.form import FieldSpec, FormScreen
from screens.widgets.text import cell

LABEL_WIDTH = 33  # the form's label column


def top_fields() -> tuple[FieldSpec, ...]:
    """The form, field by field, from top.json (short labels fit the label column)."""
    definition = top_definition()
    specs = [FieldSpec("occasion", "TOP at", "select", top_occasions())]
    for spec in definition.fields:
        label = spec.short_label[:LABEL_WIDTH]
        if spec.kind == "days_per_substance":
            for sub, name in definition.substances:
                specs.append(FieldSpec(outcomes.substance_field(sub),
                                       f"Days used: {name}"[:LABEL_WIDTH],
                                       placeholder=f"{spec.min}-{spec.max}"))  # fmt: skip
        elif spec.kind == "yes_no":
            specs.append(FieldSpec(spec.id, label, "check"))
        else:
            hint = f"{spec.min}-{spec.max}" + (" (optional)" if spec.optional else "")
            specs.append(FieldSpec(spec.id, label, placeholder=hint))
    return tuple(specs)


class TopForm(FormScreen):
    FORM_TITLE = "TOP: Treatment Outcomes Profile (the past 4 weeks)"
    HELP = (
        "Record TOP at the start of treatment, at each review (every 6 months) and at exit. "
        "Days are out of the past 28. A review is shown beside the start values in the "
        "Screening section (Enter on its row). Ctrl+S saves, Esc cancels."
    )

    def __init__(self, client_id: uuid.UUID) -> None:
        self.FIELDS = top_fields()
        self.client_id = client_id
        super().__init__()

    def initial_values(self) -> dict[str, Any]:
        with self.app.db.session() as s:
            return {"occasion": outcomes.next_top_occasion(s, self.client_id)}

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.app.db.session() as s:
            return outcomes.record_top(s, self.client_id, values, self.app.today).id


class TopBesideStart(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(self, client_id: uuid.UUID, top_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.top_id = client_id, top_id

    def compose(self) -> ComposeResult:
        with self.app.db.session() as s:
            start, changes = outcomes.beside_start(s, self.client_id, self.top_id)
            this = s.get(outcomes.Screening, self.top_id)
        with Vertical(classes="dialog help"):
            when = format_uk(this.completed_on) if this else ""
            if start is None:
                title = f"TOP {when}: no start TOP recorded before it to compare with"
            else:
                title = (
                    f"TOP {this.occasion} {when} beside the start, {format_uk(start.completed_on)}"
                )
            yield Static(title, classes="title")
            table: DataTable = DataTable(id="top-compare", cursor_type="row")
            yield table
            yield Static("Esc closes", classes="hint")
        self._changes = changes

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Measure", "Start", "Now", "Change")

        def show(v: Any) -> str:
            if isinstance(v, bool):
                return "yes" if v else "no"
            return "" if v is None else str(v)

        for c in self._changes.values():
            delta = "" if c.change in (None, 0) else f"{c.change:+d} "
            values = (c.label[:34], show(c.start), show(c.review),
                      f"{delta}{c.direction or 'not recorded'}")  # fmt: skip
            table.add_row(*map(cell, values))
