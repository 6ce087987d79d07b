"""People on a server database: each person a PostgreSQL login, their passphrase its
password (store/logins.py). Server runs only: the local file's slots are in
test_persons.py, which runs on both."""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, open_as
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from caseworker.cli import main
from caseworker.core.errors import NotAllowed, StorageError, WrongPassphrase
from caseworker.core.paths import database_url
from caseworker.people import clients
from caseworker.store import is_initialised, logins, persons
from caseworker.store.models import Client, TrailEvent

pytestmark = pytest.mark.server

KIM_PASS = "kim supervises here"


@pytest.fixture
def team(db):
    """Sam (the first owner, made with a login by init) and Kim, a supervisor."""
    kim = persons.add_person(db, "Kim Supervisor", "supervisor", KIM_PASS)
    return db, {"sam": db.worker_id, "kim": kim}


def _admin():
    return create_engine(database_url() or "", isolation_level="AUTOCOMMIT")


def test_init_and_person_add_make_logins_with_only_a_hash_of_the_passphrase(team):
    _, ids = team
    engine = _admin()
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY(:n)"),
                {"n": [logins.login_name(i) for i in ids.values()]},
            ).all()
    finally:
        engine.dispose()
    assert len(rows) == 2
    for _name, stored in rows:
        assert stored.startswith("SCRAM-SHA-256$")  # the server never saw the passphrase
        assert PASSPHRASE not in stored and KIM_PASS not in stored


def test_a_persons_own_login_opens_as_them_with_their_passphrase_only(team):
    db, ids = team
    db.close()
    kim = open_as(db.data_dir, KIM_PASS, ids["kim"])
    try:
        assert kim.worker_id == ids["kim"]
        with kim.session() as s:
            client = clients.create_client(s, {"given_name": "Ada", "family_name": "Ng"},
                                           __import__("datetime").date(2026, 12, 1))  # fmt: skip
        with kim.session() as s:
            row = s.get(Client, client.id)
            assert row is not None and row.created_by == ids["kim"]
            event = s.scalars(select(TrailEvent).order_by(col(TrailEvent.seq).desc())).first()
            assert event is not None and event.worker_id == ids["kim"]
    finally:
        kim.close()
    for wrong in (PASSPHRASE, None, ""):  # Sam's passphrase, or none, on Kim's login
        with pytest.raises(WrongPassphrase, match="server refused the login"):
            open_as(db.data_dir, wrong, ids["kim"])  # type: ignore[arg-type]


def test_a_persons_login_works_on_the_records_never_on_the_schema_or_the_people(team):
    db, ids = team
    db.close()
    kim = open_as(db.data_dir, KIM_PASS, ids["kim"])
    try:
        with pytest.raises(NotAllowed, match="owner login"):
            persons.add_person(kim, "Mo Worker", "worker", "mo's own passphrase")
        with pytest.raises(NotAllowed, match="owner login"):
            persons.remove_person(kim, ids["sam"], KIM_PASS)
        assert {p.name for p in persons.list_people(kim)} == {"Kim Supervisor", "Sam Worker"}
        sam = ids["sam"]
        # What the app never does, typed straight at the server with Kim's own login.
        for statement in ("CREATE TABLE intruder (x int)",
                          "UPDATE alembic_version SET version_num = 'x'",
                          "DROP TABLE client",
                          "UPDATE worker SET role = 'supervisor'",
                          "INSERT INTO worker (id, name, role, team, created_at, updated_at,"
                          " version) SELECT gen_random_uuid(), 'Friend', 'supervisor', '',"
                          " now(), now(), 1",
                          "DELETE FROM trail_event",
                          "UPDATE trail_event SET summary = 'nothing happened'",
                          f"INSERT INTO trail_event (seq, id, at, worker_id, action, entity,"
                          f" entity_id, summary, changes, prev_hash, hash) SELECT max(seq) + 1,"
                          f" gen_random_uuid(), now(), '{sam}', 'update', 'client', '', '',"
                          f" '{{}}', '', '' FROM trail_event",
                          "UPDATE setting SET value = 'nobody' WHERE key = 'owner_login'",
                          "DELETE FROM setting WHERE key = 'current_worker_id'",
                          "INSERT INTO setting (key, value) VALUES ('service_name', 'x')"
                          " ON CONFLICT (key) DO UPDATE SET value = 'x'"):  # fmt: skip
            with (
                pytest.raises(StorageError, match=r"may not|refused|read-only"),
                kim.session() as s,
            ):
                s.execute(text(statement))
        with kim.session() as s:  # what the app does write: allowed
            s.execute(text("INSERT INTO setting (key, value) VALUES ('kim test', '1')"))
    finally:
        kim.close()


