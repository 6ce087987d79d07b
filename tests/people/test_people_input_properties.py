"""Property tests: every function that creates or changes a client's record, given any
text, any date and any value an import could carry, either saves clean text or raises
one of the project's own errors, naming what is wrong. Never a bare exception, and
never an error from the database (which would mean validation let something through)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from caseloads import TODAY
from hostile import assert_stored_text_is_clean, examples, form
from hypothesis import event, example, given

from caseworker.core import vocab
from caseworker.core.errors import CaseworkerError, StorageError, ValidationFailed
from caseworker.people import (
    add_child,
    add_contact,
    add_household_member,
    create_client,
    record_consent,
    replace_contact,
    update_child,
    update_client,
)

CLIENT = form(
    text=("given_name", "family_name", "gender", "address", "area", "phone", "ethnicity",
          "language", "aliases", "substances", "risk_to_staff_note", "notes"),
    dates=("date_of_birth",),
    required=("given_name", "family_name"),
    choices={"treatment_type": vocab.TREATMENT_TYPES, "status": vocab.CLIENT_STATUS,
             "parental_status": vocab.PARENTAL_STATUS},
    flags=("interpreter_needed", "take_home_medication", "pregnant", "risk_to_staff"),
)  # fmt: skip
CHILD = form(
    text=("given_name", "family_name", "lives_with_detail", "contact_supervised_by", "school",
          "gp", "health_visitor", "lead_social_worker", "notes"),
    dates=("date_of_birth",),
    due=("due_date",),
    required=("given_name", "date_of_birth", "client_role"),
    choices={"client_role": vocab.PARENTAL_ROLES, "lives_with": vocab.LIVES_WITH,
             "contact_arrangement": vocab.CONTACT_ARRANGEMENTS,
             "current_help": vocab.CURRENT_HELP, "source": vocab.SOURCES},
    flags=("unborn", "young_carer"),
)  # fmt: skip
HOUSEHOLD = form(
    text=("name", "relationship", "substance_use", "notes"),
    dates=("date_of_birth",),
    required=("name",),
    flags=("under_18", "known_to_services"),
)
CONTACT = form(
    text=("agency", "team", "contact_name", "phone", "email"),
    dates=("last_checked", "started_on"),
    required=("agency",),
    choices={"role": vocab.NETWORK_ROLES},
    flags=("confirmed",),
)
CONSENT = form(
    text=("recipient", "notes"),
    dates=("decided_on", "policy_explained_on"),
    required=("recipient", "state", "decided_on"),
    choices={"state": vocab.CONSENT_STATES},
)


@pytest.fixture
def caseload(db):
    """One small caseload per test (not per example): a client with a child and a contact."""
    with db.session() as s:
        client = create_client(s, {"given_name": "Ann", "family_name": "Base"}, TODAY)
        child = add_child(s, client.id, {"client_role": "mother", "given_name": "Kai",
                                         "date_of_birth": "01/02/2019"}, TODAY)  # fmt: skip
        ids = {"client": client.id, "child": child.id}
    return db, ids


def attempt(db, change: Callable[[Any], Any]) -> None:
    """Run one change in its own unit of work: clean text saved, or the project's error."""
    try:
        with db.session() as s:
            saved = change(s)
            s.flush()
            assert_stored_text_is_clean(saved)
        event("saved")
    except StorageError:
        raise  # the database refused what validation passed: validation is incomplete
    except ValidationFailed as exc:
        assert exc.errors and all(e.label and e.message for e in exc.errors)
        event("refused")
    except CaseworkerError as exc:
        event(type(exc).__name__)


@examples
@example(form=({"given_name": "Ann\ud800", "family_name": "Base"}, TODAY))
@example(form=({"given_name": "Ann", "family_name": "Zed[/", "date_of_birth": "01/01/0999"}, TODAY))
@example(form=({"given_name": "Ann", "family_name": "B", "notes": "a\x00b"}, TODAY))
@given(form=CLIENT)
def test_create_client(caseload, form):
    raw, today = form
    db, _ = caseload
    attempt(db, lambda s: create_client(s, raw, today))


@examples
@example(form=({"given_name": "Ann", "family_name": "B\x1b[31m"}, TODAY))
@example(form=({"given_name": "Ann", "family_name": "B", "aliases": "x\udfff"}, TODAY))
@given(form=CLIENT)
def test_update_client(caseload, form):
    raw, today = form
    db, ids = caseload
    attempt(db, lambda s: update_client(s, ids["client"], raw, today))


@examples
@example(
    form=(
        {"given_name": "Kai\ud800", "client_role": "mother", "date_of_birth": "01/02/2019"},
        TODAY,
    )
)
@example(
    form=({"given_name": "Kai", "client_role": "mother", "date_of_birth": "01/02/0999"}, TODAY)
)
@given(form=CHILD)
def test_add_child(caseload, form):
    raw, today = form
    db, ids = caseload
    attempt(db, lambda s: add_child(s, ids["client"], raw, today))


@examples
@example(
    form=(
        {
            "given_name": "Kai",
            "client_role": "mother",
            "date_of_birth": "01/02/2019",
            "school": "\x00",
        },
        TODAY,
    )
)
@given(form=CHILD)
def test_update_child(caseload, form):
    raw, today = form
    db, ids = caseload
    attempt(db, lambda s: update_child(s, ids["child"], raw, today))


@examples
@example(form=({"name": "Lee\ud800"}, TODAY))
@example(form=({"name": "Lee", "date_of_birth": "01/01/0999"}, TODAY))
@given(form=HOUSEHOLD)
def test_add_household_member(caseload, form):
    raw, today = form
    db, ids = caseload
    attempt(db, lambda s: add_household_member(s, ids["client"], raw, today))


@examples
@example(form=({"agency": "CSC", "started_on": "01/01/2099"}, TODAY))
@example(form=({"agency": "CSC\ud800"}, TODAY))
@given(form=CONTACT)
def test_add_contact(caseload, form):
    raw, today = form
    db, ids = caseload
    attempt(db, lambda s: add_contact(s, ids["client"], raw, today, child_id=ids["child"]))


@examples
@example(form=({"agency": "CSC", "contact_name": "\ud800"}, TODAY))
@given(form=CONTACT)
def test_replace_contact(caseload, form):
    raw, today = form
    db, ids = caseload

    def change(s):
        old = add_contact(s, ids["client"], {"agency": "CSC"}, TODAY)
        s.flush()
        return replace_contact(s, old.id, raw, today)

    attempt(db, change)


@examples
@example(
    form=(
        {
            "recipient": "GP",
            "state": "given",
            "decided_on": "01/11/2026",
            "policy_explained_on": "01/01/2099",
        },
        TODAY,
    )
)
@example(form=({"recipient": "GP\x00", "state": "given", "decided_on": "01/11/2026"}, TODAY))
@given(form=CONSENT)
def test_record_consent(caseload, form):
    raw, today = form
    db, ids = caseload
    attempt(db, lambda s: record_consent(s, ids["client"], raw, today))
