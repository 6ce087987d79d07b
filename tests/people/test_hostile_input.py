"""What cannot be saved, said naming the field, by the capability functions themselves
(so the CLI and an import are held to it as the forms are): text past its field's limit,
control characters and broken characters, and dates outside a plausible range."""

from __future__ import annotations

from datetime import date

import pytest
from caseloads import PASSPHRASE, TODAY

from caseworker.core.errors import SetupError, ValidationFailed, WrongPassphrase
from caseworker.core.validation import DATES, NAME, NOTES, PHONE, date_problem, text_problem
from caseworker.people import (
    add_child,
    add_contact,
    add_household_member,
    create_client,
    get_client,
    record_consent,
    update_client,
)
from caseworker.store import SetupAnswers
from caseworker.store.database import open_database
from caseworker.store.setup import check_answers


def refused(change) -> dict[str, str]:
    """{label: message} of a change that must be refused."""
    with pytest.raises(ValidationFailed) as info:
        change()
    return {e.label: e.message for e in info.value.errors}


@pytest.fixture
def client(db):
    with db.session() as s:
        return create_client(s, {"given_name": "Ann", "family_name": "Base"}, TODAY).id


def new_client(db, **fields):
    with db.session() as s:
        raw = {"given_name": "Ann", "family_name": "Base", **fields}
        return create_client(s, raw, TODAY)


# ---- characters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "label", "value", "words"),
    [
        ("family_name", "Family name", "Zed\ud800", "holds a broken character"),
        ("given_name", "Given name", "A\x00nn", "control character U+0000"),
        ("notes", "Notes", "seen \x1b[31m today", "control character U+001B"),
        ("family_name", "Family name", "Base\tLee", "U+0009 (this field is one line)"),
        ("phone", "Phone", "0161\n123", "U+000A (this field is one line)"),
        ("area", "Area", "No\x85rth", "control character U+0085"),
    ],
)
def test_a_character_no_one_types_is_refused_naming_the_field(db, field, label, value, words):
    errors = refused(lambda: new_client(db, **{field: value}))
    assert list(errors) == [label]
    assert words in errors[label]


def test_several_lines_are_kept_where_a_field_has_several(db):
    saved = new_client(db, notes="First line\r\nsecond\tindented\rthird",
                       address="1 High St\nLeeds")  # fmt: skip
    assert saved.notes == "First line\nsecond\tindented\nthird"
    assert saved.address == "1 High St\nLeeds"


def test_every_other_character_a_keyboard_makes_is_kept(db):
    names = "Zoë 👩‍👧‍👦 مريم \u200f[bold]Zed[/"  # emoji with joiners, right to left, markup-like
    assert new_client(db, given_name=names).given_name == names


def test_a_value_that_is_not_text_is_refused_not_turned_into_text(db):
    errors = refused(lambda: new_client(db, family_name=["Base"], phone=441611234567))
    assert errors == {"Family name": "must be text", "Phone": "must be text"}


# ---- lengths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "label", "limit"),
    [("family_name", "Family name", NAME), ("phone", "Phone", PHONE), ("notes", "Notes", NOTES)],
)
def test_each_field_has_its_limit(db, field, label, limit):
    assert getattr(new_client(db, **{field: "x" * limit}), field) == "x" * limit
    errors = refused(lambda: new_client(db, **{field: "x" * (limit + 1)}))
    assert errors == {label: f"is too long ({limit + 1:,} characters; at most {limit:,})"}


def test_each_alias_is_held_to_the_length_of_a_name(db):
    errors = refused(lambda: new_client(db, aliases="Jo, " + "x" * (NAME + 1)))
    assert errors == {"Aliases": f"each one at most {NAME} characters"}


# ---- dates ----------------------------------------------------------------------------------


def test_a_birth_before_1900_is_refused_and_1900_is_not(db):
    errors = refused(lambda: new_client(db, date_of_birth="01/01/0999"))
    assert errors == {
        "Date of birth": "is too long ago for a date of birth (the earliest is 01/01/1900)"
    }
    assert new_client(db, date_of_birth="01/01/1900").date_of_birth == date(1900, 1, 1)


def test_a_child_born_before_1900_or_due_too_far_ahead_is_refused(db, client):
    def child(**fields):
        with db.session() as s:
            return add_child(s, client, {"client_role": "mother", "given_name": "Kai", **fields},
                             TODAY)  # fmt: skip

    assert "too long ago" in refused(lambda: child(date_of_birth="05/06/1066"))["Date of birth"]
    far = refused(lambda: child(unborn=True, given_name="", due_date="01/12/2027"))
    assert far == {"Due date": "is too far ahead for a due date (the latest is 27/09/2027)"}
    assert child(unborn=True, given_name="", due_date="27/09/2027").due_date == date(2027, 9, 27)


