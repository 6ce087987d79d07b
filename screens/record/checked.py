"""A record form that never saves a contradiction silently.

Before saving, the form asks caseworker.people what the values contradict (the child
register, another client with the same name and date of birth); if anything, the
ContradictionDialog names it and offers the fix. A fix for one of the form's own fields
is put into the field (so the worker sees what is saved); a fix for another record (the
client's parental status, from the child form) is kept in ``fixes`` for ``save``.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, Input, Select

from caseworker.people import Contradiction
from screens.widgets.form import FormScreen


class CheckedForm(FormScreen):
    def __init__(self, values: dict[str, Any] | None = None) -> None:
        super().__init__(values)
        self.fixes: dict[str, Any] = {}  # chosen fixes for records other than this form's

    def contradictions(self, values: dict[str, Any]) -> list[Contradiction]:
        """What these values contradict (nothing, by default)."""
        return []

    def action_save(self) -> None:
        self.fixes = {}
        problems = self.contradictions(self.collect())
        if not problems:
            super().action_save()
            return
        from screens.modals.contradiction import ContradictionDialog

        def answered(answer: str | None) -> None:
            if answer is None:  # back to the form, at the field that disagrees
                self._focus_field(problems[0].field)
                return
            if answer == "open":  # the same person: their record, and nothing saved
                other = next((p.other_client for p in problems if p.other_client), None)
                self.dismiss(None)
                if other is not None:
                    self.caseworker_app.open_client(other)
                return
            if answer == "fix":
                for problem in problems:
                    self._apply(problem.fix)
            FormScreen.action_save(self)

        self.app.push_screen(ContradictionDialog(problems), answered)

    def _apply(self, fix: dict[str, Any]) -> None:
        names = {spec.name for spec in self.FIELDS}
        for name, value in fix.items():
            if name in names:
                field = self.query_one(f"#f-{name}")
                assert isinstance(field, Input | Select | Checkbox)  # what FormScreen makes
                field.value = value
            else:
                self.fixes[name] = value

    def _focus_field(self, name: str) -> None:
        if name in {spec.name for spec in self.FIELDS}:
            field = self.query_one(f"#f-{name}")
            self.set_focus(field)
            field.scroll_visible()
