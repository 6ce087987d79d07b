"""The parental screen: what it refuses, and what completing it writes back to the record
(parental status, the unborn child, the network, consent, the pre-CAF and re-screen dates),
in one transaction and without asking anything twice."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseworker.content.protocol import load_protocol
from caseworker.core.validation import ValidationFailed
from caseworker.people import clients
from caseworker.screening import parental
from caseworker.store.models import (
    ChildRecord,
    Client,
    ConsentRecord,
    DueItem,
    NetworkContact,
    Screening,
    TrailEvent,
)
from caseworker.store.trail import verify_chain

PRECAF_DUE = date(2026, 12, 21)  # 23/11/2026 + 28 days
RESCREEN_DUE = date(2027, 2, 22)  # 23/11/2026 + 91 days


def new_client(db, today, given: str = "Ada", family: str = "Lovelace") -> uuid.UUID:
    with db.session() as s:
        return clients.create_client(s, {"given_name": given, "family_name": family}, today).id


def complete(db, client_id, raw: dict, today: date) -> uuid.UUID:
    with db.session() as s:
        return parental.complete_parental(s, client_id, raw, today).id


def rows(db, model, client_id, *where) -> list:
    with db.session() as s:
        stmt = select(model).where(model.client_id == client_id, *where)
        return list(s.scalars(stmt))


def open_due(db, client_id, kind: str) -> list[DueItem]:
    """Due items are derived: every stored row is open (nothing can be completed yet)."""
    return rows(db, DueItem, client_id, DueItem.kind == kind)


def client_row(db, client_id) -> Client:
    with db.session() as s:
        return s.get(Client, client_id)


def errors_of(raw: dict, today: date) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as err:
        parental.validate_parental(raw, today)
    return {e.field: str(e) for e in err.value.errors}


def test_protocol_defaults_these_tests_rely_on():
    assert str(load_protocol().rule("precaf_due")) == "28 days"
    assert str(load_protocol().rule("rescreen")) == "91 days"


# ---- validation --------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [{}, {"parental_status": "not_asked"}])
def test_not_asked_is_refused(today, raw):
    errors = errors_of(raw, today)
    assert list(errors) == ["parental_status"]
    assert errors["parental_status"].startswith("Parental status:")


def test_an_unknown_status_is_refused(today):
    errors = errors_of({"parental_status": "grandparent"}, today)
    assert errors["parental_status"].startswith("Parental status:")


@pytest.mark.parametrize("who", ["pregnant_client", "pregnant_partner"])
def test_pregnancy_needs_a_due_date(today, who):
    errors = errors_of({"parental_status": "not_a_parent", who: True}, today)
    assert list(errors) == ["due_date"]
    assert errors["due_date"].startswith("Due date:")


def test_a_past_due_date_is_refused(today):
    raw = {"parental_status": "not_a_parent", "pregnant_client": True, "due_date": "22/11/2026"}
    errors = errors_of(raw, today)
    assert list(errors) == ["due_date"]
    assert "passed" in errors["due_date"]


def test_a_malformed_due_date_is_refused(today):
    raw = {"parental_status": "not_a_parent", "pregnant_client": True, "due_date": "30/02/2027"}
    assert "due_date" in errors_of(raw, today)


@pytest.mark.parametrize("value", ["two", "-1", "1.5", "21"])
def test_other_under_18s_must_be_a_number(today, value):
    errors = errors_of({"parental_status": "not_a_parent", "other_under_18s": value}, today)
    assert list(errors) == ["other_under_18s"]
    assert errors["other_under_18s"].startswith("Other under-18s in the household:")


def test_a_valid_form_is_cleaned(today):
    clean = parental.validate_parental(
        {
            "parental_status": "some_live_with",
            "pregnant_partner": True,
            "due_date": "23/11/2026",
            "other_under_18s": " 2 ",
            "agencies": " CAMHS ",
        },
        today,
    )
    assert clean["parental_status"] == "some_live_with"
    assert clean["due_date"] == today  # due today is not yet past
    assert clean["other_under_18s"] == 2
    assert clean["pregnant_partner"] is True and clean["pregnant_client"] is False
    assert clean["agencies"] == "CAMHS"
    assert clean["occasion"] == "review"


def test_every_error_is_reported_at_once(today):
    errors = errors_of({"pregnant_client": True, "other_under_18s": "lots"}, today)
    assert set(errors) == {"parental_status", "due_date", "other_under_18s"}


# ---- completing ----------------------------------------------------------------------------


def test_a_parent_gets_a_precaf_and_a_rescreen(db, today):
    ada = new_client(db, today)
    sid = complete(db, ada, {"parental_status": "some_live_with", "occasion": "intake"}, today)
    client = client_row(db, ada)
    assert client.parental_status == "some_live_with"
    assert client.parental_status_checked_on == today
    [scr] = rows(db, Screening, ada)
    assert scr.id == sid
    assert (scr.instrument, scr.status, scr.occasion) == ("parental", "complete", "intake")
    assert scr.positive is True
    assert scr.started_on == today and scr.completed_on == today
    assert scr.answers["parental_status"] == "some_live_with"
    [precaf] = open_due(db, ada, "precaf")
    assert precaf.due_on == PRECAF_DUE
    [rescreen] = open_due(db, ada, "rescreen")
    assert rescreen.due_on == RESCREEN_DUE


def test_a_second_screen_does_not_add_a_second_precaf(db, today):
    ada = new_client(db, today)
    first = complete(db, ada, {"parental_status": "some_live_with"}, today)
    later = today + timedelta(days=14)
    complete(db, ada, {"parental_status": "all_live_with"}, later)
    [precaf] = rows(db, DueItem, ada, DueItem.kind == "precaf")
    assert precaf.due_on == PRECAF_DUE and precaf.source_id == first  # not moved on
    # The one re-screen row moved to the new date (derived: no closed copy is kept).
    [rescreen] = rows(db, DueItem, ada, DueItem.kind == "rescreen")
    assert rescreen.due_on == later + timedelta(days=91)
    assert len(rows(db, Screening, ada)) == 2
    client = client_row(db, ada)
    assert (client.parental_status, client.parental_status_checked_on) == ("all_live_with", later)


@pytest.mark.parametrize("status", ["not_a_parent", "none_live_with", "declined"])
def test_no_precaf_without_children_in_their_care(db, today, status):
    ada = new_client(db, today)
    complete(db, ada, {"parental_status": status}, today)
    assert open_due(db, ada, "precaf") == []
    [rescreen] = open_due(db, ada, "rescreen")
    assert rescreen.due_on == RESCREEN_DUE
    [scr] = rows(db, Screening, ada)
    assert scr.positive is False
    assert client_row(db, ada).parental_status == status


def test_a_pregnant_partner_adds_the_unborn_child_once(db, today):
    ada = new_client(db, today, "Bob", "Jones")
    raw = {"parental_status": "not_a_parent", "pregnant_partner": True, "due_date": "14/04/2027"}
    complete(db, ada, raw, today)
    [baby] = rows(db, ChildRecord, ada)
    assert baby.unborn is True
    assert baby.due_date == date(2027, 4, 14)
    assert baby.date_of_birth is None
    assert baby.lives_with == "unborn"
    assert baby.family_name == "Jones"
    assert client_row(db, ada).pregnant is False  # the partner is pregnant, not the client
    [precaf] = open_due(db, ada, "precaf")
    assert precaf.due_on == PRECAF_DUE
    [scr] = rows(db, Screening, ada)
    assert scr.positive is True
    assert scr.answers["due_date"] == "2027-04-14"

    complete(db, ada, raw, today + timedelta(days=30))
    assert len(rows(db, ChildRecord, ada)) == 1
    assert len(rows(db, DueItem, ada, DueItem.kind == "precaf")) == 1


def test_a_pregnant_client_is_flagged_and_the_unborn_child_added(db, today):
    ada = new_client(db, today)
    complete(
        db,
        ada,
        {"parental_status": "not_a_parent", "pregnant_client": True, "due_date": "01/03/2027"},
        today,
    )
    assert client_row(db, ada).pregnant is True
    [baby] = rows(db, ChildRecord, ada)
    assert (baby.unborn, baby.due_date, baby.client_role) == (True, date(2027, 3, 1), "mother")
    assert len(open_due(db, ada, "precaf")) == 1


def test_agencies_named_are_added_to_the_network_unconfirmed_once(db, today):
    ada = new_client(db, today)
    complete(
        db, ada, {"parental_status": "all_live_with", "agencies": "Health Visiting, CAMHS"}, today
    )
    contacts = rows(db, NetworkContact, ada)
    assert sorted(c.agency for c in contacts) == ["CAMHS", "Health Visiting"]
    assert all(c.confirmed is False for c in contacts)
    assert all(c.started_on == today and c.ended_on is None for c in contacts)
    # Named again (in any case or spacing), they are not added again.
    complete(
        db,
        ada,
        {"parental_status": "all_live_with", "agencies": "Health Visiting, CAMHS"},
        today + timedelta(days=1),
    )
    complete(
        db,
        ada,
        {"parental_status": "all_live_with", "agencies": " camhs ,,health visiting"},
        today + timedelta(days=2),
    )
    assert sorted(c.agency for c in rows(db, NetworkContact, ada)) == ["CAMHS", "Health Visiting"]


def test_an_agency_repeated_in_one_answer_is_added_once(db, today):
    ada = new_client(db, today)
    complete(db, ada, {"parental_status": "all_live_with", "agencies": "CAMHS, camhs"}, today)
    assert [c.agency for c in rows(db, NetworkContact, ada)] == ["CAMHS"]


def test_a_consent_recipient_adds_a_consent_record(db, today):
    ada = new_client(db, today)
    complete(
        db,
        ada,
        {
            "parental_status": "all_live_with",
            "consent_recipient": "Health Visiting",
            "consent_state": "given",
        },
        today,
    )
    [consent] = rows(db, ConsentRecord, ada)
    assert (consent.recipient, consent.state) == ("Health Visiting", "given")
    assert consent.decided_on == today and consent.policy_explained_on == today


def test_no_consent_recipient_no_consent_record(db, today):
    ada = new_client(db, today)
    complete(db, ada, {"parental_status": "all_live_with", "consent_state": "refused"}, today)
    assert rows(db, ConsentRecord, ada) == []


def test_consent_not_sought_must_go_through_the_consent_form(today):
    raw = {
        "parental_status": "all_live_with",
        "consent_recipient": "CSC",
        "consent_state": "not_sought_harm",
    }
    assert "consent_state" in errors_of(raw, today)


def test_the_form_starts_from_what_is_recorded(db, today):
    ada = new_client(db, today)
    with db.session() as s:
        empty = parental.parental_form_values(s, ada)
    assert empty["parental_status"] == "not_asked"
    assert empty["due_date"] == "" and empty["agencies"] == ""
    complete(
        db,
        ada,
        {
            "parental_status": "some_live_with",
            "pregnant_client": True,
            "due_date": "14/04/2027",
            "agencies": "Health Visiting, CAMHS",
        },
        today,
    )
    with db.session() as s:
        values = parental.parental_form_values(s, ada)
    assert values["parental_status"] == "some_live_with"
    assert values["pregnant_client"] is True
    assert values["due_date"] == "14/04/2027"
    assert values["agencies"] == "CAMHS, Health Visiting"
    # Sent back unchanged, the form adds nothing twice.
    complete(db, ada, values, today + timedelta(days=7))
    assert len(rows(db, ChildRecord, ada)) == 1
    assert len(rows(db, NetworkContact, ada)) == 2
    assert len(open_due(db, ada, "precaf")) == 1


def test_an_expecting_partner_is_prefilled_too(db, today):
    """Sent back unchanged, the form must not forget the partner's pregnancy."""
    bob = new_client(db, today, "Bob", "Jones")
    raw = {"parental_status": "not_a_parent", "pregnant_partner": True, "due_date": "14/04/2027"}
    complete(db, bob, raw, today)
    with db.session() as s:
        values = parental.parental_form_values(s, bob)
    assert values["due_date"] == "14/04/2027"
    assert values["pregnant_partner"] is True
    assert values["pregnant_client"] is False
    sid = complete(db, bob, values, today + timedelta(days=7))
    with db.session() as s:
        assert s.get(Screening, sid).positive is True


