"""Due items: one place opens, closes and words them."""

from __future__ import annotations

from datetime import date, timedelta

from caseworker.diary import due
from caseworker.people import clients


def test_describe_puts_the_date_and_overdue_first(today):
    assert due.describe(today, "Review", today) == f"{today:%d/%m/%Y} Review"
    yesterday = today - timedelta(days=1)
    assert due.describe(yesterday, "Review", today, short_year=True) == (
        f"{yesterday:%d/%m/%y} OVERDUE Review"
    )


def test_add_once_and_reschedule(db, today):
    with db.session() as s:
        cid = clients.create_client(s, {"given_name": "A", "family_name": "B"}, today).id
        assert due.add_once(s, cid, "precaf", "Pre-CAF", today) is not None
        assert due.add_once(s, cid, "precaf", "Pre-CAF", today) is None
        later = date(2027, 1, 1)
        due.reschedule(s, cid, "precaf", today, title="Pre-CAF", next_due=later)
    with db.session() as s:
        [item] = due.open_items(s, cid)
        assert item.due_on == later
        due.reschedule(s, cid, "precaf", today)  # done, nothing further due
    with db.session() as s:
        assert due.open_items(s, cid) == []