def test_the_owner_login_is_whoever_the_passphrase_belongs_to(team):
    db, ids = team
    db.close()
    for passphrase, who in ((PASSPHRASE, "sam"), (KIM_PASS, "kim")):
        opened = open_as(db.data_dir, passphrase)
        try:
            assert opened.worker_id == ids[who]
            assert persons.identify(opened, KIM_PASS) == ids["kim"]
        finally:
            opened.close()
    with pytest.raises(WrongPassphrase):
        open_as(db.data_dir, "nobody's passphrase here")


def test_a_login_that_is_nobody_on_this_caseload_is_refused(team):
    db, _ = team
    stranger = "cw_stranger_x"
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {stranger}"))
            conn.execute(text(f"CREATE ROLE {stranger} LOGIN PASSWORD 'a stranger here'"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA {_schema()} TO {stranger}"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {_schema()} TO {stranger}"))
    finally:
        engine.dispose()
    url = make_url(database_url() or "").set(username=stranger, password="a stranger here")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEWORKER_DATABASE_URL", url.render_as_string(hide_password=False))
        with pytest.raises(NotAllowed, match="not anyone on this caseload"):
            open_as(db.data_dir, "a stranger here")


def test_removing_a_person_drops_their_login(team):
    db, ids = team
    persons.remove_person(db, ids["kim"], KIM_PASS)  # Kim leaves, with her own passphrase
    kim = next(p for p in persons.list_people(db) if p.id == ids["kim"])
    assert not kim.has_slot
    with db.session() as s:
        event = s.scalars(select(TrailEvent).order_by(col(TrailEvent.seq).desc())).first()
        assert event is not None and event.action == "person_remove"
        assert event.worker_id == ids["kim"]
    with pytest.raises(WrongPassphrase):
        open_as(db.data_dir, KIM_PASS, ids["kim"])
    with pytest.raises(NotAllowed, match="last person"):
        persons.remove_person(db, ids["sam"], PASSPHRASE)


