"""Recording a pre-CAF: rated child by child, decided once, signed, sealed (in the domain
and in the database), superseded by a later one; and what the decision makes due."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Uuid, bindparam, text

from caseworker import agenda
from caseworker.assessment import (
    decide,
    precaf_view,
    precafs_of,
    rate,
    ratings_of,
    start_precaf,
)
from caseworker.core.errors import NotAllowed, StorageError, ValidationFailed
from caseworker.diary import DueKind
from caseworker.people import add_child, clients
from caseworker.screening import complete_parental

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)


def family(db) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A client with two children at home, screened positive three weeks ago."""
    with db.session() as s:
        client = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        kids = [
            add_child(s, client.id, {"given_name": name, "family_name": "Lee",
                                     "date_of_birth": born, "lives_with": "client",
                                     "client_role": "mother"}, TODAY).id
            for name, born in (("Sam", "01/03/2019"), ("Mia", "12/08/2022"))
        ]  # fmt: skip
        complete_parental(
            s,
            client.id,
            {"parental_status": "all_live_with", "use_affects_care": "sometimes",
             "domestic_abuse": "yes", "storage": "unsafe"},
            TODAY - timedelta(days=21),
        )  # fmt: skip
        return client.id, kids


def due(db, client_id) -> dict[DueKind, list]:
    out: dict[DueKind, list] = {}
    with db.session() as s:
        for d in agenda.due_items(s, client_id):
            out.setdefault(d.kind, []).append(d)
    return out


def rate_all(db, precaf_id, kids, rating="no_concern", **special):
    from caseworker.assessment import elements

    with db.session() as s:
        for e in elements():
            rate(s, precaf_id, kids, e.id, special.get(e.id, rating))


def test_the_screen_made_a_precaf_due_and_a_decision_answers_it(db):
    client_id, kids = family(db)
    assert DueKind.PRECAF in due(db, client_id)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY, "parental screen found children at home")
    rate_all(db, precaf.id, kids)
    with db.session() as s:
        answer = {"decision": "no_additional_needs", "reason": "Both children well cared for"}
        decided = decide(s, precaf.id, answer, TODAY, NOW)
        assert decided.suggested == "no_additional_needs"
        assert decided.signed_as == "Sam Worker" and decided.decided_by is not None
    items = due(db, client_id)
    assert DueKind.PRECAF not in items
    # The decision sets the next re-screen (the protocol's 91 days from the decision).
    [rescreen] = items[DueKind.RESCREEN]
    assert rescreen.due_on == TODAY + timedelta(days=91)
    assert "pre-CAF decision of 23/11/2026" in rescreen.reason


def test_no_additional_needs_needs_a_reason(db):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(db, precaf.id, kids)
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        decide(s, precaf.id, {"decision": "no_additional_needs"}, TODAY, NOW)
    assert [e.field for e in refused.value.errors] == ["reason"]


def test_a_decision_against_the_suggestion_needs_its_reason(db):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(
        db, precaf.id, kids, domestic_abuse="some_concern", substance_use_impact="some_concern"
    )
    caf = {"decision": "caf", "caf_lead": "Ann Bell (school)", "caf_consent": "given",
           "actions": "School; weekly check-in with Sam; 07/12/2026"}  # fmt: skip
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        decide(s, precaf.id, caf, TODAY, NOW)
    assert [e.field for e in refused.value.errors] == ["against_suggestion"]
    assert "Referral to children's social care" in refused.value.errors[0].message
    with db.session() as s:
        made = decide(s, precaf.id, {**caf, "against_suggestion": "CSC already involved"},
                      TODAY, NOW)  # fmt: skip
        assert (made.decision, made.suggested) == ("caf", "csc")
    items = due(db, client_id)
    [action] = items[DueKind.PLAN_ACTION]
    assert action.due_on == date(2026, 12, 7) and "weekly check-in" not in action.reason
    assert action.note == "School: weekly check-in with Sam"  # the worker's words: not exported
    # The decision starts the assessment's clock: 6 weeks, warned from 4.
    [assessment] = items[DueKind.ASSESSMENT]
    assert assessment.due_on == TODAY + timedelta(weeks=6)
    assert assessment.warn_on == TODAY + timedelta(weeks=4)
    assert assessment.status(TODAY + timedelta(weeks=4)) == "upcoming"
    assert assessment.status(TODAY + timedelta(weeks=4) - timedelta(days=1)) == "later"


def test_a_caf_needs_its_lead_consent_and_an_action_plan(db):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(db, precaf.id, kids, housing="some_concern")
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        decide(s, precaf.id, {"decision": "caf", "actions": "School; visit"}, TODAY, NOW)
    assert {e.field for e in refused.value.errors} == {"caf_lead", "caf_consent", "actions"}


def test_a_referral_to_csc_names_its_grounds_and_falls_due(db):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(db, precaf.id, kids, basic_care_safety="serious_concern")
    with db.session() as s, pytest.raises(ValidationFailed):
        decide(s, precaf.id, {"decision": "csc"}, TODAY, NOW)
    with db.session() as s:
        decide(s, precaf.id, {"decision": "csc", "csc_grounds": ["parenting_capacity"]},
               TODAY, NOW)  # fmt: skip
    [referral] = due(db, client_id)[DueKind.CSC_REFERRAL]
    assert referral.due_on == TODAY


