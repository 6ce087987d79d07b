"""TOP records: parsing the form, storage, and a review beside the start."""

from __future__ import annotations

import pytest

from caseworker.core.validation import ValidationFailed
from caseworker.people import clients
from caseworker.screening import top as outcomes

BASE = {
    "injecting_days": "0",
    "shoplifting_days": "0",
    "selling_drugs_days": "0",
    "paid_work_days": "0",
    "education_days": "0",
    "physical_health": "10",
    "quality_of_life": "10",
    "psychological_health": "10",
    **{
        f"days_{sub}": "0"
        for sub in ("alcohol", "opiates", "crack", "cocaine", "amphetamines", "cannabis", "other")
    },
}


def test_parse_names_every_bad_field():
    with pytest.raises(ValidationFailed) as exc:
        outcomes.parse_top_form(
            {**BASE, "injecting_days": "29", "quality_of_life": "x", "days_alcohol": "-1"}
        )
    labels = {e.label for e in exc.value.errors}
    assert labels == {
        "Days injected non-prescribed drugs",
        "Alcohol: days used",
        "Overall quality of life (0 poor to 20 good)",
    }


def test_a_blank_substance_is_not_taken_as_zero_days():
    with pytest.raises(ValidationFailed) as exc:
        outcomes.parse_top_form({**BASE, "days_crack": ""})
    assert [e.label for e in exc.value.errors] == ["Crack: days used"]


def test_edges_are_accepted():
    record = outcomes.parse_top_form(
        {
            **BASE,
            "injecting_days": "28",
            "physical_health": "20",
            "psychological_health": "0",
            "days_crack": "28",
        }
    )
    assert record.injecting_days == 28 and record.physical_health == 20
    assert record.substance_days["crack"] == 28 and record.substance_days["alcohol"] == 0
    assert record.substance_days["other"] == 0


def test_review_beside_latest_start(db, today):
    with db.session() as s:
        c = clients.create_client(s, {"given_name": "Ann", "family_name": "Lee"}, today)
        outcomes.record_top(s, c.id, {**BASE, "occasion": "start", "days_alcohol": "20"}, today)
        review = outcomes.record_top(
            s,
            c.id,
            {**BASE, "occasion": "review", "days_alcohol": "25", "psychological_health": "14"},
            today,
        )
    with db.session() as s:
        start, changes = outcomes.beside_start(s, c.id, review.id)
        assert start is not None and start.occasion == "start"
        assert changes["substance_days.alcohol"].direction == "worse"
        assert changes["substance_days.alcohol"].change == 5
        assert changes["psychological_health"].direction == "better"
        line = outcomes.top_summary(s, c.id, s.get(outcomes.Screening, review.id))
        assert "1 better, 1 worse" in line


def test_review_without_start_has_nothing_to_compare(db, today):
    with db.session() as s:
        c = clients.create_client(s, {"given_name": "Ann", "family_name": "Lee"}, today)
        review = outcomes.record_top(s, c.id, {**BASE, "occasion": "review"}, today)
    with db.session() as s:
        assert outcomes.beside_start(s, c.id, review.id) == (None, {})


def test_bad_occasion_refused_and_nothing_saved(db, today):
    with db.session() as s:
        c = clients.create_client(s, {"given_name": "Ann", "family_name": "Lee"}, today)
    with pytest.raises(ValidationFailed), db.session() as s:
        outcomes.record_top(s, c.id, {**BASE, "occasion": "midway"}, today)
    with db.session() as s:
        assert outcomes.top_records(s, c.id) == []


def test_top_is_due_every_six_months_until_exit(db, today):
    from datetime import date, timedelta

    from sqlalchemy import select

    from caseworker.store.models import DueItem

    def open_top(s, cid):
        stmt = select(DueItem).where(DueItem.client_id == cid, DueItem.kind == "top")
        return list(s.scalars(stmt))

    with db.session() as s:
        c = clients.create_client(s, {"given_name": "Ann", "family_name": "Lee"}, today)
        outcomes.record_top(s, c.id, {**BASE, "occasion": "start"}, today)
    with db.session() as s:
        [due] = open_top(s, c.id)
        assert (today, due.due_on) == (date(2026, 11, 23), date(2027, 5, 23))  # 6 months on
        later = today + timedelta(days=180)
        outcomes.record_top(s, c.id, {**BASE, "occasion": "review"}, later)
    with db.session() as s:
        [due] = open_top(s, c.id)
        assert (later, due.due_on) == (date(2027, 5, 22), date(2027, 11, 22))
        outcomes.record_top(s, c.id, {**BASE, "occasion": "exit"}, later)
    with db.session() as s:
        assert open_top(s, c.id) == []
