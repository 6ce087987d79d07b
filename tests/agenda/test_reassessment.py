"""End to end: a change saved through the people capability makes a pre-CAF due again,
in the client's due items, with the reason in words; and a client no longer responsible
for any child has none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from caseworker import agenda
from caseworker.diary import DueKind, due_after
from caseworker.people import (
    add_child,
    child_form_values,
    client_form_values,
    create_client,
    get_child,
    get_client,
    update_child,
    update_client,
)
from caseworker.store.models import PreCaf


def assessed_family(db, today, lives_with="grandparent"):
    """Ada, her son Sam living elsewhere, and a pre-CAF decided ten days ago."""
    with db.session() as s:
        ada = create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today)
        raw = {"given_name": "Sam", "date_of_birth": "02/03/2019", "client_role": "mother",
               "lives_with": lives_with}  # fmt: skip
        sam = add_child(s, ada.id, raw, today)
        decided = today - timedelta(days=10)
        s.add(
            PreCaf(
                client_id=ada.id, started_on=decided, decision="no_additional_needs",
                reason="All well", decided_on=decided, signed_as="Sam Worker",
                decided_at=datetime(decided.year, decided.month, decided.day, 12, tzinfo=UTC),
            )
        )  # fmt: skip
        return ada.id, sam.id


def move(db, child_id, today, lives_with: str) -> None:
    with db.session() as s:
        values = child_form_values(get_child(s, child_id))
        update_child(s, child_id, {**values, "lives_with": lives_with}, today)


def precaf_items(db, client_id):
    with db.session() as s:
        return [d for d in agenda.due_items(s, client_id) if d.kind is DueKind.PRECAF]


def test_a_child_back_home_makes_a_precaf_due_with_the_reason(db, today):
    ada, sam = assessed_family(db, today)
    assert precaf_items(db, ada) == []  # answered by the decision
    move(db, sam, today, "client")
    (item,) = precaf_items(db, ada)
    # In words, naming no one (calendars sync to phones); the child is named in the note.
    assert item.reason.startswith("A child came back to live with the client (")
    assert "a pre-CAF is due again" in item.reason and "Sam" not in item.reason
    assert item.note == "Sam came back to live with the client"
    assert item.due_on == due_after("precaf_due", today)


def test_a_client_no_longer_responsible_for_any_child_has_no_precaf_due(db, today):
    ada, sam = assessed_family(db, today)
    move(db, sam, today, "client")
    assert len(precaf_items(db, ada)) == 1
    move(db, sam, today, "foster")
    with db.session() as s:
        values = client_form_values(s, get_client(s, ada))
        update_client(s, ada, {**values, "parental_status": "none_live_with"}, today)
    assert precaf_items(db, ada) == []


def test_a_change_never_gives_an_overdue_precaf_more_time(db, today):
    """A pre-CAF the screen made due, still not done when a child comes home: the
    screen's (earlier) date stands, and the reason says both."""
    from caseworker.screening import complete_parental

    with db.session() as s:
        ada = create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today)
        raw = {"given_name": "Mia", "date_of_birth": "02/03/2020", "client_role": "mother",
               "lives_with": "client"}  # fmt: skip
        add_child(s, ada.id, raw, today)
        raw = {"given_name": "Sam", "date_of_birth": "02/03/2019", "client_role": "mother",
               "lives_with": "grandparent"}  # fmt: skip
        sam = add_child(s, ada.id, raw, today)
        screened = today - timedelta(days=40)
        complete_parental(s, ada.id, {"parental_status": "some_live_with"}, screened)
        ada_id, sam_id = ada.id, sam.id
    (before,) = precaf_items(db, ada_id)
    assert before.due_on == due_after("precaf_due", screened) < today  # overdue
    move(db, sam_id, today, "client")
    (item,) = precaf_items(db, ada_id)
    assert item.due_on == before.due_on
    assert "parental screen" in item.reason and "A child came back" in item.reason
    assert "Sam came back" in item.note


def test_a_change_recorded_after_a_decision_is_news_to_it_whenever_it_happened(db, today):
    """A trigger dated before the decision (seen on Monday's visit, signed off Wednesday)
    but recorded after it: the decision (Tuesday) could not have known; the pre-CAF is due."""
    from caseworker.store.models import ReassessmentTrigger

    ada, sam = assessed_family(db, today, lives_with="client")
    with db.session() as s:
        s.add(ReassessmentTrigger(client_id=ada, child_id=sam, kind="new_adult",
                                  on=today - timedelta(days=12), reason="a new adult"))  # fmt: skip
    (item,) = precaf_items(db, ada)
    assert item.reason.startswith("A new adult")
