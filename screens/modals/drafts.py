"""Unsaved work: when the caseload opens and forms still hold drafts (the app was killed,
crashed or lost power while something was being typed), say so and offer to reopen each,
with its text exactly as typed. Later keeps them: each is offered again at the next
start, and opening the same form carries on from it anyway."""

from __future__ import annotations

import uuid
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caseworker.core.dates import format_uk
from caseworker.core.errors import CaseworkerError
from caseworker.drafts import Draft, discard_draft, drafts_waiting
from screens.keys import key_for
from screens.widgets.app_access import caseworker_app
from screens.widgets.form_drafts import KeepsDraft
from screens.widgets.screen import Dialog
from screens.widgets.text import escape


def _forms() -> dict[str, type[KeepsDraft]]:
    """Every form (their modules load on first use, so load them all first)."""
    from screens.keys import binding_classes

    binding_classes()  # imports every module of screens/
    return KeepsDraft.FORMS


def describe(app: Any, draft: Draft) -> str:
    """ "Parental screen · Joanne Quigley · typed 23/11/2026 at 14:32"."""
    from caseworker.people import get_client

    form = _forms().get(draft.form)
    title = str(getattr(form.from_draft(draft.args), "FORM_TITLE", "")) if form else draft.form
    parts = [title or draft.form]
    if draft.client_id is not None:
        try:
            with caseworker_app(app).require_db().session() as s:
                client = get_client(s, draft.client_id)
                parts.append(f"{client.given_name} {client.family_name}".strip())
        except CaseworkerError:
            parts.append("a client record that is no longer there")
    local = draft.saved_at.astimezone() if draft.saved_at.tzinfo else draft.saved_at
    parts.append(f"typed {format_uk(local.date())} at {local:%H:%M}")
    return " · ".join(parts)


def offer_drafts(app: Any) -> None:
    """Offer the drafts left from before, if any (called as the caseload opens)."""
    try:
        with caseworker_app(app).require_db().session() as s:
            waiting = drafts_waiting(s)
    except CaseworkerError:
        return  # the caseload itself says what is wrong with the database
    if waiting:
        # Reopened from here, not by the dialog: a screen's callback runs on the screen
        # that pushed it, and the dialog is gone by the time the form is saved.
        def chosen(draft: Draft | None) -> None:
            if draft is not None:
                reopen(app, draft)

        app.push_screen(UnsavedWork(waiting), chosen)


def reopen(app: Any, draft: Draft) -> None:
    """The draft's form, open on what it was typed into, over the client's record."""
    form_class = _forms().get(draft.form)
    if form_class is None:  # a form this version no longer has
        app.notify("That form no longer exists: its draft cannot be reopened.", markup=False)
        return
    form = form_class.from_draft(draft.args)
    if draft.client_id is not None:
        caseworker_app(app).open_client(draft.client_id, at_once=True)  # under the form

    def done(result: Any) -> None:
        if draft.client_id is None and isinstance(result, uuid.UUID):
            caseworker_app(app).open_client(result)  # a new client: show what was saved
        elif result:
            app.notify("Saved", timeout=3)

    app.push_screen(form, done)


class UnsavedWork(Dialog[Draft | None]):
    BINDINGS = [
        Binding("d", "discard", "Discard", tooltip="Discard the chosen draft (asks first)",
                id="drafts.discard"),
        Binding("escape", "dismiss(None)", "Later",
                tooltip="Not now: the drafts are kept and offered again next time",
                id="drafts.later"),
    ]  # fmt: skip

    def __init__(self, drafts: list[Draft]) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Unsaved work", classes="title")
            yield Static(
                "These forms were being filled in when caseworker last stopped, and were "
                "not saved. Choose one to carry on with the text as it was typed.",
                id="drafts-intro",
            )
            yield OptionList(id="drafts-list")
            later, discard = key_for(self, "drafts.later"), key_for(self, "drafts.discard")
            yield Static(
                escape(f"Enter opens · {discard} discards · {later}: later (kept)"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Text(describe(self.app, d)), id=d.key) for d in self.drafts)
        options.highlighted = 0 if self.drafts else None
        self.set_focus(options)

    def _chosen(self) -> Draft | None:
        index = self.query_one(OptionList).highlighted
        return self.drafts[index] if index is not None and index < len(self.drafts) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._chosen())

    def action_discard(self) -> None:
        from screens.modals.confirm import ConfirmScreen

        draft = self._chosen()
        if draft is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                with self.db.session() as s:
                    discard_draft(s, draft.key)
            except CaseworkerError as exc:
                self.notify(f"Not discarded: {exc}", severity="error", markup=False)
                return
            self.drafts = [d for d in self.drafts if d.key != draft.key]
            if not self.drafts:
                self.dismiss(None)
            else:
                self._show()

        # Not the client's name: the question is shown as markup.
        question = f"Discard the chosen draft ({describe(self.app, draft).split(' · ')[0]})?"
        self.app.push_screen(ConfirmScreen(question, "Discard", "Keep it"), answered)