def test_a_household_member_born_in_0999_is_refused(db, client):
    with db.session() as s:
        errors = refused(lambda: add_household_member(
            s, client, {"name": "Lee", "date_of_birth": "01/01/0999"}, TODAY))  # fmt: skip
    assert "Date of birth" in errors


def test_involved_since_is_never_in_the_future_nor_before_1970(db, client):
    def contact(started_on):
        with db.session() as s:
            return add_contact(s, client, {"agency": "CSC", "started_on": started_on}, TODAY)

    assert refused(lambda: contact("24/11/2026")) == {"Involved since": "cannot be in the future"}
    assert "the earliest is 01/01/1970" in refused(lambda: contact("31/12/1969"))["Involved since"]
    assert contact("23/11/2026").started_on == TODAY


def test_policy_explained_on_is_never_in_the_future(db, client):
    def consent(**fields):
        raw = {"recipient": "GP", "state": "given", "decided_on": "20/11/2026", **fields}
        with db.session() as s:
            return record_consent(s, client, raw, TODAY)

    errors = refused(lambda: consent(policy_explained_on="01/01/2027"))
    assert errors == {"Sharing policy explained on": "cannot be in the future"}
    assert consent(policy_explained_on="20/11/2026").policy_explained_on == date(2026, 11, 20)


def test_a_record_saved_with_year_0999_before_these_rules_says_why_it_cannot_be_resaved(db):
    """An old record holding year 999 reads back as 01/01/0999 (not "01/01/999", which is
    no date at all), and re-saving it says what is wrong rather than "use the format"."""
    from caseworker.people import client_form_values

    saved = new_client(db)
    with db.session() as s:
        get_client(s, saved.id).date_of_birth = date(999, 1, 1)
    with db.session() as s:
        values = client_form_values(s, get_client(s, saved.id))
        assert values["date_of_birth"] == "01/01/0999"
        errors = refused(lambda: update_client(s, saved.id, values, TODAY))
    assert errors == {
        "Date of birth": "is too long ago for a date of birth (the earliest is 01/01/1900)"
    }


def test_date_ranges_never_overflow_at_the_ends_of_the_calendar():
    for kind in DATES:
        assert date_problem(date.max, kind, date.max) in (None, "cannot be in the future")
        assert date_problem(date.min, kind, date.max) is not None


# ---- setting up ------------------------------------------------------------------------------


def test_setup_answers_are_held_to_the_same_rules():
    answers = SetupAnswers("Sam\x00", "worker", "Riverside", PASSPHRASE)
    with pytest.raises(SetupError, match="Worker name holds a control character"):
        check_answers(answers)
    with pytest.raises(SetupError, match="Service name is too long"):
        check_answers(SetupAnswers("Sam", "worker", "x" * (NAME + 1), PASSPHRASE))
    with pytest.raises(SetupError, match="passphrase holds a broken character"):
        check_answers(SetupAnswers("Sam", "worker", "Riverside", "correct\ud800horse"))


@pytest.mark.sqlcipher  # a passphrase unlocks the local key file; a server has none
def test_a_passphrase_with_a_broken_character_is_just_not_the_passphrase(db, db_dir):
    db.close()
    with pytest.raises(WrongPassphrase):
        open_database(db_dir, "correct\udcffhorse battery")


def test_text_problem_names_nothing_in_ordinary_text():
    assert text_problem("Mrs O'Brien-Łukasz (née Smith), 2nd floor") is None


def test_a_date_field_not_yet_given_a_kind_still_refuses_a_slip_of_the_keyboard():
    from caseworker.core.validation import FormReader

    reader = FormReader({"on": "01/01/0999", "next": "01/01/2027"})
    assert reader.date("on", "Done on") is None
    assert reader.date("next", "Next") == date(2027, 1, 1)
    assert [str(e) for e in reader.errors] == [
        "Done on: is too long ago for a date (the earliest is 01/01/1900)"
    ]


def test_a_list_of_names_is_one_line_however_long_it_may_be(db):
    errors = refused(lambda: new_client(db, aliases="Jo\nMarsh"))
    assert errors == {
        "Aliases": "holds a control character U+000A (this field is one line): remove it"
    }