def test_an_ended_agency_is_not_prefilled_but_can_be_named_again(db, today):
    ada = new_client(db, today)
    complete(
        db, ada, {"parental_status": "all_live_with", "agencies": "CAMHS, Health Visiting"}, today
    )
    with db.session() as s:
        camhs = s.scalars(select(NetworkContact).where(NetworkContact.agency == "CAMHS")).one()
        camhs.ended_on = today
    with db.session() as s:
        values = parental.parental_form_values(s, ada)
    assert values["agencies"] == "Health Visiting"
    # Named again later, CAMHS is involved again: a new current row, the old one kept.
    complete(db, ada, {**values, "agencies": "Health Visiting, CAMHS"}, today + timedelta(days=9))
    camhs = rows(db, NetworkContact, ada, NetworkContact.agency == "CAMHS")
    assert sorted((c.started_on, c.ended_on) for c in camhs) == [
        (today, today),
        (today + timedelta(days=9), None),
    ]
    with db.session() as s:
        assert parental.parental_form_values(s, ada)["agencies"] == "CAMHS, Health Visiting"


def test_a_refused_form_changes_nothing(db, today):
    ada = new_client(db, today)
    raw = {
        "parental_status": "some_live_with",
        "pregnant_partner": True,  # no due date
        "agencies": "Health Visiting, CAMHS",
        "consent_recipient": "CAMHS",
    }
    with db.session() as s:
        events_before = len(list(s.scalars(select(TrailEvent))))
    with pytest.raises(ValidationFailed, match="Due date"):
        with db.session() as s:
            parental.complete_parental(s, ada, raw, today)
    for model in (Screening, DueItem, ChildRecord, NetworkContact, ConsentRecord):
        assert rows(db, model, ada) == [], model.__name__
    client = client_row(db, ada)
    assert client.parental_status == "not_asked"
    assert client.parental_status_checked_on is None
    assert client.pregnant is False
    with db.session() as s:
        assert len(list(s.scalars(select(TrailEvent)))) == events_before