def test_a_decided_precaf_is_sealed_in_the_domain(db):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(db, precaf.id, kids)
    with db.session() as s:
        decide(s, precaf.id, {"decision": "no_additional_needs", "reason": "well"}, TODAY, NOW)
    with db.session() as s, pytest.raises(NotAllowed, match="sealed"):
        rate(s, precaf.id, kids, "housing", "serious_concern")
    with db.session() as s, pytest.raises(NotAllowed, match="sealed"):
        decide(s, precaf.id, {"decision": "caf"}, TODAY, NOW)
    # A new one supersedes it and starts empty.
    with db.session() as s:
        again = start_precaf(s, client_id, TODAY + timedelta(days=1))
        assert again.supersedes_id == precaf.id and ratings_of(s, again.id) == {}
        assert [p.id for p in precafs_of(s, client_id)] == [again.id, precaf.id]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE precaf SET decision = 'caf' WHERE id = :id",
        "DELETE FROM precaf WHERE id = :id",
        "UPDATE precaf_rating SET rating = 'serious_concern' WHERE precaf_id = :id",
        "DELETE FROM precaf_rating WHERE precaf_id = :id",
    ],
)
def test_a_decided_precaf_is_sealed_in_the_database(db, statement):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(db, precaf.id, kids)
    with db.session() as s:
        # Open, it can still change (this is what the seal then forbids).
        s.execute(
            text("UPDATE precaf SET occasion = 'x' WHERE id = :id").bindparams(
                bindparam("id", type_=Uuid)
            ),
            {"id": precaf.id},
        )
    with db.session() as s:
        decide(s, precaf.id, {"decision": "no_additional_needs", "reason": "well"}, TODAY, NOW)
    with pytest.raises(StorageError, match="sealed") as refused, db.session() as s:
        s.execute(text(statement).bindparams(bindparam("id", type_=Uuid)), {"id": precaf.id})
    assert "Nothing was saved" in str(refused.value)


def test_the_view_lays_screening_facts_beside_the_elements(db):
    client_id, _ = family(db)
    with db.session() as s:
        view = precaf_view(s, client_id, TODAY)
    names = [c.name for c in view.children]
    assert view.precaf is None and names == ["Mia Lee", "Sam Lee"]  # the register's order
    by_element = {f.element: f for f in view.facts}
    assert by_element["domestic_abuse"].text == "Domestic abuse: yes"
    assert by_element["domestic_abuse"].where == "parental screen of 02/11/2026"
    assert by_element["storage"].text == "Not stored safely"
    assert "sometimes" in by_element["substance_use_impact"].text


def test_whole_family_rating_rates_every_child_and_suggests_for_each(db):
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
        rate(s, precaf.id, kids, "domestic_abuse", "serious_concern", evidence="Police call-out",
             source="confirmed_by_agency")  # fmt: skip
        rate(s, precaf.id, kids[:1], "learning", "some_concern")
    with db.session() as s:
        view = precaf_view(s, client_id, TODAY)
    assert view.rating(kids[1], "domestic_abuse").evidence == "Police call-out"
    assert view.suggestion.decision == "csc"
    assert all(s.decision == "csc" for s in view.suggestion.by_child.values())


def test_a_client_with_no_child_in_their_care_has_no_precaf_to_start(db):
    with db.session() as s:
        client = clients.create_client(s, {"given_name": "Bo", "family_name": "Ng"}, TODAY)
        with pytest.raises(NotAllowed, match="No child"):
            start_precaf(s, client.id, TODAY)


def test_a_decided_precaf_gains_no_rows_in_the_database(db):
    """Not a new rating under it, nor one moved in from a pre-CAF still open."""
    client_id, kids = family(db)
    with db.session() as s:
        precaf = start_precaf(s, client_id, TODAY)
    rate_all(db, precaf.id, kids)
    with db.session() as s:
        decide(s, precaf.id, {"decision": "no_additional_needs", "reason": "well"}, TODAY, NOW)
    with db.session() as s:
        again = start_precaf(s, client_id, TODAY)
        rate(s, again.id, kids[:1], "housing", "some_concern")
    uuid_ = bindparam("id", type_=Uuid)
    insert = text(
        "INSERT INTO precaf_rating (id, created_at, updated_at, version, precaf_id, client_id,"
        " child_id, element, rating, evidence) SELECT :new, :at, :at, 1, precaf_id, client_id,"
        " child_id, 'added_later', 'serious_concern', '' FROM precaf_rating WHERE precaf_id = :id"
        " LIMIT 1"
    ).bindparams(uuid_, bindparam("new", type_=Uuid))
    later = datetime.now(UTC) + timedelta(hours=1)  # after the flush that sealed it
    with pytest.raises(StorageError, match="sealed"), db.session() as s:
        s.execute(insert, {"id": precaf.id, "new": uuid.uuid4(), "at": later})
    move = text("UPDATE precaf_rating SET precaf_id = :sealed WHERE precaf_id = :id")
    move = move.bindparams(uuid_, bindparam("sealed", type_=Uuid))
    with pytest.raises(StorageError, match="sealed"), db.session() as s:
        s.execute(move, {"id": again.id, "sealed": precaf.id})
