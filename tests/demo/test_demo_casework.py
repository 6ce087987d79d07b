"""The demo's referrals, letters, visits and consent (caseworker.demo.casework): each state
the screens show is there, what they make due is derived, and every sealed record passes
`caseworker check`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from caseworker.cli import commands as cli
from caseworker.demo.caseload import populate
from caseworker.referrals import consent_position, re_referrals, referrals_of
from caseworker.store import SetupAnswers, initialise
from caseworker.store.database import Database
from caseworker.store.keyfile import KdfParams
from caseworker.store.models import (
    ConsentRecord,
    DueItem,
    Letter,
    Referral,
    SharingDecision,
    Visit,
    VisitNote,
)

TODAY = date(2026, 11, 23)
PASSPHRASE = "a long passphrase"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("CASEWORKER_DATABASE_URL", raising=False)
        path = tmp_path_factory.mktemp("casework") / "cw"
        answers = SetupAnswers("Test Worker", "worker", "Test Service", PASSPHRASE)
        db = initialise(path, answers, kdf=KdfParams.fast_for_tests())
        populate(db, 60, today=TODAY, seed=1)
        yield db, path
        db.close()


def test_the_demo_has_referrals_in_every_state(demo) -> None:
    db, _ = demo
    with db.session() as s:
        referrals = list(s.scalars(select(Referral)))
        verbal = [r for r in referrals if r.mode == "verbal"]
        assert len(verbal) == 1 and verbal[0].to_csc and verbal[0].confirmed_on is None
        assert verbal[0].call_at is not None
        # The afternoon before the demo's day: within its 48 hours whatever the hour.
        assert verbal[0].made_on == TODAY - timedelta(days=1)
        assert sorted(r.outcome for r in referrals if r.outcome) == ["accepted", "bounced"]
        again = [r for r in referrals if r.previous_id is not None]
        assert len(again) == 1
        assert re_referrals(referrals_of(s, again[0].client_id)) == 1
        unanswered = [r for r in referrals if r.mode == "written" and r.acknowledged_on is None]
        assert len(unanswered) == 1 and unanswered[0].sent_on is not None
        # Every written referral left through a sharing decision.
        written = [r for r in referrals if r.mode == "written"]
        assert len(written) == 4 and all(r.sharing_decision_id for r in written)
        kinds = {d.kind for d in s.scalars(select(DueItem))}
        assert {"csc_confirmation", "referral_chase", "visit", "visit_sign_off"} <= kinds


def test_the_demo_has_a_finalised_letter_with_its_sharing_decision(demo) -> None:
    db, _ = demo
    with db.session() as s:
        (letter,) = s.scalars(select(Letter))
        decision = s.get(SharingDecision, letter.sharing_decision_id)
        assert decision is not None and decision.shared and decision.basis == "consent"
        assert "[write:" not in letter.body and letter.signed_as == "Test Worker"
        assert len(list(s.scalars(select(SharingDecision)))) == 5  # 4 referrals, 1 letter


def test_the_demo_has_home_visits_planned_signed_and_unsigned(demo) -> None:
    db, _ = demo
    with db.session() as s:
        visits = list(s.scalars(select(Visit)))
        assert sorted(v.status for v in visits) == ["back", "back", "planned"]
        notes = list(s.scalars(select(VisitNote)))
        assert sorted(n.signed_off_at is not None for n in notes) == [False, True]


def test_the_demo_has_consent_with_scope_and_expiry_one_expired_one_refused(demo) -> None:
    db, _ = demo
    with db.session() as s:
        consents = list(s.scalars(select(ConsentRecord)))
        given = [c for c in consents if c.state == "given"]
        # A realistic share given for a stated purpose, some of those until a date.
        assert 0.1 * len(given) < sum(1 for c in given if c.scope) < 0.45 * len(given)
        scoped = [c for c in consents if c.scope and c.expires_on]
        assert len(scoped) >= 5
        states = [consent_position(s, c.client_id, c.recipient, TODAY).state for c in scoped]
        assert states.count("expired") == 1 and states.count("given") >= 2
        refused = s.scalars(
            select(ConsentRecord).where(ConsentRecord.recipient == "Probation Service")
        ).one()
        assert consent_position(s, refused.client_id, "probation service", TODAY).state == (
            "refused"
        )


def test_the_demo_s_sealed_records_pass_check(demo, capsys, monkeypatch) -> None:
    db, path = demo
    db.close()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("CI", "true")
    code = cli.main(["--data-dir", str(path), "check"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Trail: ok" in out and "Replay: ok" in out