def test_a_refused_form_changes_nothing_even_if_the_caller_carries_on(db, today):
    ada = new_client(db, today)
    with db.session() as s:
        with pytest.raises(ValidationFailed):
            parental.complete_parental(
                s, ada, {"parental_status": "all_live_with", "other_under_18s": "x"}, today
            )
    assert rows(db, Screening, ada) == [] and rows(db, DueItem, ada) == []
    assert client_row(db, ada).parental_status == "not_asked"


def test_the_parental_screen_is_audited(db, today):
    ada = new_client(db, today)
    sid = complete(db, ada, {"parental_status": "all_live_with", "agencies": "CAMHS"}, today)
    with db.session() as s:
        events = list(s.scalars(select(TrailEvent).where(TrailEvent.client_id == ada)))
        report = verify_chain(s)
    made = {(e.action, e.entity) for e in events}
    assert ("create", "screening") in made
    assert ("create", "networkcontact") in made
    assert ("create", "dueitem") in made
    [status_change] = [e for e in events if e.action == "update" and e.entity == "client"]
    assert status_change.changes["parental_status"] == {"from": "not_asked", "to": "all_live_with"}
    [created] = [e for e in events if e.entity == "screening"]
    assert created.entity_id == str(sid)
    assert report.ok, report.problem


