"""A client's letter: choose a template (and the child), read the draft with the facts it
used and where each came from, edit it, finalise it (the consent check: without consent,
a basis and a reason, or not sent) and save it as Markdown, Word or PDF.

The draft's text is the template filled from the record until the worker edits it; the
edit is kept (caseworker.referrals.keep_letter_text) and the edit form's own typing is a
form draft like any other, so nothing typed is lost.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from caseworker.core.errors import CaseworkerError
from caseworker.people import children_of
from caseworker.referrals import (
    LETTER_FORMATS,
    ChildToChoose,
    LetterDraft,
    draft_letter,
    export_draft,
    export_letter,
    finalise_letter,
    get_letter,
    keep_letter_text,
    letter_child,
    load_templates,
)
from screens.visits.clock import now_of
from screens.widgets.footer import Footer
from screens.widgets.form import FieldSpec, FormScreen
from screens.widgets.screen import AppScreen
from screens.widgets.text import plain

HELP = """\
The letter as it stands, and beneath it the facts of the record it was filled from and
where each came from. Letters draw on the safeguarding record, never on session notes.

Edit changes the text (kept as you type). Finalise checks consent for the recipient:
without it, give the basis for sharing and why, or record that it is not sent. A
finalised letter is frozen with its date and cannot change. Save as writes the draft
(marked DRAFT) or the finalised letter as Markdown, Word or PDF.
"""

FORMAT_CHOICES = (("docx", "Word (.docx)"), ("pdf", "PDF (.pdf)"), ("md", "Markdown (.md)"))


def draft_text(letter: LetterDraft) -> str:
    """The draft as the worker reads it: to whom, the text, then the facts and sources."""
    lines = [letter.title, f"To: {letter.recipient}", "", letter.body, "", "Facts used:"]
    for fact in letter.facts:
        first = fact.value.splitlines()[0] if fact.value else ""
        more = " …" if "\n" in fact.value else ""
        lines.append(f"- {fact.label}: {first}{more} (from {fact.source})")
    return "\n".join(lines)


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


class ChooseLetterForm(FormScreen):
    FORM_TITLE = "Draft a letter"
    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        # The choices are this client's children and the templates as they are now.
        with self.db.session() as s:
            kids = [
                (
                    str(c.id),
                    " ".join(p for p in (c.given_name, c.family_name) if p) or "Unborn child",
                )
                for c in children_of(s, self.client_id)
            ]
        templates = self._templates = load_templates()
        self.FIELDS = (
            FieldSpec(
                "template",
                "Letter",
                kind="select",
                must_choose=True,
                choices=tuple((t.id, _title_words(t.title)) for t in templates.values()),
            ),
            FieldSpec(
                "child_id",
                "About the child",
                kind="select",
                choices=(("", "The family (or the only child)"), *kids),
            ),
        )
        yield from super().compose()

    def save(self, values: dict[str, Any]) -> Any:
        from caseworker.core.errors import FieldError, ValidationFailed

        if not values.get("template"):
            raise ValidationFailed([FieldError("template", "Letter", "choose one")])
        template, child_id = values["template"], _uuid(values.get("child_id"))
        try:  # said here, where the child is chosen, not on a letter that cannot be drafted
            with self.db.session() as s:
                letter_child(s, self.client_id, self._templates[template], child_id)
        except ChildToChoose as exc:
            raise ValidationFailed([FieldError("child_id", "About the child", str(exc))]) from None
        return template, child_id


class _OnLetter(FormScreen):
    """A form on one letter (client, template, child): its draft reopens on the same one."""

    def __init__(self, client_id: uuid.UUID, template: str, child_id: uuid.UUID | None = None):
        super().__init__()
        self.client_id, self.template, self.child_id = client_id, template, child_id

    def draft_args(self) -> dict[str, str]:
        args = {"client_id": str(self.client_id), "template": self.template}
        return {**args, "child_id": str(self.child_id)} if self.child_id else args

    @classmethod
    def from_draft(cls, args: dict[str, str]) -> _OnLetter:
        return cls(uuid.UUID(args["client_id"]), args["template"], _uuid(args.get("child_id")))

    def _letter(self) -> LetterDraft:
        with self.db.session() as s:
            return draft_letter(
                s, self.client_id, self.template, self.caseworker_app.today, child_id=self.child_id
            )


class LetterEditForm(_OnLetter):
    FORM_TITLE = "Edit the letter"
    FIELDS = (
        FieldSpec("recipient", "To"),
        FieldSpec("body", "Letter", kind="notes"),
    )

    def initial_values(self) -> dict[str, Any]:
        letter = self._letter()
        return {"recipient": letter.recipient, "body": letter.body}

    def intro(self) -> str:
        return "A line starting ## is a heading. Write each [write: ...] part before finalising."

    def save(self, values: dict[str, Any]) -> Any:
        letter = self._letter()
        with self.db.session() as s:
            keep_letter_text(s, letter, values.get("body") or "", values.get("recipient") or "")
        return True


class FinaliseLetterForm(_OnLetter):
    FORM_TITLE = "Finalise the letter"
    FIELDS = (
        FieldSpec(
            "basis",
            "Basis for sharing",
            kind="select",
            choices=(
                ("", "Consent (as recorded)"),
                ("immediate_risk", "Immediate risk to a child's life"),
                ("increased_risk", "Asking would increase the risk of significant harm"),
                ("statutory", "A statutory duty"),
            ),
        ),
        FieldSpec("reason", "Why (without consent)", kind="notes"),
        FieldSpec("not_sent", "Do not send it (record the decision)", kind="check"),
    )

    def intro(self) -> str:
        letter = self._letter()
        consent = next((f.value for f in letter.facts if f.field == "consent"), "")
        return f"To {letter.recipient}. {consent}".strip()

    def save(self, values: dict[str, Any]) -> Any:
        letter = self._letter()
        raw = {
            "body": letter.body,
            "recipient": letter.recipient,
            "basis": values.get("basis") or "",
            "reason": values.get("reason") or "",
            "share": not values.get("not_sent"),
        }
        with self.db.session() as s:
            row = finalise_letter(s, letter, raw, self.caseworker_app.today, now_of(self.app))
            return row.id if row is not None else False


class SaveLetterForm(_OnLetter):
    """Save the draft (no ``letter_id``) or a finalised letter as a file."""

    FORM_TITLE = "Save the letter as"
    FIELDS = (
        FieldSpec("format", "Format", kind="select", choices=FORMAT_CHOICES),
        FieldSpec("path", "Save as (file)"),
    )

    def __init__(
        self,
        client_id: uuid.UUID,
        template: str,
        child_id: uuid.UUID | None = None,
        letter_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(client_id, template, child_id)
        self.letter_id = letter_id

    def draft_args(self) -> dict[str, str]:
        args = super().draft_args()
        return {**args, "letter_id": str(self.letter_id)} if self.letter_id else args

    @classmethod
    def from_draft(cls, args: dict[str, str]) -> SaveLetterForm:
        return cls(
            uuid.UUID(args["client_id"]),
            args["template"],
            _uuid(args.get("child_id")),
            _uuid(args.get("letter_id")),
        )

    def intro(self) -> str:
        state = "the finalised letter" if self.letter_id else "the DRAFT (marked as such)"
        return f"Writes {state}. The file is NOT encrypted: send it securely."

    def save(self, values: dict[str, Any]) -> Any:
        from pathlib import Path

        from caseworker.core.errors import FieldError, ValidationFailed

        fmt = values.get("format") or "docx"
        typed = (values.get("path") or "").strip()
        if not typed:
            raise ValidationFailed([FieldError("path", "Save as", "give a file name")])
        path = Path(typed).expanduser()
        if fmt in LETTER_FORMATS and path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        if self.letter_id is not None:
            with self.db.session() as s:
                return export_letter(s, self.letter_id, path, fmt)
        letter = self._letter()
        with self.db.session() as s:
            return export_draft(s, letter, path, fmt, self.caseworker_app.today)


class LetterScreen(AppScreen):
    HELP = HELP
    BINDINGS = [
        Binding("e", "edit", "Edit", tooltip="Edit the letter's text", id="letter.edit"),
        Binding(
            "f",
            "finalise",
            "Finalise",
            tooltip="Check consent, log the sharing decision and freeze the letter",
            id="letter.finalise",
        ),
        Binding(
            "s",
            "save_as",
            "Save as",
            tooltip="Write it as Word, PDF or Markdown",
            id="letter.save_as",
        ),
        Binding(
            "l",
            "sent",
            "Finalised letters",
            tooltip="The client's finalised letters, each with the facts it used",
            id="letter.sent",
        ),
        Binding("escape", "app.pop_screen", "Back", id="letter.back"),
    ]

    def __init__(self, client_id: uuid.UUID, template: str, child_id: uuid.UUID | None = None):
        super().__init__()
        self.client_id, self.template, self.child_id = client_id, template, child_id
        self.letter: LetterDraft | None = None
        self.finalised: uuid.UUID | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="letter-text")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def chosen_client_id(self) -> uuid.UUID:
        return self.client_id

    def load(self) -> None:
        shown = self.query_one("#letter-text", Static)
        if self.finalised is not None:
            with self.db.session() as s:
                row = get_letter(s, self.finalised)
                shown.update(
                    plain(
                        f"FINALISED by {row.signed_as} on "
                        f"{row.letter_date:%d/%m/%Y}: frozen, it cannot change.\n\n"
                        f"{row.title}\nTo: {row.recipient}\n\n{row.body}"
                    )
                )
            return
        try:
            with self.db.session() as s:
                self.letter = draft_letter(
                    s,
                    self.client_id,
                    self.template,
                    self.caseworker_app.today,
                    child_id=self.child_id,
                )
        except CaseworkerError as exc:
            self.letter = None
            shown.update(plain(f"This letter cannot be drafted: {exc}"))
            return
        shown.update(plain(f"DRAFT: not finalised.\n\n{draft_text(self.letter)}"))

    def action_edit(self) -> None:
        if self.letter is None or self.finalised:
            self.notify("A finalised letter cannot change: draft a new one.", markup=False)
            return
        self.app.push_screen(
            LetterEditForm(self.client_id, self.template, self.child_id), lambda _: self.load()
        )

    def action_finalise(self) -> None:
        if self.letter is None or self.finalised:
            return

        def done(result: object) -> None:
            if isinstance(result, uuid.UUID):
                self.finalised = result
                self.notify("Finalised: the sharing decision is logged.", markup=False)
            elif result is False:
                self.notify("Not sent: the decision not to share is logged.", markup=False)
            self.load()

        self.app.push_screen(FinaliseLetterForm(self.client_id, self.template, self.child_id), done)

    def action_sent(self) -> None:
        from screens.referrals.letter_list import LetterListScreen

        self.app.push_screen(LetterListScreen(self.client_id))

    def action_save_as(self) -> None:
        if self.letter is None:
            return

        def done(result: object) -> None:
            if result:
                self.notify(f"Wrote {result}", markup=False)

        self.app.push_screen(
            SaveLetterForm(self.client_id, self.template, self.child_id, self.finalised), done
        )


def _title_words(title: str) -> str:
    """A template's title as a choice: before any ":", its fields ("{client_name}'s
    family") said in general words, since no letter is drafted yet."""
    words = title.split(":")[0]
    words = re.sub(r"\{client_name\}('s)?", lambda m: "the client" + (m.group(1) or ""), words)
    words = re.sub(r"\{child_name\}('s)?", lambda m: "the child" + (m.group(1) or ""), words)
    return re.sub(r"\{[a-z_]+\}", "…", words)
