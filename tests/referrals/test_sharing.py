"""Sharing decisions: consent checked for the recipient; without it, a basis and a reason
or no share; every decision signed, dated and sealed (in the domain and the database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Uuid, bindparam, text

from caseworker.core.errors import StorageError, ValidationFailed
from caseworker.people import clients, record_consent
from caseworker.referrals import consent_position, decide_sharing, decision_words, sharing_log

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def client(db):
    with db.session() as s:
        return clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY).id


def consent(db, client_id, state="given", **extra):
    raw = {"recipient": "Children's Social Care", "state": state, "decided_on": "01/11/2026"}
    with db.session() as s:
        record_consent(s, client_id, raw | extra, TODAY)


def share(db, client_id, **raw):
    base = {"what": "Referral about Sam", "recipient": "children's social care", "share": True}
    with db.session() as s:
        return decide_sharing(s, client_id, base | raw, TODAY, NOW)


@pytest.mark.parametrize(
    ("state", "extra", "expected"),
    [
        (None, {}, "none"),
        ("given", {}, "given"),
        ("given", {"expires_on": "20/11/2026"}, "expired"),
        ("refused", {}, "refused"),
        ("withdrawn", {}, "refused"),
        ("not_sought_harm", {"notes": "partner controls the phone"}, "none"),
    ],
)
def test_the_consent_position_for_a_recipient(db, state, extra, expected):
    ada = client(db)
    if state:
        consent(db, ada, state, **extra)
    with db.session() as s:
        position = consent_position(s, ada, "CHILDREN'S SOCIAL CARE", TODAY)
    assert position.state == expected
    if expected == "expired":
        assert "expired on 20/11/2026" in position.words


def test_consent_to_an_agency_covers_its_teams_unless_a_team_has_its_own(db):
    from caseworker.referrals import consent_positions

    ada = client(db)
    consent(db, ada)  # to Children's Social Care
    team = "Children's social care (Front door)"
    with db.session() as s:
        assert consent_position(s, ada, team, TODAY).state == "given"
        assert consent_positions(s, team, TODAY, [ada])[ada].state == "given"
        # Another agency's name is not this one's team.
        assert consent_position(s, ada, "Probation (Children's social care)", TODAY).state == (
            "none"
        )
    consent(db, ada, "refused", recipient=team, decided_on="02/11/2026")
    with db.session() as s:
        assert consent_position(s, ada, team, TODAY).state == "refused"
        assert consent_positions(s, team, TODAY, [ada])[ada].state == "refused"
        assert consent_position(s, ada, "Children's Social Care", TODAY).state == "given"


def test_consent_to_one_team_does_not_cover_the_agency_but_is_named(db):
    # Consent is per named recipient: the client agreed to the child-protection team,
    # not to children's social care as a whole; the worker is told which to name.
    ada = client(db)
    team = "Children's Social Care (Child Protection Team East)"
    consent(db, ada, recipient=team)
    consent(db, ada, "refused", recipient="Children's social care (Front door)")
    with db.session() as s:
        position = consent_position(s, ada, "Children's social care", TODAY)
        assert position.state == "none"
        # The letter says only the first; the worker is told both.
        assert position.words == "No consent is recorded to share with Children's social care."
        assert position.told == (
            "No consent is recorded to share with Children's social care. Consent is given "
            f"to share with {team}: name that recipient to share on that consent."
        )  # the refused team is not offered
        assert consent_position(s, ada, team.upper(), TODAY).state == "given"
        assert consent_position(s, ada, "Probation", TODAY).words == (
            "No consent is recorded to share with Probation."
        )


def test_sharing_on_consent_needs_consent_given(db):
    ada = client(db)
    with pytest.raises(ValidationFailed) as refused:
        share(db, ada, basis="consent")
    assert [e.field for e in refused.value.errors] == ["basis"]
    assert "No consent is recorded" in refused.value.errors[0].message
    consent(db, ada)
    decision = share(db, ada, basis="consent")
    assert (decision.shared, decision.basis, decision.consent_state) == (True, "consent", "given")
    assert decision.signed_as == "Sam Worker"


def test_without_consent_a_basis_and_its_reason_or_no_share(db):
    ada = client(db)
    with pytest.raises(ValidationFailed) as refused:
        share(db, ada)  # no basis at all
    assert [e.field for e in refused.value.errors] == ["basis"]
    with pytest.raises(ValidationFailed) as refused:
        share(db, ada, basis="immediate_risk")
    assert [e.field for e in refused.value.errors] == ["reason"]
    shared = share(db, ada, basis="immediate_risk", reason="Sam found alone, injured")
    assert shared.consent_state == "none"
    with pytest.raises(ValidationFailed):
        share(db, ada, share=False)  # not sharing: say why
    kept = share(db, ada, share=False, reason="Not relevant to the children's safety")
    with db.session() as s:
        log = [decision_words(d) for d in sharing_log(s, ada)]
    assert {d.id for d in (shared, kept)} and len(log) == 2
    assert any("basis: immediate risk to a child's life; Sam found alone" in w for w in log)
    assert any(w.startswith("Not shared with children's social care") for w in log)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE sharing_decision SET basis = 'consent' WHERE id = :id",
     "DELETE FROM sharing_decision WHERE id = :id"],
)  # fmt: skip
def test_a_sharing_decision_is_sealed_in_the_database(db, statement):
    ada = client(db)
    decision = share(db, ada, basis="statutory", reason="Section 47 enquiry")
    with pytest.raises(StorageError, match="sealed"), db.session() as s:
        s.execute(text(statement).bindparams(bindparam("id", type_=Uuid)), {"id": decision.id})


def test_consent_records_its_scope_and_expiry(db):
    ada = client(db)
    with pytest.raises(ValidationFailed) as refused:
        consent(db, ada, expires_on="01/10/2026")
    assert [e.field for e in refused.value.errors] == ["expires_on"]
    consent(db, ada, scope="the referral and its outcome", expires_on="01/05/2027")
    with db.session() as s:
        position = consent_position(s, ada, "Children's Social Care", TODAY)
    assert (
        position.given and "for: the referral and its outcome, until 01/05/2027" in position.words
    )