def test_a_revised_due_date_updates_the_register(db, today):
    ada = new_client(db, today)
    raw = {"parental_status": "not_a_parent", "pregnant_client": True, "due_date": "14/04/2027"}
    complete(db, ada, raw, today)
    complete(db, ada, {**raw, "due_date": "02/05/2027"}, today)
    [baby] = rows(db, ChildRecord, ada)
    assert baby.due_date == date(2027, 5, 2)


@pytest.mark.parametrize(
    ("gender", "role"),
    [("Male", "father"), ("", "partner_of_carer"), ("Female", "partner_of_carer")],
)
def test_role_to_a_partners_unborn_child(db, today, gender, role):
    with db.session() as s:
        cid = clients.create_client(
            s, {"given_name": "Sam", "family_name": "Oak", "gender": gender}, today
        ).id
    raw = {"parental_status": "not_a_parent", "pregnant_partner": True, "due_date": "14/04/2027"}
    complete(db, cid, raw, today)
    [baby] = rows(db, ChildRecord, cid)
    assert baby.client_role == role


def test_household_under_18s_are_prefilled(db, today):
    from caseworker.people import family

    ada = new_client(db, today)
    with db.session() as s:
        family.add_household_member(s, ada, {"name": "Niece", "date_of_birth": "01/01/2015"}, today)
        family.add_household_member(
            s, ada, {"name": "Partner", "date_of_birth": "01/01/1990"}, today
        )
        assert parental.parental_form_values(s, ada)["other_under_18s"] == "1"
