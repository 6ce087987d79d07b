"""The diary: every open due item (today, this week, overdue, all; mine or the team's),
and the dialogs that complete, book or move one, or record a meeting."""
