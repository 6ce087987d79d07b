"""Form validation: UK dates, required fields named in the form's words, domain rules."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker.core.dates import DateError, age_on, format_uk, parse_uk_date
from caseworker.core.errors import ValidationFailed
from caseworker.people.validation import (
    validate_child,
    validate_client,
    validate_consent,
    validate_household_member,
    validate_network_contact,
)


def _errors(validator, raw, today) -> dict[str, str]:
    """{label: message} of a form that must fail."""
    with pytest.raises(ValidationFailed) as info:
        validator(raw, today)
    return {e.label: e.message for e in info.value.errors}


# ---- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29/02/2024", date(2024, 2, 29)),
        ("01/12/2026", date(2026, 12, 1)),
        (" 5/3/2019 ", date(2019, 3, 5)),
        ("05.03.2019", date(2019, 3, 5)),
        ("", None),
        ("   ", None),
    ],
)
def test_uk_dates_that_parse(text, expected):
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize("text", ["29/02/2025", "31/04/2026", "00/01/2026", "12/13/2026"])
def test_impossible_dates_say_so(text):
    with pytest.raises(DateError, match=f"{text} is not a real date"):
        parse_uk_date(text)


@pytest.mark.parametrize("text", ["2026-01-01", "1/1/26", "tomorrow", "01/01/2026x"])
def test_wrong_format_gets_the_format_hint(text):
    with pytest.raises(DateError, match="dd/mm/yyyy"):
        parse_uk_date(text)


def test_format_uk():
    assert format_uk(date(2019, 3, 5)) == "05/03/2019"
    assert format_uk(None) == ""


def test_age_on_birthdays_including_leap_day():
    born = date(2008, 11, 23)
    assert age_on(born, date(2026, 11, 22)) == 17
    assert age_on(born, date(2026, 11, 23)) == 18
    leap = date(2008, 2, 29)
    assert age_on(leap, date(2026, 2, 28)) == 17
    assert age_on(leap, date(2026, 3, 1)) == 18


def test_bad_date_in_a_form_names_the_field(today):
    errors = _errors(
        validate_client,
        {"given_name": "A", "family_name": "B", "date_of_birth": "29/02/2025"},
        today,
    )
    assert errors == {"Date of birth": "29/02/2025 is not a real date"}


def test_iso_date_in_a_form_gets_the_hint(today):
    with pytest.raises(ValidationFailed) as info:
        validate_client(
            {"given_name": "A", "family_name": "B", "date_of_birth": "2026-01-01"}, today
        )
    (err,) = info.value.errors
    assert err.field == "date_of_birth"
    assert "dd/mm/yyyy" in str(info.value)
    assert str(err).startswith("Date of birth: ")


# ---- client ---------------------------------------------------------------------------


def test_client_required_fields_are_named(today):
    errors = _errors(validate_client, {"given_name": "  "}, today)
    assert errors == {"Given name": "is required", "Family name": "is required"}


def test_client_every_problem_is_reported_at_once(today):
    errors = _errors(
        validate_client,
        {"date_of_birth": "31/04/2026", "status": "vanished", "risk_to_staff": True},
        today,
    )
    assert set(errors) == {
        "Given name",
        "Family name",
        "Date of birth",
        "Status",
        "Risk to staff note",
    }
    assert errors["Status"] == "choose one of the options"


def test_client_birth_date_cannot_be_in_the_future(today):
    errors = _errors(
        validate_client,
        {"given_name": "A", "family_name": "B", "date_of_birth": "24/11/2026"},
        today,
    )
    assert errors == {"Date of birth": "cannot be in the future"}
    ok = validate_client(
        {"given_name": "A", "family_name": "B", "date_of_birth": "23/11/2026"}, today
    )
    assert ok["date_of_birth"] == today


def test_client_clean_values(today):
    clean = validate_client(
        {
            "given_name": "  Ada ",
            "family_name": "Lovelace",
            "aliases": "Ada King; Countess, ",
            "substances": "alcohol, crack cocaine",
            "interpreter_needed": "yes",
        },
        today,
    )
    assert clean["given_name"] == "Ada"
    assert clean["aliases"] == ["Ada King", "Countess"]
    assert clean["substances"] == ["alcohol", "crack cocaine"]
    assert clean["interpreter_needed"] is True
    assert (clean["status"], clean["parental_status"]) == ("active", "not_asked")


def test_too_long_text_is_refused(today):
    errors = _errors(validate_client, {"given_name": "x" * 101, "family_name": "B"}, today)
    assert errors == {"Given name": "is too long (101 characters; at most 100)"}


# ---- children -------------------------------------------------------------------------


def test_born_child_needs_a_past_birth_date(today):
    assert _errors(validate_child, {"client_role": "mother", "given_name": "Kai"}, today) == {
        "Date of birth": "is required (dd/mm/yyyy)"
    }
    future = _errors(
        validate_child,
        {"client_role": "mother", "given_name": "Kai", "date_of_birth": "01/01/2027"},
        today,
    )
    assert set(future) == {"Date of birth"}
    assert "Unborn" in future["Date of birth"]


def test_born_child_drops_any_due_date(today):
    clean = validate_child(
        {
            "client_role": "mother",
            "given_name": "Kai",
            "date_of_birth": "01/02/2019",
            "due_date": "01/03/2027",
        },
        today,
    )
    assert clean["date_of_birth"] == date(2019, 2, 1)
    assert clean["due_date"] is None


def test_unborn_child_needs_a_future_due_date(today):
    assert _errors(validate_child, {"client_role": "mother", "unborn": True}, today) == {
        "Due date": "is required for an unborn child (dd/mm/yyyy)"
    }
    past = _errors(
        validate_child, {"client_role": "mother", "unborn": True, "due_date": "22/11/2026"}, today
    )
    assert set(past) == {"Due date"} and "passed" in past["Due date"]
    clean = validate_child(
        {"client_role": "mother", "unborn": True, "due_date": "01/03/2027"}, today
    )
    assert clean["due_date"] == date(2027, 3, 1)
    assert clean["given_name"] == ""  # a name is not required before birth
    assert clean["lives_with"] == "unborn"


def test_unborn_child_has_no_birth_date(today):
    errors = _errors(
        validate_child,
        {
            "client_role": "mother",
            "unborn": True,
            "due_date": "01/03/2027",
            "date_of_birth": "01/01/2026",
        },
        today,
    )
    assert set(errors) == {"Date of birth"}


def test_lives_with_unborn_only_for_unborn(today):
    errors = _errors(
        validate_child,
        {
            "client_role": "mother",
            "given_name": "Kai",
            "date_of_birth": "01/02/2019",
            "lives_with": "unborn",
        },
        today,
    )
    assert set(errors) == {"Lives with"}


# ---- household, network, consent ------------------------------------------------------


def test_household_member_name_required(today):
    assert _errors(validate_household_member, {}, today) == {"Name": "is required"}


@pytest.mark.parametrize(
    ("dob", "under_18"),
    [
        ("24/11/2008", True),  # 18th birthday is tomorrow
        ("23/11/2008", False),  # 18 today
        ("22/11/2008", False),
        ("29/02/2008", False),  # leap-day birthday, 18 since 1 March 2026
    ],
)
def test_household_under_18_is_computed_from_birth_date(today, dob, under_18):
    clean = validate_household_member({"name": "Lee", "date_of_birth": dob}, today)
    assert clean["under_18"] is under_18


def test_household_birth_date_overrides_the_tick_box(today):
    adult = validate_household_member(
        {"name": "Lee", "date_of_birth": "01/01/1990", "under_18": True}, today
    )
    assert adult["under_18"] is False
    unknown_dob = validate_household_member({"name": "Lee", "under_18": True}, today)
    assert unknown_dob["under_18"] is True


def test_network_contact_needs_an_agency(today):
    assert _errors(validate_network_contact, {"team": "North"}, today) == {"Agency": "is required"}
    errors = _errors(
        validate_network_contact, {"agency": "GP", "last_checked": "24/11/2026"}, today
    )
    assert errors == {"Last checked": "cannot be in the future"}


def test_consent_required_fields(today):
    errors = _errors(validate_consent, {}, today)
    assert errors == {
        "Recipient": "is required",
        "Consent": "choose one (nothing is assumed)",  # never assumed to be given
        "Date of decision": "is required (dd/mm/yyyy)",
    }


@pytest.mark.parametrize("state", ["not_sought_life", "not_sought_harm"])
def test_consent_not_sought_needs_a_reason(today, state):
    raw = {"recipient": "Children's Social Care", "state": state, "decided_on": "23/11/2026"}
    errors = _errors(validate_consent, raw, today)
    assert errors == {"Reason / notes": "record why consent was not sought"}
    clean = validate_consent({**raw, "notes": "Disclosure of immediate danger"}, today)
    assert clean["state"] == state


def test_consent_given_needs_no_reason_but_not_a_future_date(today):
    raw = {"recipient": "School", "state": "given", "decided_on": "23/11/2026"}
    assert validate_consent(raw, today)["notes"] == ""
    errors = _errors(validate_consent, {**raw, "decided_on": "24/11/2026"}, today)
    assert errors == {"Date of decision": "cannot be in the future"}


def test_child_role_is_never_assumed(today):
    errors = _errors(validate_child, {"given_name": "Kai", "date_of_birth": "01/02/2019"}, today)
    assert errors == {"Client is the child's": "choose one (nothing is assumed)"}


def test_an_impossible_birth_date_is_named_once(today):
    raw = {"client_role": "mother", "given_name": "Kai", "date_of_birth": "31/02/2020"}
    assert _errors(validate_child, raw, today) == {"Date of birth": "31/02/2020 is not a real date"}


@pytest.mark.parametrize("text", ["²", "٣", "1²", " 3 ", "1_000", "+4", "-1", "4.0", "9999999999"])
def test_a_whole_number_is_plain_digits(text):
    from caseworker.core.validation import whole_number

    expected = 3 if text == " 3 " else None
    assert whole_number(text) == expected


def test_superscript_digits_are_a_named_error_not_a_crash(today):
    from caseworker.screening.parental import validate_parental
    from caseworker.screening.top import parse_top_form

    with pytest.raises(ValidationFailed) as err:
        validate_parental({"parental_status": "not_a_parent", "other_under_18s": "²"}, today)
    assert [e.field for e in err.value.errors] == ["other_under_18s"]
    with pytest.raises(ValidationFailed) as err:
        parse_top_form({"injecting_days": "²"})
    assert "injecting_days" in {e.field for e in err.value.errors}
