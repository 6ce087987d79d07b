"""Contradictions between what is recorded: the rules (pure) and the checks a form runs
before it saves (the register, the rest of the caseload); household members edited and
ended, kept as history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseworker.core.errors import NotAllowed, ValidationFailed
from caseworker.people import (
    child_form_contradictions,
    client_contradictions,
    clients,
    end_household_member,
    family,
    household_form_values,
    household_of,
    parental_status_check,
    set_parental_status,
    update_household_member,
)
from caseworker.people.consistency import (
    RegisterChild,
    child_contradictions,
    parental_status_contradiction,
    register_in_words,
    register_parental_status,
)

HOME, AWAY, UNBORN = (
    RegisterChild(False, "client"),
    RegisterChild(False, "grandparent"),
    RegisterChild(True, "unborn"),
)


# ---- the rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("register", "status"),
    [
        ([], None),
        ([UNBORN], None),  # expecting is pregnancy, not a parental status
        ([HOME, HOME], "all_live_with"),
        ([HOME, AWAY, UNBORN], "some_live_with"),
        ([AWAY, AWAY], "none_live_with"),
    ],
)
def test_the_register_gives_the_parental_status_when_it_can(register, status):
    assert register_parental_status(register) == status


def test_not_a_parent_with_two_children_on_the_register_is_named_with_the_fix():
    found = parental_status_contradiction("not_a_parent", [HOME, AWAY])
    assert found is not None
    assert "Not a parent" in found.message
    assert "2 children on the register, 1 living with the client" in found.message
    assert found.fix == {"parental_status": "some_live_with"}
    assert "Some children live with client" in found.fix_text


def test_a_status_the_register_agrees_with_or_cannot_answer_is_no_contradiction():
    assert parental_status_contradiction("all_live_with", [HOME]) is None
    assert parental_status_contradiction("not_a_parent", []) is None
    assert parental_status_contradiction("not_a_parent", [UNBORN]) is None
    assert register_in_words([HOME]) == "1 child on the register, 1 living with the client"


def test_a_child_living_with_a_grandparent_cannot_have_contact_not_applicable():
    (found,) = child_contradictions("grandparent", "not_applicable")
    assert "with a grandparent" in found.message
    assert "not applicable (lives with client)" in found.message
    assert found.fix == {}  # only the worker knows what contact there is
    assert child_contradictions("grandparent", "informal") == []
    assert child_contradictions("unborn", "not_applicable") == []


def test_a_child_at_home_with_contact_recorded_gets_contact_not_applicable_as_the_fix():
    (found,) = child_contradictions("client", "formal")
    assert found.fix == {"contact_arrangement": "not_applicable"}
    assert child_contradictions("client", "not_applicable") == []


# ---- the checks a form runs ------------------------------------------------------------


def _client(db, today, **extra):
    with db.session() as s:
        raw = {"given_name": "Ada", "family_name": "Lovelace", **extra}
        return clients.create_client(s, raw, today).id


def _child(db, client_id, today, name, **extra):
    with db.session() as s:
        raw = {"client_role": "mother", "given_name": name, "date_of_birth": "01/02/2019", **extra}
        return family.add_child(s, client_id, raw, today).id


def test_the_client_form_names_a_status_the_register_contradicts(db, today):
    ada = _client(db, today, parental_status="not_a_parent")
    _child(db, ada, today, "Kai")
    _child(db, ada, today, "Lily", lives_with="grandparent", contact_arrangement="informal")
    with db.session() as s:
        raw = clients.client_form_values(s, clients.get_client(s, ada))
        (found,) = client_contradictions(s, ada, raw, today)
        assert found.fix == {"parental_status": "some_live_with"}
        assert client_contradictions(s, ada, {**raw, "parental_status": "some_live_with"},
                                     today) == []  # fmt: skip


def test_daughters_returned_home_while_the_status_says_none_live_with_her(db, today):
    ada = _client(db, today, parental_status="none_live_with")
    away = {"lives_with": "grandparent", "contact_arrangement": "informal"}
    girls = [_child(db, ada, today, n, **away) for n in ("Mia", "Zoe")]
    with db.session() as s:
        assert parental_status_check(s, ada, "none_live_with") == []
        # Mia comes home: the register will say some, the status still says none.
        home = {**family.child_form_values(family.get_child(s, girls[0])),
                "lives_with": "client", "contact_arrangement": "not_applicable"}  # fmt: skip
        (found,) = child_form_contradictions(s, ada, girls[0], home, today)
        assert found.fix == {"parental_status": "some_live_with"}
        set_parental_status(s, ada, found.fix["parental_status"], today)
    with db.session() as s:
        family.update_child(s, girls[0], home, today)
        assert clients.get_client(s, ada).parental_status == "some_live_with"
        assert clients.get_client(s, ada).parental_status_checked_on == today
        # And Zoe too: now all live with her.
        zoe = {**family.child_form_values(family.get_child(s, girls[1])),
               "lives_with": "client", "contact_arrangement": "not_applicable"}  # fmt: skip
        (found,) = child_form_contradictions(s, ada, girls[1], zoe, today)
        assert found.fix == {"parental_status": "all_live_with"}


def test_a_new_child_for_a_client_not_asked_offers_the_registers_status(db, today):
    ada = _client(db, today)
    raw = {"client_role": "mother", "given_name": "Kai", "date_of_birth": "01/02/2019",
           "lives_with": "grandparent", "contact_arrangement": "not_applicable",
           "current_help": "none"}  # fmt: skip
    with db.session() as s:
        found = child_form_contradictions(s, ada, None, raw, today)
    assert [c.field for c in found] == ["contact_arrangement", "parental_status"]
    assert found[1].fix == {"parental_status": "none_live_with"}


def test_values_that_do_not_validate_are_left_to_the_save_to_name(db, today):
    ada = _client(db, today)
    with db.session() as s:
        assert child_form_contradictions(s, ada, None, {"client_role": "mother"}, today) == []
        assert client_contradictions(s, ada, {"given_name": ""}, today) == []


def test_same_name_and_date_of_birth_is_a_possible_duplicate(db, today):
    ada = _client(db, today, date_of_birth="10/12/1985")
    with db.session() as s:
        again = {"given_name": " ada", "family_name": "LOVELACE", "date_of_birth": "10/12/1985"}
        (found,) = client_contradictions(s, None, again, today)
        assert f"ref {ada.hex[:6]}" in found.message and "10/12/1985" in found.message
        # Not the client themself, nor someone born another day.
        assert client_contradictions(s, ada, again, today) == []
        other_day = {**again, "date_of_birth": "11/12/1985"}
        assert client_contradictions(s, None, other_day, today) == []
        # Nor do accents make another person: Adà Lovelacé is the same Ada Lovelace.
        accented = {**again, "given_name": "Adà", "family_name": "Lovelacé"}
        (found,) = client_contradictions(s, None, accented, today)
        assert f"ref {ada.hex[:6]}" in found.message


def test_the_form_asks_where_a_child_lives_and_their_help_rather_than_assuming(db, today):
    ada = _client(db, today)
    raw = {"client_role": "mother", "given_name": "Kai", "date_of_birth": "01/02/2019",
           "lives_with": None, "current_help": None}  # fmt: skip
    with db.session() as s, pytest.raises(ValidationFailed) as failed:
        family.add_child(s, ada, raw, today)
    assert {e.field for e in failed.value.errors} == {"lives_with", "current_help"}
    # An unborn child lives nowhere yet: only the help is asked.
    unborn = {**raw, "unborn": True, "date_of_birth": "", "due_date": "01/03/2027"}
    with db.session() as s, pytest.raises(ValidationFailed) as failed:
        family.add_child(s, ada, unborn, today)
    assert {e.field for e in failed.value.errors} == {"current_help"}


def test_unknown_parental_status_is_refused(db, today):
    ada = _client(db, today)
    with db.session() as s, pytest.raises(NotAllowed):
        set_parental_status(s, ada, "maybe", today)


# ---- household members: edited, and ended as history -----------------------------------


def test_a_household_member_is_edited_and_ended_but_kept(db, today):
    ada = _client(db, today)
    with db.session() as s:
        dave = family.add_household_member(s, ada, {"name": "Dave", "relationship": "partner"},
                                           today).id  # fmt: skip
        family.add_household_member(s, ada, {"name": "Zac", "relationship": "lodger"}, today)
    with db.session() as s:
        raw = {**household_form_values(family.get_household_member(s, dave)),
               "substance_use": "drinks daily"}  # fmt: skip
        update_household_member(s, dave, raw, today)
    with db.session() as s:
        with pytest.raises(ValidationFailed):
            end_household_member(s, dave, {"left_on": format_day(today + timedelta(1))}, today)
        end_household_member(s, dave, {"left_on": format_day(today)}, today)
    with db.session() as s:
        members = household_of(s, ada)
        assert [m.name for m in members] == ["Zac", "Dave"]  # who lives there first
        assert members[1].left_on == today and members[1].substance_use == "drinks daily"
        with pytest.raises(NotAllowed):
            end_household_member(s, dave, {"left_on": format_day(today)}, today)


def format_day(d: date) -> str:
    return d.strftime("%d/%m/%Y")
