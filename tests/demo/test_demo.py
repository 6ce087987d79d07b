"""The synthetic demo caseload: realistic, consistent, audited and repeatable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.caseload.page import FILTERS, fetch_page
from caseworker.core import vocab
from caseworker.core.dates import age_on, format_uk
from caseworker.core.errors import AlreadyExists
from caseworker.core.paths import content_dir
from caseworker.demo import caseload as demo
from caseworker.demo.caseload import create_demo_caseload, load_ingredients, populate
from caseworker.demo.casework import CONSENT_RECIPIENTS
from caseworker.people.clients import aliases_of, client_form_values, refresh_search_text
from caseworker.people.family import child_form_values
from caseworker.people.validation import (
    validate_child,
    validate_client,
    validate_consent,
    validate_household_member,
    validate_network_contact,
)
from caseworker.store import SetupAnswers, initialise, setting
from caseworker.store.database import Database
from caseworker.store.keyfile import KdfParams
from caseworker.store.models import (
    AddressHistory,
    ChildRecord,
    Client,
    ClientAlias,
    ConsentRecord,
    DueItem,
    HouseholdMember,
    Meeting,
    MeetingAction,
    NetworkContact,
    PlanAction,
    PreCaf,
    Referral,
    Screening,
    TrailEvent,
    Visit,
    VisitNote,
    Worker,
)
from caseworker.store.trail import verify_chain

TODAY = date(2026, 11, 23)
RECORD_MODELS = (
    Client,
    ClientAlias,
    AddressHistory,
    ChildRecord,
    HouseholdMember,
    NetworkContact,
    ConsentRecord,
    Screening,
    DueItem,
)


def _new_db(path: Path) -> Database:
    answers = SetupAnswers("Test Worker", "worker", "Test Service", "a long passphrase")
    return initialise(path, answers, kdf=KdfParams.fast_for_tests())


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo as `caseworker --demo` makes it: 60 clients, seed 1."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("CASEWORKER_DATABASE_URL", raising=False)
        db = _new_db(tmp_path_factory.mktemp("small") / "cw")
        populate(db, 60, today=TODAY, seed=1)
        yield db
        db.close()


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Enough random clients for proportions to mean something."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("CASEWORKER_DATABASE_URL", raising=False)
        db = _new_db(tmp_path_factory.mktemp("larger") / "cw")
        populate(db, 300, today=TODAY, seed=3)
        yield db
        db.close()


@pytest.fixture(params=["small", "larger"])
def any_db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue(request.param)


def _all(s: Session, model: type) -> list:
    return list(s.scalars(select(model)))


def _clients_by_id(s: Session) -> dict:
    return {c.id: c for c in _all(s, Client)}


# -- the special families ------------------------------------------------------------------


def _special_families(s: Session) -> dict[str, bool]:
    clients = _clients_by_id(s)
    children = _all(s, ChildRecord)
    household = _all(s, HouseholdMember)
    contacts = _all(s, NetworkContact)
    return {
        "children living elsewhere with a grandparent": any(
            c.lives_with == "grandparent"
            and clients[c.client_id].parental_status in ("none_live_with", "some_live_with")
            for c in children
        ),
        "a pregnant client": any(
            clients[c.client_id].pregnant
            and c.unborn
            and c.due_date is not None
            and c.due_date > TODAY
            for c in children
        ),
        "a take-home prescription with a visiting child": any(
            clients[c.client_id].take_home_medication
            and clients[c.client_id].treatment_type in ("specialist_prescribing", "gp_prescribing")
            and c.lives_with != "client"
            and c.contact_arrangement in ("formal", "informal")
            for c in children
        ),
        "a partner who drinks but is not known to services": any(
            "partner" in m.relationship and "drink" in m.substance_use and not m.known_to_services
            for m in household
        ),
        "a child with a caring role": any(c.young_carer for c in children),
        "a social-care contact replaced over time": any(
            c.replaces_id is not None and c.agency == "Children's Social Care" for c in contacts
        ),
        "an interpreter needed": any(c.interpreter_needed for c in clients.values()),
        "a risk-to-staff flag": any(c.risk_to_staff for c in clients.values()),
    }


def test_the_small_demo_has_every_special_family(small: Database) -> None:
    with small.session() as s:
        found = _special_families(s)
    assert [name for name, present in found.items() if not present] == []


@pytest.mark.parametrize("seed", [2, 99])
def test_special_families_do_not_depend_on_the_seed(tmp_path: Path, seed: int) -> None:
    db = _new_db(tmp_path / "cw")
    populate(db, len(demo.FIXED_FAMILIES), today=TODAY, seed=seed)
    with db.session() as s:
        found = _special_families(s)
    db.close()
    assert all(found.values()), found


# -- proportions ---------------------------------------------------------------------------


def test_about_a_third_of_clients_are_parents(larger: Database) -> None:
    with larger.session() as s:
        statuses = Counter(s.scalars(select(Client.parental_status)))
    n = sum(statuses.values())
    parents = sum(statuses[k] for k in vocab.PARENT_STATUSES)
    assert 0.25 <= parents / n <= 0.42, statuses
    # Under-reporting must be countable: a noticeable share were never asked.
    assert 0.08 <= statuses["not_asked"] / n <= 0.25, statuses
    assert statuses["declined"] > 0 and statuses["not_a_parent"] > 0
    assert set(statuses) <= vocab.values(vocab.PARENTAL_STATUS)


def test_the_mix_of_help_children_receive(larger: Database) -> None:
    with larger.session() as s:
        help_ = Counter(s.scalars(select(ChildRecord.current_help)))
        carers = s.scalar(select(func.count()).where(ChildRecord.young_carer.is_(True)))
    total = sum(help_.values())
    assert help_["none"] / total > 0.4, help_  # mostly none...
    for level in ("early_help", "child_in_need", "cp_plan", "looked_after"):
        assert 0 < help_[level] < help_["none"], help_  # ...but every level occurs
    assert 0 < carers < total * 0.2


def test_clients_are_mostly_active_with_a_few_in_other_states(larger: Database) -> None:
    with larger.session() as s:
        status = Counter(s.scalars(select(Client.status)))
    n = sum(status.values())
    assert status["active"] / n > 0.65
    for other in ("referred", "on_hold", "closed"):
        assert status[other] > 0, status


# -- consistency ---------------------------------------------------------------------------


def test_dates_are_real_and_relative_to_today(any_db: Database) -> None:
    with any_db.session() as s:
        clients = _clients_by_id(s)
        for c in clients.values():
            assert c.date_of_birth is not None and 18 <= age_on(c.date_of_birth, TODAY) <= 70
        for child in _all(s, ChildRecord):
            if child.unborn:
                assert child.date_of_birth is None and child.lives_with == "unborn"
                assert child.due_date is not None and child.due_date > TODAY
                continue
            assert child.date_of_birth is not None and child.date_of_birth <= TODAY
            assert age_on(child.date_of_birth, TODAY) < 18
            parent_dob = clients[child.client_id].date_of_birth
            if child.client_role in ("mother", "father"):
                assert age_on(parent_dob, child.date_of_birth) >= 16
        for h in _all(s, AddressHistory):
            assert h.moved_in < h.moved_out <= TODAY
        for m in _all(s, HouseholdMember):
            assert m.date_of_birth <= TODAY
            assert m.under_18 == (age_on(m.date_of_birth, TODAY) < 18)
        for r in _all(s, ConsentRecord):
            assert r.decided_on <= TODAY
            assert r.policy_explained_on is None or r.policy_explained_on <= r.decided_on


def test_every_record_passes_the_same_validation_as_a_form(any_db: Database) -> None:
    """Demo data obeys the rules typed data obeys, so every demo record can be edited."""
    with any_db.session() as s:
        for c in _all(s, Client):
            validate_client(client_form_values(s, c), TODAY)
        for child in _all(s, ChildRecord):
            validate_child(child_form_values(child), TODAY)
        for m in _all(s, HouseholdMember):
            raw = {
                "name": m.name,
                "relationship": m.relationship,
                "under_18": m.under_18,
                "date_of_birth": format_uk(m.date_of_birth),
                "known_to_services": m.known_to_services,
                "substance_use": m.substance_use,
                "notes": m.notes,
            }
            validate_household_member(raw, TODAY)
        for n in _all(s, NetworkContact):
            raw = {
                "agency": n.agency,
                "team": n.team,
                "contact_name": n.contact_name,
                "role": n.role,
                "phone": n.phone,
                "email": n.email,
                "confirmed": n.confirmed,
                "last_checked": format_uk(n.last_checked),
                "started_on": format_uk(n.started_on),
            }
            validate_network_contact(raw, TODAY)
        for r in _all(s, ConsentRecord):
            raw = {
                "recipient": r.recipient,
                "state": r.state,
                "decided_on": format_uk(r.decided_on),
                "policy_explained_on": format_uk(r.policy_explained_on),
                "notes": r.notes,
            }
            validate_consent(raw, TODAY)


def test_parental_status_agrees_with_the_child_register(any_db: Database) -> None:
    with any_db.session() as s:
        born: dict = {}
        for child in _all(s, ChildRecord):
            if not child.unborn:
                born.setdefault(child.client_id, []).append(child.lives_with == "client")
        for c in _all(s, Client):
            at_home = born.get(c.id, [])
            if c.parental_status == "all_live_with":
                assert at_home and all(at_home)
            elif c.parental_status == "none_live_with":
                assert at_home and not any(at_home)
            elif c.parental_status == "some_live_with":
                assert any(at_home) and not all(at_home)
            else:
                assert at_home == [], c.parental_status
            if c.pregnant:
                assert c.gender == "Female"
            if c.parental_status != "not_asked":
                assert c.parental_status_checked_on is not None


def test_children_elsewhere_say_with_whom_and_what_contact(any_db: Database) -> None:
    with any_db.session() as s:
        for child in _all(s, ChildRecord):
            if child.unborn:
                continue
            if child.lives_with == "client":
                assert child.contact_arrangement == "not_applicable"
            else:
                assert child.lives_with_detail
                assert child.contact_arrangement in ("formal", "informal", "none")
            if child.current_help == "looked_after":
                assert child.lives_with != "client"


def test_lead_social_workers_are_current_contacts_in_the_network(any_db: Database) -> None:
    with any_db.session() as s:
        current = {
            (n.client_id, n.contact_name)
            for n in _all(s, NetworkContact)
            if n.ended_on is None and n.role == "social_worker"
        }
        for child in _all(s, ChildRecord):
            if child.current_help in vocab.AT_RISK_HELP:
                assert (child.client_id, child.lead_social_worker) in current
            else:
                assert child.lead_social_worker == ""


def test_replaced_contacts_form_a_history(any_db: Database) -> None:
    with any_db.session() as s:
        contacts = {n.id: n for n in _all(s, NetworkContact)}
    replaced = [n for n in contacts.values() if n.replaces_id]
    assert replaced
    for new in replaced:
        old = contacts[new.replaces_id]
        assert old.client_id == new.client_id and old.agency == new.agency
        assert old.ended_on is not None and old.ended_on == new.started_on <= TODAY
    assert any(n.last_checked is None for n in contacts.values())  # assumed, never checked
    assert any(not n.confirmed for n in contacts.values())


def test_consent_is_per_named_recipient_and_mostly_given(larger: Database) -> None:
    with larger.session() as s:
        states = Counter(s.scalars(select(ConsentRecord.state)))
        current = {
            (n.client_id, f"{n.agency} ({n.team})" if n.team else n.agency)
            for n in _all(s, NetworkContact)
            if n.ended_on is None
        }
        recipients = {(r.client_id, r.recipient) for r in _all(s, ConsentRecord)}
    # The fixed families' casework (demo.casework) names its recipients as referrals do.
    extra = {(c, r) for c, r in recipients - current if r in CONSENT_RECIPIENTS}
    assert recipients - extra == current
    assert states["given"] > sum(states.values()) / 2
    assert states["refused"] > 0
    assert set(states) <= vocab.values(vocab.CONSENT_STATES)


ASSESSMENT_KINDS = ("plan_action", "multi_agency_assessment", "csc_referral")
# What the fixed families' referrals and visits make due (demo.casework).
CASEWORK_KINDS = ("csc_confirmation", "referral_chase", "visit", "visit_sign_off")


def test_due_items_spread_around_today(any_db: Database) -> None:
    with any_db.session() as s:
        clients = _clients_by_id(s)
        items = _all(s, DueItem)
        parental = {sc.id: sc for sc in _all(s, Screening) if sc.instrument == "parental"}
        meetings = {m.id: m for m in _all(s, Meeting)}
        actions = {a.id: a for a in _all(s, MeetingAction)}
        precafs = {p.id: p for p in _all(s, PreCaf)}
        plans = {a.id: a for a in _all(s, PlanAction)}
        casework = {r.id: r for m in (Referral, Visit, VisitNote) for r in _all(s, m)}
    # The referrals' and visits' come from a referral, visit or note of the same client.
    from_casework = [d for d in items if d.kind in CASEWORK_KINDS]
    assert {d.kind for d in from_casework} == set(CASEWORK_KINDS)
    assert all(casework[d.source_id].client_id == d.client_id for d in from_casework)
    items = [d for d in items if d.kind not in CASEWORK_KINDS]
    # What a pre-CAF's decision makes due comes from it (or its action plan).
    from_assessment = [d for d in items if d.kind in ASSESSMENT_KINDS]
    assert {d.kind for d in from_assessment} >= {"plan_action", "multi_agency_assessment"}
    for d in from_assessment:
        assert (precafs.get(d.source_id) or plans[d.source_id]).client_id == d.client_id
    # What the meetings make due comes from a meeting (or its action) of the same client.
    from_meetings = [d for d in items if d.kind not in ("rescreen", "precaf", *ASSESSMENT_KINDS)]
    assert {d.kind for d in from_meetings} >= {"multi_agency_review", "family_plan_review"}
    for d in from_meetings:
        source = meetings.get(d.source_id) or actions[d.source_id]
        assert source.client_id == d.client_id
    items = [d for d in items if d.kind in ("rescreen", "precaf")]
    per_client = Counter((d.client_id, d.kind) for d in items)
    for c in clients.values():
        mine = {kind: n for (cid, kind), n in per_client.items() if cid == c.id}
        if c.status == "closed" or c.parental_status == "not_asked":
            # Closed: nothing is due. Never asked: no parental screen, so nothing follows.
            assert mine == {}, (c.status, c.parental_status)
        else:
            assert mine.get("rescreen") == 1 and mine.get("precaf", 0) <= 1
    assert {d.kind for d in items} == {"rescreen", "precaf"}
    # Derived from the records, never written by the demo: each comes from a parental
    # screen of its own client (a pre-CAF, from one that found children in their care).
    for d in items:
        if d.source_id in precafs:  # a re-screen set by a pre-CAF's decision
            assert d.kind == "rescreen" and precafs[d.source_id].client_id == d.client_id
            continue
        source = parental[d.source_id]
        assert source.client_id == d.client_id
        assert source.positive or d.kind == "rescreen"
    assert all(TODAY - timedelta(days=30) <= d.due_on <= TODAY + timedelta(days=90) for d in items)
    assert any(d.due_on < TODAY for d in items)  # some are overdue
    assert any(d.due_on > TODAY for d in items)


# -- search, keys and audit ----------------------------------------------------------------


def test_search_text_and_sort_key_are_set_on_every_client(any_db: Database) -> None:
    with any_db.session() as s:
        for c in _all(s, Client):
            assert c.sort_key and c.search_text
            expected = Client(given_name=c.given_name, family_name=c.family_name)
            refresh_search_text(expected, aliases_of(s, c.id))
            assert c.sort_key == expected.sort_key
            assert set(c.search_text.split(" | ")) == set(expected.search_text.split(" | "))
            assert c.key_worker_id == any_db.worker_id


def test_search_by_alias_finds_the_client(larger: Database) -> None:
    with larger.session() as s:
        rows = s.execute(
            select(ClientAlias.alias, Client.id, Client.given_name, Client.family_name).join(Client)
        )
        hidden = [
            (alias, cid)
            for alias, cid, given, family in rows
            if not set(alias.lower().split()) <= {given.lower(), family.lower()}
        ]
        assert hidden, "no alias differs from the client's own name"
        for alias, client_id in hidden[:10]:
            page = fetch_page(s, today=TODAY, query=alias, filter_id="all", size=200)
            assert client_id in [r.client_id for r in page.rows], alias


def test_every_caseload_filter_has_something_to_show_in_the_demo(small: Database) -> None:
    with small.session() as s:
        empty = [
            label
            for filter_id, label in FILTERS
            if fetch_page(s, today=TODAY, filter_id=filter_id).total == 0
        ]
    assert empty == []


def test_audit_chain_verifies_and_every_record_is_audited(small: Database) -> None:
    with small.session() as s:
        assert verify_chain(s).ok
        created = Counter(s.scalars(select(TrailEvent.entity).where(TrailEvent.action == "create")))
        for model in RECORD_MODELS:
            rows = s.scalar(select(func.count()).select_from(model))
            assert created[model.__tablename__] == rows, model.__tablename__
        stamped = s.scalar(
            select(func.count()).select_from(Client).where(Client.created_by == small.worker_id)
        )
        assert stamped == 60


def test_demo_audits_even_when_nothing_else_imported_the_audit_hook(tmp_path: Path) -> None:
    """The hook is registered by importing caseworker.store.trail; the demo must not rely on
    someone else having done so (this test module has, so it runs in a fresh interpreter)."""
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from sqlalchemy import text\n"
        "from caseworker.demo import create_demo_caseload\n"
        "db = create_demo_caseload(sys.argv[1], n_clients=3, today=date(2026, 11, 23))\n"
        "with db.engine.connect() as conn:\n"
        "    events = conn.execute(text('SELECT count(*) FROM trail_event')).scalar()\n"
        "    clients = conn.execute(text('SELECT count(*) FROM client')).scalar()\n"
        "print(events, clients)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORKER_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "demo")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    events, clients = (int(x) for x in out.stdout.split())
    assert clients == 3
    assert events > 3 * 5  # each client brings several records, each audited


def test_same_seed_same_caseload_different_seed_different(tmp_path: Path) -> None:
    def names(path: Path, seed: int) -> list[tuple]:
        db = _new_db(path)
        populate(db, 40, today=TODAY, seed=seed)
        with db.session() as s:
            ordered = select(Client).order_by(Client.sort_key, Client.address)
            out = [
                (
                    c.given_name,
                    c.family_name,
                    c.date_of_birth,
                    c.address,
                    c.parental_status,
                    tuple(aliases_of(s, c.id)),
                )
                for c in s.scalars(ordered)
            ]
        db.close()
        return out

    first = names(tmp_path / "a", 5)
    assert first == names(tmp_path / "b", 5)
    assert first != names(tmp_path / "c", 6)


def test_progress_is_reported_after_each_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "BATCH_SIZE", 25)
    db = _new_db(tmp_path / "cw")
    calls: list[tuple[int, int]] = []
    added = populate(db, 60, today=TODAY, seed=1, progress=lambda d, t: calls.append((d, t)))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 60
        assert verify_chain(s).ok  # three transactions, one unbroken chain
    db.close()
    assert added == 60
    assert calls == [(25, 60), (50, 60), (60, 60)]


def test_a_leap_day_today_works(tmp_path: Path) -> None:
    db = _new_db(tmp_path / "cw")
    assert populate(db, 30, today=date(2028, 2, 29), seed=4) == 30
    db.close()


def test_populate_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _new_db(tmp_path / "cw")
    populate(db, 20, today=TODAY, seed=1)
    db.close()
    assert capsys.readouterr() == ("", "")


# -- the --demo caseload and the ingredients -------------------------------------------------------


def test_create_demo_caseload(tmp_path: Path) -> None:
    db = create_demo_caseload(tmp_path / "demo", n_clients=12, today=TODAY, seed=1)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 12
        worker = s.get(Worker, db.worker_id)
        assert worker is not None and (worker.name, worker.role) == ("Demo Worker", "worker")
        assert setting(s, "service_name") == "Demo Drug & Alcohol Service"
        assert verify_chain(s).ok
    db.close()
    with pytest.raises(AlreadyExists):
        create_demo_caseload(tmp_path / "demo", n_clients=1, today=TODAY)


def test_ingredients_come_from_the_content_folder_and_use_the_vocabularies() -> None:
    path = content_dir() / "demo" / "ingredients.json"
    ing = json.loads(path.read_text(encoding="utf-8"))
    assert load_ingredients() == ing
    for h in ing["heritage"]:
        assert h["female"] and h["male"] and h["family"] and h["weight"] > 0, h["ethnicity"]
        assert sum(x["weight"] for x in h["languages"]) > 0
    for p in ing["substance_profiles"]:
        assert set(p["treatment"]) <= vocab.values(vocab.TREATMENT_TYPES), p["name"]
    for kind, spec in ing["lives_elsewhere"].items():
        assert kind in vocab.values(vocab.LIVES_WITH)
        assert set(spec["contact"]) <= vocab.values(vocab.CONTACT_ARRANGEMENTS)
        assert set(spec["help"]) <= vocab.values(vocab.CURRENT_HELP)
    mix = ing["mix"]
    assert set(mix["status"]) <= vocab.values(vocab.CLIENT_STATUS)
    assert set(mix["current_help_at_home"]) <= vocab.values(vocab.CURRENT_HELP)
    assert set(mix["parent_lives_with"]) <= vocab.PARENT_STATUSES