def test_a_persons_url_without_its_password_still_counts_as_a_caseload(team):
    db, ids = team
    url = make_url(database_url() or "").set(username=logins.login_name(ids["kim"]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEWORKER_DATABASE_URL", url.render_as_string(hide_password=False))
        assert is_initialised(db.data_dir)  # opening then asks for the passphrase


def test_a_caseload_set_up_before_logins_opens_as_its_first_owner(team):
    db, ids = team
    engine = _admin()
    try:
        with engine.connect() as conn:
            for person in ids.values():
                conn.execute(text(f'DROP ROLE "{logins.login_name(person)}"'))
    finally:
        engine.dispose()
    db.close()
    opened = open_as(db.data_dir, "any words at all")
    try:
        assert opened.worker_id == ids["sam"]
    finally:
        opened.close()


def test_person_add_and_list_on_the_command_line(team, monkeypatch, capsys):
    db, _ = team
    db.close()
    # The owner login's own password (the test server trusts it, so any will do) must not
    # be handed on in the URL printed for the new person.
    owner = make_url(database_url() or "").set(password="owner's secret")
    monkeypatch.setenv("CASEWORKER_DATABASE_URL", owner.render_as_string(hide_password=False))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", KIM_PASS)  # Kim at the keyboard
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", "lee's own passphrase")
    args = ["--data-dir", str(db.data_dir), "person", "add", "--name", "Lee Worker",
            "--role", "worker"]  # fmt: skip
    assert main(args) == 0, capsys.readouterr()
    told = capsys.readouterr().err
    assert main(["--data-dir", str(db.data_dir), "person", "list"]) == 0
    out = capsys.readouterr().out
    kim = open_as(db.data_dir, KIM_PASS)
    try:
        lee = next(p for p in persons.list_people(kim) if p.name == "Lee Worker")
    finally:
        kim.close()
    login = logins.login_name(lee.id)
    assert f"Lee Worker  worker  can open  login {login}" in out
    url = told.split("CASEWORKER_DATABASE_URL=", 1)[1].strip()
    assert "secret" not in told
    assert make_url(url).username == login and make_url(url).password is None
    opened = open_as(db.data_dir, "lee's own passphrase", lee.id)
    try:
        assert opened.worker_id == lee.id
    finally:
        opened.close()


def test_a_person_changes_their_own_passphrase_the_logins_password(team, monkeypatch, capsys):
    db, ids = team
    db.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEWORKER_DATABASE_URL", logins.url_for(database_url() or "", ids["kim"]))
        mp.setenv("CASEWORKER_PASSPHRASE", KIM_PASS)
        mp.setenv("CASEWORKER_NEW_PASSPHRASE", PASSPHRASE)  # Sam's: refused
        assert main(["--data-dir", str(db.data_dir), "passphrase"]) == 2
        assert "already in use" in capsys.readouterr().err
        mp.setenv("CASEWORKER_NEW_PASSPHRASE", "kim's brand new words")
        assert main(["--data-dir", str(db.data_dir), "passphrase"]) == 0, capsys.readouterr()
    with pytest.raises(WrongPassphrase):
        open_as(db.data_dir, KIM_PASS, ids["kim"])
    kim = open_as(db.data_dir, "kim's brand new words", ids["kim"])
    try:
        assert kim.worker_id == ids["kim"]
        with kim.session() as s:
            event = s.scalars(select(TrailEvent).order_by(col(TrailEvent.seq).desc())).first()
            assert event is not None and event.action == "passphrase"
            assert event.worker_id == ids["kim"]
    finally:
        kim.close()


def test_a_login_name_is_a_persons_only_exactly_as_made():
    import uuid

    person = uuid.uuid4()
    assert logins.person_of_login(logins.login_name(person)) == person
    lookalikes = (f"cw_{person.hex.upper()}", f"cw_{{{person}}}", f"cw_{person}",
                  f"cw_urn:uuid:{person}", "cw_staff_" + person.hex, "postgres", "")  # fmt: skip
    for lookalike in lookalikes:
        assert logins.person_of_login(lookalike) is None


def test_the_url_handed_to_a_person_carries_no_secret_of_the_owners():
    import uuid

    person = uuid.uuid4()
    owner = ("postgresql+psycopg://owner:hunter2@db.example/case?password=S3CRET"
             "&sslpassword=K3Y&passfile=/home/o/.pgpass&sslmode=require")  # fmt: skip
    mine = logins.url_for(owner, person)
    for secret in ("hunter2", "S3CRET", "K3Y", ".pgpass", "owner"):
        assert secret not in mine
    parsed = make_url(mine)
    assert parsed.username == logins.login_name(person) and parsed.password is None
    assert parsed.host == "db.example" and parsed.query["sslmode"] == "require"


def test_an_owner_login_with_its_own_password_as_the_readme_sets_it_up(
    server_database, tmp_path, monkeypatch
):
    """Not the test server's trusted superuser: an owner login that may create roles, whose
    password comes from PGPASSWORD (not the URL, and never the passphrase)."""
    import uuid

    from caseworker.store import SetupAnswers, initialise

    owner = f"owner_{uuid.uuid4().hex[:12]}"
    schema = f"own_{uuid.uuid4().hex[:12]}"
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD 'owner words'"))
            conn.execute(text(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}"))
    finally:
        engine.dispose()
    base = make_url(database_url() or "")
    url = base.set(username=owner, query={**base.query, "options": f"-csearch_path={schema}"})
    monkeypatch.setenv("CASEWORKER_DATABASE_URL", url.render_as_string(hide_password=False))
    monkeypatch.setenv("PGPASSWORD", "owner words")
    answers = SetupAnswers("Sam Worker", "worker", "Riverside DAS", PASSPHRASE)
    db = initialise(tmp_path / "cw", answers)
    try:
        kim = persons.add_person(db, "Kim Supervisor", "supervisor", KIM_PASS)
    finally:
        db.close()
    opened = open_as(tmp_path / "cw", KIM_PASS)  # the owner login, Kim's passphrase
    try:
        assert opened.worker_id == kim
    finally:
        opened.close()
    monkeypatch.delenv("PGPASSWORD")
    with pytest.MonkeyPatch.context() as mp:  # Kim's own login: the passphrase its password
        mp.setenv("CASEWORKER_DATABASE_URL", logins.url_for(database_url() or "", kim))
        opened = open_as(tmp_path / "cw", KIM_PASS)
        try:
            assert opened.worker_id == kim
        finally:
            opened.close()
    # The owner's password missing: said as the owner's, not taken for a wrong passphrase.
    with pytest.raises(StorageError, match=r"refused the login .*PGPASSWORD"):
        open_as(tmp_path / "cw", KIM_PASS)


def test_adding_to_a_caseload_set_up_before_logins_keeps_its_first_owner(team, monkeypatch):
    db, ids = team
    engine = _admin()
    try:
        with engine.connect() as conn:  # as a caseload set up by an earlier release
            for person in ids.values():
                conn.execute(text(f'DROP ROLE "{logins.login_name(person)}"'))
            conn.execute(text("DELETE FROM setting WHERE key = 'owner_login'"))
    finally:
        engine.dispose()
    lee = persons.add_person(db, "Lee Worker", "worker", "lee's own words")
    db.close()
    for passphrase, who in (("lee's own words", lee), (PASSPHRASE, ids["sam"])):
        opened = open_as(db.data_dir, passphrase)
        try:
            assert opened.worker_id == who
        finally:
            opened.close()
    # Sam gives themselves a login of their own: from then on their passphrase is checked.
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", "sam's new words")
    assert main(["--data-dir", str(db.data_dir), "passphrase"]) == 0
    opened = open_as(db.data_dir, "sam's new words", ids["sam"])
    try:
        assert opened.worker_id == ids["sam"]
    finally:
        opened.close()
    with pytest.raises(WrongPassphrase):
        open_as(db.data_dir, "any words at all")


def _schema() -> str:
    options = make_url(database_url() or "").query.get("options", "")
    return str(options).removeprefix("-csearch_path=")
