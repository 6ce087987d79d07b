"""The diary's commands, from any screen (the palette lists them everywhere): a mixin of
CaseworkerApp."""

from __future__ import annotations

from screens.app_commands import AppCommands


class DiaryCommands(AppCommands):
    def action_diary(self, view: str = "today") -> None:
        from caseworker.agenda import DiaryView
        from screens.diary.screen import DiaryScreen

        if self.db is None:  # still opening (the first page is drawn first): once it is
            self.when_open(lambda: self.action_diary(view))
            return
        if isinstance(self.screen, DiaryScreen):
            self.screen.action_view(view)
            return
        self.push_screen(DiaryScreen(DiaryView(view)))

    def action_record_meeting(self) -> None:
        """For the client on screen: the open record, or the row chosen in a list."""
        from screens.diary.dialogs import MeetingForm

        if self.db is None:
            self.when_open(self.action_record_meeting)
            return
        client_id = self.chosen_client("record a meeting for them")
        if client_id is None:
            return
        kind_of = getattr(self.screen, "chosen_meeting_kind", None)
        kind = kind_of() if callable(kind_of) else None

        def saved(result: object) -> None:
            # The screen beneath reloads itself as the form closes (on_screen_resume).
            if result:
                self.notify("Meeting recorded; what it makes due is in the diary", timeout=4)

        self.push_screen(MeetingForm(client_id, kind), saved)
