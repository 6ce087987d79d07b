"""Changes in the family that make a pre-CAF due again, written with the change."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from caseworker.people import (
    TRIGGERS,
    add_child,
    add_household_member,
    child_form_values,
    client_form_values,
    create_client,
    get_child,
    get_client,
    update_child,
    update_client,
    update_household_member,
)
from caseworker.screening import complete_parental
from caseworker.store.models import ReassessmentTrigger

SAM = {"given_name": "Sam", "date_of_birth": "02/03/2019", "client_role": "mother"}


def new_client(db, today, **fields) -> uuid.UUID:
    with db.session() as s:
        raw = {"given_name": "Ada", "family_name": "Lee", **fields}
        return create_client(s, raw, today).id


def child(db, client_id, today, **fields) -> uuid.UUID:
    with db.session() as s:
        return add_child(s, client_id, {**SAM, **fields}, today).id


def move(db, child_id, today, lives_with: str) -> None:
    with db.session() as s:
        values = child_form_values(get_child(s, child_id))
        update_child(s, child_id, {**values, "lives_with": lives_with}, today)


def edit_client(db, client_id, today, **changes) -> None:
    with db.session() as s:
        values = client_form_values(s, get_client(s, client_id))
        update_client(s, client_id, {**values, **changes}, today)


def triggers(db, client_id) -> list[tuple[str, str, uuid.UUID | None]]:
    with db.session() as s:
        stmt = (
            select(ReassessmentTrigger)
            .where(ReassessmentTrigger.client_id == client_id)
            .order_by(ReassessmentTrigger.created_at)
        )
        return [(t.kind, t.reason, t.child_id) for t in s.scalars(stmt)]


def test_a_child_coming_back_to_live_with_the_client(db, today):
    ada = new_client(db, today)
    sam = child(db, ada, today, lives_with="grandparent")
    assert triggers(db, ada) == []  # registered elsewhere: nothing changed for the client
    move(db, sam, today, "client")
    assert triggers(db, ada) == [("child_returned", "Sam came back to live with the client", sam)]
    move(db, sam, today, "client")  # saved again as it is: nothing more
    move(db, sam, today, "foster")  # moving away: nothing
    assert len(triggers(db, ada)) == 1
    move(db, sam, today, "client")
    assert [k for k, _, _ in triggers(db, ada)] == ["child_returned", "child_returned"]
    with db.session() as s:
        days = set(s.scalars(select(ReassessmentTrigger.on)))
    assert days == {today}


def test_starting_to_care_for_a_child(db, today):
    ada = new_client(db, today, parental_status="none_live_with")
    kim = child(db, ada, today, given_name="Kim", lives_with="client")
    assert triggers(db, ada) == [("started_caring", "the client started caring for Kim", kim)]
    child(db, ada, today, given_name="Jo", lives_with="client")  # already caring for one
    assert len(triggers(db, ada)) == 1


def test_registering_the_children_at_intake_is_not_a_change(db, today):
    """Not asked yet, or a status that says children live with the client: the register
    records what was already so."""
    for status in ("not_asked", "all_live_with", "declined"):
        ada = new_client(db, today, parental_status=status)
        child(db, ada, today, lives_with="client")
        assert triggers(db, ada) == [], status


def test_a_pregnancy_on_the_profile_or_in_the_register(db, today):
    ada = new_client(db, today)
    edit_client(db, ada, today, notes="seen")  # no change to the pregnancy: nothing
    assert triggers(db, ada) == []
    edit_client(db, ada, today, pregnant=True)
    assert triggers(db, ada) == [("pregnancy", "the client is pregnant", None)]
    edit_client(db, ada, today, pregnant=True, notes="again")
    # The same pregnancy put in the register: not a second one.
    child(db, ada, today, unborn=True, given_name="", date_of_birth="", due_date="03/02/2027")
    assert len(triggers(db, ada)) == 1

    bea = new_client(db, today, given_name="Bea")
    baby = child(db, bea, today, unborn=True, given_name="", date_of_birth="",
                 due_date="03/02/2027", client_role="father")  # fmt: skip
    assert triggers(db, bea) == [("pregnancy", "a baby is expected (due 03/02/2027)", baby)]
    with db.session() as s:
        assert get_client(s, bea).pregnant is False  # the father's partner is pregnant


def test_a_birth_recorded_on_the_unborn_childs_record(db, today):
    ada = new_client(db, today)
    baby = child(db, ada, today, unborn=True, given_name="", date_of_birth="",
                 due_date="03/02/2027")  # fmt: skip
    with db.session() as s:
        values = child_form_values(get_child(s, baby))
        born = {**values, "unborn": False, "given_name": "Rae", "date_of_birth": "20/11/2026",
                "lives_with": "client", "due_date": ""}  # fmt: skip
        update_child(s, baby, born, today)
    assert [k for k, _, _ in triggers(db, ada)] == ["pregnancy", "birth"]
    assert triggers(db, ada)[-1][1] == "Rae was born, and lives with the client"


def member(db, client_id, today, **fields) -> uuid.UUID:
    with db.session() as s:
        raw = {"name": "Dan", "relationship": "partner", "date_of_birth": "01/01/1990", **fields}
        return add_household_member(s, client_id, raw, today).id


def test_a_new_adult_with_substance_use_or_domestic_abuse(db, today):
    ada = new_client(db, today)
    child(db, ada, today)
    member(db, ada, today, substance_use="drinks daily")
    assert triggers(db, ada) == []  # typed in before the family was screened: not news
    with db.session() as s:
        complete_parental(s, ada, {"parental_status": "all_live_with"}, today)
    member(db, ada, today, substance_use="drinks daily")
    member(db, ada, today, name="Eve", domestic_abuse=True)
    member(db, ada, today, name="Flo", substance_use="cannabis", domestic_abuse=True)
    member(db, ada, today, name="Gus")  # nothing recorded about him
    member(db, ada, today, name="Hal", date_of_birth="01/01/2012", substance_use="vapes")
    assert [(k, r) for k, r, _ in triggers(db, ada)] == [
        ("new_adult", "a new adult in the household (Dan): substance use"),
        ("new_adult", "a new adult in the household (Eve): domestic abuse"),
        ("new_adult", "a new adult in the household (Flo): substance use and domestic abuse"),
    ]
    # An edit of someone already there is not someone joining.
    ian = member(db, ada, today, name="Ian")
    with db.session() as s:
        update_household_member(s, ian, {"name": "Ian", "substance_use": "heroin"}, today)
    assert len(triggers(db, ada)) == 3


def test_a_new_adult_where_no_child_lives_with_the_client(db, today):
    ada = new_client(db, today)
    child(db, ada, today, lives_with="other_parent")
    with db.session() as s:
        complete_parental(s, ada, {"parental_status": "none_live_with"}, today)
    member(db, ada, today, substance_use="drinks daily", domestic_abuse=True)
    assert triggers(db, ada) == []


def test_every_kind_has_words():
    assert set(TRIGGERS) == {"child_returned", "birth", "started_caring", "pregnancy",
                             "new_adult"}  # fmt: skip
    assert all(words and words[0].isupper() for words in TRIGGERS.values())
