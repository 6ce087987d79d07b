"""Drafts: what is being typed into a form, kept in the encrypted database every second or
two, so that a kill, a crash or a flat battery loses nothing typed (caseworker.drafts.keeping).
The forms use it through screens.widgets.form; nothing here knows any one form."""

from caseworker.drafts.keeping import (
    Draft,
    discard_draft,
    draft_for,
    drafts_waiting,
    keep_draft,
)

__all__ = ["Draft", "discard_draft", "draft_for", "drafts_waiting", "keep_draft"]
