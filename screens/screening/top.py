"""TOP: the 28-day grid as a form, and a review set beside the start values."""

from __future__ import annotations

import uuid
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from caseworker.core.dates import format_uk
from caseworker.core.errors import CaseworkerError
from caseworker.people import get_client
from caseworker.screening import (
    beside_start,
    get_screening,
    next_top_occasion,
    record_top,
    substance_field,
    top_definition,
    top_occasions,
)
from screens.keys import key_for
from screens.widgets.form import FieldSpec, FormScreen
from screens.widgets.screen import Dialog
from screens.widgets.text import cell, plain
from screens.wording import client_line

LABEL_WIDTH = 33  # the form's label column


def top_fields() -> tuple[FieldSpec, ...]:
    """The form, field by field, from top.json (short labels fit the label column)."""
    definition = top_definition()
    specs = [FieldSpec("occasion", "TOP at", "select", top_occasions())]
    for spec in definition.fields:
        label = spec.short_label[:LABEL_WIDTH]
        if spec.kind == "days_per_substance":
            for sub, name in definition.substances:
                specs.append(FieldSpec(substance_field(sub),
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
        "Days are out of the past 28. A review is shown beside the start values: open its "
        "row in the Screening section of the record."
    )

    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID) -> None:
        self.FIELDS = top_fields()
        self.client_id = client_id
        super().__init__()

    def initial_values(self) -> dict[str, Any]:
        with self.db.session() as s:
            return {"occasion": next_top_occasion(s, self.client_id)}

    def intro(self) -> str:
        try:
            with self.db.session() as s:
                return f"Client: {client_line(get_client(s, self.client_id))}"
        except CaseworkerError:  # gone meanwhile: the form says so when it loads
            return ""

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.db.session() as s:
            return record_top(s, self.client_id, values, self.caseworker_app.today).id


class TopBesideStart(Dialog[None]):
    BINDINGS = [
        Binding("escape,enter", "dismiss", "Close", tooltip="Close the comparison",
                id="top.close"),
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID, top_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.top_id = client_id, top_id

    def compose(self) -> ComposeResult:
        try:
            with self.db.session() as s:
                start, changes = beside_start(s, self.client_id, self.top_id)
                this = get_screening(s, self.top_id)
        except CaseworkerError as exc:  # removed meanwhile (another window, say)
            start, changes, title = None, {}, str(exc)
        else:
            when = format_uk(this.completed_on)
            if start is None:
                title = f"TOP {when}: no start TOP recorded before it to compare with"
            else:
                title = (
                    f"TOP {this.occasion} {when} beside the start, {format_uk(start.completed_on)}"
                )
        with Vertical(classes="dialog help"):
            yield Static(plain(title), classes="title")
            table: DataTable = DataTable(id="top-compare", cursor_type="row")
            yield table
            yield Static(plain(f"{key_for(self, 'top.close')} closes"), classes="hint")
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
