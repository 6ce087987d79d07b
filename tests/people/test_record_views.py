"""The read functions the screens call instead of querying: a client's summary (counts and
flags), consent decisions with the current one marked, a child or contact by id, and the
screening history summed up. Each capability decides; the screen only shows."""

from __future__ import annotations

import uuid

import pytest

from caseworker.core.errors import CaseworkerError, NotFound
from caseworker.people import (
    ClientFlag,
    add_child,
    add_contact,
    child_form_values,
    client_summary,
    consent_decisions,
    create_client,
    get_child,
    get_contact,
    record_consent,
    replacement_form_values,
)
from caseworker.screening import (
    complete,
    get_screening,
    record_answer,
    record_top,
    screening_summaries,
    start,
)


@pytest.fixture
def client_id(db, today) -> uuid.UUID:
    with db.session() as s:
        return create_client(
            s,
            {"given_name": "Ada", "family_name": "Lovelace", "risk_to_staff": True,
             "risk_to_staff_note": "dog", "interpreter_needed": True, "language": "Polish"},
            today,
        ).id  # fmt: skip


def test_client_summary_counts_children_and_names_the_flags(db, today, client_id):
    with db.session() as s:
        add_child(s, client_id, {"client_role": "mother", "given_name": "Kai",
                                 "date_of_birth": "01/02/2019"}, today)  # fmt: skip
        add_child(s, client_id, {"client_role": "mother", "given_name": "Lily",
                                 "date_of_birth": "01/02/2021"}, today)  # fmt: skip
        add_child(s, client_id, {"client_role": "mother", "unborn": True,
                                 "due_date": "01/03/2027"}, today)  # fmt: skip
    with db.session() as s:
        summary = client_summary(s, client_id)
    assert (summary.children, summary.unborn) == (2, 1)
    # An unborn child of whom the client is the mother: the profile says pregnant too.
    assert summary.flags == (ClientFlag.RISK_TO_STAFF, ClientFlag.PREGNANT,
                             ClientFlag.INTERPRETER)  # fmt: skip
    assert summary.language == "Polish"
    with db.session() as s, pytest.raises(NotFound):
        client_summary(s, uuid.uuid4())


def test_consent_decisions_mark_the_newest_per_recipient_current(db, today, client_id):
    with db.session() as s:
        record_consent(s, client_id, {"recipient": "Health Visiting", "state": "given",
                                      "decided_on": "01/10/2026"}, today)  # fmt: skip
        record_consent(s, client_id, {"recipient": "health visiting ", "state": "withdrawn",
                                      "decided_on": "01/11/2026"}, today)  # fmt: skip
        record_consent(s, client_id, {"recipient": "School", "state": "given",
                                      "decided_on": "15/10/2026"}, today)  # fmt: skip
    with db.session() as s:
        decisions = consent_decisions(s, client_id)
    assert [(d.recipient.strip(), d.state, d.current) for d in decisions] == [
        ("health visiting", "withdrawn", True),
        ("School", "given", True),
        ("Health Visiting", "given", False),  # superseded: the capability says so
    ]


def test_a_child_and_a_contact_by_id(db, today, client_id):
    with db.session() as s:
        kai = add_child(s, client_id, {"client_role": "mother", "given_name": "Kai",
                                       "date_of_birth": "01/02/2019"}, today).id  # fmt: skip
        contact = add_contact(s, client_id, {"agency": "CSC", "team": "North",
                                             "contact_name": "A. Patel",
                                             "role": "social_worker"}, today).id  # fmt: skip
    with db.session() as s:
        assert child_form_values(get_child(s, kai))["date_of_birth"] == "01/02/2019"
        assert get_contact(s, contact).contact_name == "A. Patel"
        # Whoever replaces a contact starts from the same agency, team and role.
        assert replacement_form_values(s, contact) == {
            "agency": "CSC", "team": "North", "role": "social_worker"}  # fmt: skip
        for missing in (get_child, get_contact, replacement_form_values):
            with pytest.raises(CaseworkerError):
                missing(s, uuid.uuid4())


def test_screening_summaries_say_what_each_screening_came_to(db, today, client_id):
    with db.session() as s:
        draft = start(s, client_id, "fast", today).id
        record_answer(s, draft, 1, 1)
        done = start(s, client_id, "audit-c", today).id
        for item, option in {1: 3, 2: 1, 3: 1}.items():
            record_answer(s, done, item, option)
        complete(s, done, today)
    top = {f"days_{sub}": "0" for sub in ("alcohol", "opiates", "crack", "cocaine",
                                          "amphetamines", "cannabis", "other")}  # fmt: skip
    top |= {f: "0" for f in ("injecting_days", "shoplifting_days", "selling_drugs_days",
                             "paid_work_days", "education_days")}  # fmt: skip
    top |= {"occasion": "start", "physical_health": "10", "psychological_health": "10",
            "quality_of_life": "10"}  # fmt: skip
    with db.session() as s:
        record_top(s, client_id, top, today)
    with db.session() as s:
        rows = {r.instrument: r for r in screening_summaries(s, client_id)}
        assert get_screening(s, done).total == 5
        with pytest.raises(NotFound):
            get_screening(s, uuid.uuid4())
    assert rows["fast"].draft and rows["fast"].result == "DRAFT (1 answered)"
    assert rows["audit-c"].name == "AUDIT-C" and not rows["audit-c"].draft
    assert rows["audit-c"].result.startswith("5, ") and "(positive)" in rows["audit-c"].result
    assert rows["audit-c"].occasion == "Treatment review"
    assert rows["top"].result == "start values recorded" and rows["top"].occasion == "Start"
    assert {r.worker for r in rows.values()} == {"Sam Worker"}


def test_the_record_and_the_caseload_flag_alike(db, today):
    """One rule: take-home medication is flagged where a child lives with or visits the
    client, on the record as on the caseload (the record used to leave it out)."""
    from caseworker.caseload import fetch_page
    from caseworker.people import ClientFlag, add_child, client_summary, create_client

    with db.session() as s:
        client = create_client(
            s,
            {"given_name": "Mo", "family_name": "Quint", "take_home_medication": True},
            today,
        )
        add_child(s, client.id, {"given_name": "Ray", "date_of_birth": "01/02/2018",
                                 "client_role": "father", "lives_with": "other_parent",
                                 "contact_arrangement": "informal", "young_carer": True},
                  today)  # fmt: skip
    with db.session() as s:
        summary = client_summary(s, client.id)
        [row] = fetch_page(s, today=today, query="quint").rows
    assert summary.flags == (ClientFlag.TAKE_HOME_MEDICATION, ClientFlag.YOUNG_CARER)
    assert row.flags == [f.value for f in summary.flags]


def test_take_home_medication_without_a_child_there_is_not_flagged():
    from types import SimpleNamespace

    from caseworker.people import client_flags

    away = SimpleNamespace(lives_with="foster", contact_arrangement="none", young_carer=False)
    flags = dict(risk_to_staff=False, pregnant=False, interpreter_needed=False,
                 take_home_medication=True)  # fmt: skip
    assert client_flags(**flags, children=[away]) == ()
    visiting = SimpleNamespace(lives_with="foster", contact_arrangement="formal", young_carer=False)
    assert [f.value for f in client_flags(**flags, children=[visiting])] == ["take_home_medication"]
