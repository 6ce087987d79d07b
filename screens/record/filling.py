"""What each of the record's reads puts on its screen: the summary and profile, a
section's list, the screening's due line (the reads themselves: screens.record.loading);
and all of it emptied, for the kept screen's next client (screens.record.kept)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent

from caseworker.people import ClientSummary
from caseworker.screening import ScreeningSummary
from screens.keys import key_for
from screens.record import sections
from screens.record.loading import DiaryItems, Screenings, Summary
from screens.visits.clock import now_of
from screens.widgets.text import plain
from screens.wording import due_line

if TYPE_CHECKING:
    from screens.record.screen import ClientScreen


def fill(screen: ClientScreen, part: str, data: Any) -> None:
    """The part's rows, just read, into its widgets (mounted: see ClientScreen._build)."""
    today = screen.caseworker_app.today
    if isinstance(data, Summary):
        _summary(screen, data.summary, data.due, today)
        edit = key_for(screen, "record.edit_profile")
        text = sections.profile_text(data.client, data.aliases, data.previous, data.kids)
        screen.query_one("#profile-text", Static).update(text + plain(f"\n\n({edit} to edit)"))
    elif isinstance(data, Screenings):
        _screening(screen, data.screens, data.due, today)
    elif isinstance(data, DiaryItems):
        table = _reset(screen, "diary-table")
        sections.show_diary(table, data.open, data.done, today, now_of(screen.app))
    else:
        sections.show_list(part, _reset(screen, f"{part}-table"), data, today)


def empty(screen: ClientScreen) -> None:
    """Nothing of the client shown last left on the screen: the summary, the profile,
    every list mounted, the screening's due line; the profile shown, from its top, and
    nothing focused (the tabs take the focus when the screen is shown, as a new one's)."""
    screen.query_one("#client-summary", Static).update("")
    screen.query_one("#profile-text", Static).update("")
    for table in screen.walk_children(DataTable):
        table.clear()
    for text in screen.walk_children(Static):
        if text.id == "due-summary":
            text.update("")
    screen.query_one(TabbedContent).active = "profile"
    for scroll in screen.walk_children(VerticalScroll):
        scroll.scroll_home(animate=False)
    screen.set_focus(None)


def _screening(screen: ClientScreen, screens: list[ScreeningSummary], due, today: date) -> None:
    sections.show_screenings(_reset(screen, "screening-table"), screens)
    if due:
        # Each with its reason, in the owning capability's words: why it is due.
        text = "\n".join(f"Due: {due_line(d, today)} — {d.reason}" for d in due)
    else:
        instrument = key_for(screen, "record.screen")
        parental = key_for(screen, "record.parental_screen")
        text = (
            f"Nothing due. {instrument} screens with an instrument, "
            f"{parental} runs the parental screen."
        )
    screen.query_one("#due-summary", Static).update(plain(text))


def _reset(screen: ClientScreen, table_id: str) -> DataTable:
    table = screen.query_one(f"#{table_id}", DataTable)
    table.clear()
    return table


def _summary(screen: ClientScreen, summary: ClientSummary, due, today: date) -> None:
    text = sections.summary_text(summary, today)
    if due:
        # The two soonest, date first: OVERDUE is a word, not only a colour.
        soon = [due_line(d, today, now_of(screen.app)) for d in due[:2]]
        section = key_for(screen, "record.show_screening")
        more = f" (+{len(due) - 2} more: {section})" if len(due) > 2 else ""
        text += plain("\nDue: " + " · ".join(soon) + more)
    screen.query_one("#client-summary", Static).update(text)
