"""How a form keeps its draft: a second or so after typing pauses (and at least every two
seconds while it goes on), the fields as typed go into the encrypted database
(caseworker.drafts); opening the form on the same record carries on from them; saving
or discarding removes them. See screens.widgets.form for what a form declares.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from textual.timer import Timer

from caseworker.core.dates import format_uk
from caseworker.core.errors import CaseworkerError

if TYPE_CHECKING:
    from screens.widgets.form import FieldSpec
    from screens.widgets.screen import Dialog

    _FormBase = Dialog[Any]
else:
    _FormBase = object

# Kept within this long of a pause in typing, and at most this long after the first change.
DRAFT_PAUSE_SECONDS = 0.8
DRAFT_AT_MOST_SECONDS = 2.0


class KeepsDraft(_FormBase):
    """Mixed into FormScreen: the draft of whatever a form holds."""

    # What the form is open on: constructor arguments (UUIDs or None) kept as attributes
    # of the same names. They name its draft, and reopen it.
    DRAFT_ARGS: ClassVar[tuple[str, ...]] = ()
    # Every form, by class name, to reopen a draft with (filled in as each is defined).
    FORMS: ClassVar[dict[str, type[KeepsDraft]]] = {}

    if TYPE_CHECKING:  # what FormScreen provides
        FIELDS: tuple[FieldSpec, ...]
        initial: dict[str, Any]
        _baseline: dict[str, Any]

        def collect(self) -> dict[str, Any]: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        KeepsDraft.FORMS[cls.__name__] = cls

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft_saved_at: str | None = None  # when, if the form opened on a draft
        self._draft_timer: Timer | None = None
        self._unkept_since: float | None = None  # the first change not yet kept
        self._draft_kept = False

    # ---- what the draft is of -----------------------------------------------------------

    def draft_args(self) -> dict[str, str]:
        """What the form is open on, as text (those of its DRAFT_ARGS that are set)."""
        values = {name: getattr(self, name) for name in self.DRAFT_ARGS}
        return {name: str(value) for name, value in values.items() if value is not None}

    @classmethod
    def from_draft(cls, args: dict[str, str]) -> KeepsDraft:
        """The form again, open on what its draft was typed into."""
        make: Callable[..., KeepsDraft] = cls
        return make(**{name: uuid.UUID(args[name]) for name in cls.DRAFT_ARGS if name in args})

    def draft_key(self) -> str:
        args = self.draft_args()
        return " ".join([type(self).__name__, *(f"{k}={args[k]}" for k in sorted(args))])

    def draft_client(self) -> uuid.UUID | None:
        value = self.draft_args().get("client_id")
        return uuid.UUID(value) if value else None

    # ---- carrying on, keeping, removing -------------------------------------------------

    def carry_on_from_draft(self) -> None:
        """Start from this form's draft, if there is one (called as the form is built)."""
        from caseworker.drafts import draft_for

        with self.db.session() as s:
            draft = draft_for(s, self.draft_key())
        if draft is None:
            return
        known = {spec.name for spec in self.FIELDS}
        self.initial = {**self.initial, **{k: v for k, v in draft.values.items() if k in known}}
        local = draft.saved_at.astimezone() if draft.saved_at.tzinfo else draft.saved_at
        self.draft_saved_at = f"{format_uk(local.date())} at {local:%H:%M}"
        self._draft_kept = True

    def on_input_changed(self) -> None:
        self._typed()

    def on_text_area_changed(self) -> None:
        self._typed()

    def on_select_changed(self) -> None:
        self._typed()

    def on_checkbox_changed(self) -> None:
        self._typed()

    def _typed(self) -> None:
        if not hasattr(self, "_baseline"):
            return  # the fields being filled in as the form opens
        now = monotonic()
        if self._unkept_since is None:
            self._unkept_since = now
        if self._draft_timer is not None:
            self._draft_timer.stop()
        left = self._unkept_since + DRAFT_AT_MOST_SECONDS - now
        delay = max(0.01, min(DRAFT_PAUSE_SECONDS, left))  # (a timer of 0 s divides by 0)
        self._draft_timer = self.set_timer(delay, self.keep_draft_now)

    def before_lock(self) -> None:
        """The idle lock is about to close the caseload: keep the draft while it is open."""
        self.keep_draft_now()

    def _stop_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer, self._unkept_since = None, None

    def keep_draft_now(self) -> None:
        """Keep what is typed as this form's draft now (none if it is as it opened)."""
        from caseworker.drafts import discard_draft, keep_draft

        self._stop_timer()
        if not hasattr(self, "_baseline") or self.app.db is None:  # type: ignore[attr-defined]
            return  # opening, or locked (the lock kept the draft first: before_lock)
        values = self.collect()
        try:
            with self.db.session() as s:
                if values == self._baseline and self.draft_saved_at is None:
                    if self._draft_kept:  # typed, then put back as it was
                        discard_draft(s, self.draft_key())
                        self._draft_kept = False
                    return
                keep_draft(s, self.draft_key(), type(self).__name__, values,
                           args=self.draft_args(), client_id=self.draft_client())  # fmt: skip
            self._draft_kept = True
        except CaseworkerError as exc:
            self.notify(f"Draft not kept: {exc}", severity="error", markup=False)

    def discard_draft(self) -> None:
        """The form was saved, or its typing discarded: its draft goes."""
        from caseworker.drafts import discard_draft

        self._stop_timer()
        if not self._draft_kept:
            return
        try:
            with self.db.session() as s:
                discard_draft(s, self.draft_key())
            self._draft_kept = False
        except CaseworkerError as exc:
            self.notify(f"Draft not removed: {exc}", severity="error", markup=False)
