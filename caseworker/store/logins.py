"""People on a server database (PostgreSQL): one database login each.

On the local file a person is a slot of the key file (store/keyfile.py); on a server the
server itself tells people apart: each person is a login named from their id
(``cw_<id in hex>``), whose password is their passphrase, and who uses the caseload's
tables through the caseload's staff role (``cw_staff_<first owner's id>``). Connecting as
that login is unlocking as that person: the trail records who connected.

What a person's login may do, enforced by the server, not only by the app (_GUARD): read
and write the records; add to the trail, only as themselves, never change or remove an
event of it; read the people and the settings, never change who is on the caseload, their
roles, or the settings that say whose caseload it is; never change the schema. A record
changed around the app (SQL typed straight at the server) is still theirs to change, and
`caseworker check` finds it (its replay of the trail names the record).

The login that set the caseload up (the URL `caseworker init` ran with; it owns the tables
and needs CREATEROLE) is the caseload's owner: only it makes or removes logins or upgrades
the schema, and with it the passphrase typed says who is at the keyboard. Its own password
is never the passphrase: it comes with its URL, PGPASSWORD or ~/.pgpass, as for any libpq
program. A person's passphrase is sent to the server already hashed when a login is made
(SCRAM-SHA-256, made by libpq), so it is in no statement, log or ``pg_stat_activity``;
when they connect, SCRAM proves it without sending it (the server must ask for
``scram-sha-256`` in pg_hba.conf: with ``password`` it would travel in the clear).

Telling people apart by passphrase (sign-off, removal) is one login attempt per person:
the server checks the password, as it does at every connection.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from caseworker.core.errors import AlreadyExists, NotAllowed, StorageError, WrongPassphrase

if TYPE_CHECKING:
    from psycopg import sql
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session

LOGIN_PREFIX = "cw_"
_OWNER_ONLY = (
    "Only the caseload's owner login on the server (the one `caseworker init` ran with, "
    "which may create roles) can add or remove people there. Nothing was changed."
)
_STAFF_PREFIX = "cw_staff_"
# What the server says when a login is refused (psycopg gives no SQLSTATE for a failed
# connection): a wrong or missing password, or a login that does not exist (the server
# does not say which). Server messages are in its lc_messages; these are PostgreSQL's own.
_REFUSED = ("password authentication failed", "no password supplied")


def login_name(person_id: uuid.UUID) -> str:
    return f"{LOGIN_PREFIX}{person_id.hex}"


def person_of_login(login: str | None) -> uuid.UUID | None:
    """The person a login is named after (None: not a person's login, e.g. the owner's).
    Exactly the name login_name makes: uuid.UUID would also read upper case, braces or
    "urn:uuid:", which would let a role named otherwise pass for someone."""
    if not login or not login.startswith(LOGIN_PREFIX):
        return None
    try:
        person = uuid.UUID(hex=login.removeprefix(LOGIN_PREFIX))
    except ValueError:
        return None
    return person if login_name(person) == login else None


def is_refused_login(exc: BaseException) -> bool:
    """Did the server refuse the login (no password, or a wrong one), rather than not
    answer? libpq says whether it was asked for a password it did not have; a wrong one
    only the server's message says (in its own language: these are PostgreSQL's English)."""
    orig = getattr(exc, "orig", exc) or exc
    pgconn = getattr(orig, "pgconn", None)
    if pgconn is not None and getattr(pgconn, "needs_password", False):
        return True
    return any(words in str(orig) for words in _REFUSED)


def with_password(url: str | URL, passphrase: str | None) -> URL:
    """A person's URL (their own login, no password in it) with their passphrase as its
    password; any other URL as it is (the owner's password is its own: in the URL,
    PGPASSWORD or ~/.pgpass)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if passphrase and person_of_login(parsed.username) and parsed.password is None:
        return parsed.set(password=passphrase)
    return parsed


# Query parameters of a URL that are secrets, or say where one is (never handed on).
_SECRET_QUERY = ("password", "sslpassword", "passfile", "sslkey", "user")


def url_for(url: str, person_id: uuid.UUID) -> str:
    """The URL a person opens the caseload with: the server's, with their login and no
    password (they type their passphrase to unlock), nor any secret of the owner's."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    query = {k: v for k, v in parsed.query.items() if k.lower() not in _SECRET_QUERY}
    # _replace: URL.set leaves a part alone when given None.
    mine = parsed.set(username=login_name(person_id), query=query)._replace(password=None)
    return mine.render_as_string(hide_password=False)


def connected_login(session: Session) -> str:
    """The login that connected (session_user: a SET ROLE, or a role= in the URL's
    options, changes current_user, not who logged in)."""
    from sqlalchemy import text

    return str(session.execute(text("SELECT session_user")).scalar_one())


def require_owner_login(session: Session) -> None:
    """Making, changing others' or closing logins is the owner login's: a person's own
    login is refused before anything is tried (the server would refuse it anyway)."""
    if person_of_login(connected_login(session)) is not None:
        raise NotAllowed(_OWNER_ONLY)


def logins_present(session: Session, people: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people have a login that can connect."""
    from sqlalchemy import text

    names = {login_name(p): p for p in people}
    if not names:
        return set()
    rows = session.execute(
        text("SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname = ANY(:names)"),
        {"names": list(names)},
    ).scalars()
    return {names[r] for r in rows}


def create_login(session: Session, owner: uuid.UUID, person_id: uuid.UUID, passphrase: str) -> None:
    """Make the person's login (password: their passphrase) in the caseload's staff role,
    in the session's transaction: it commits, or is undone, with the person's row."""
    from psycopg import sql

    raw = _driver_connection(session)
    staff = f"{_STAFF_PREFIX}{owner.hex}"
    login = login_name(person_id)
    verifier = _verifier(raw, login, passphrase)
    try:
        with raw.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (staff,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(staff)))
            _grant_tables(cur, staff)
            cur.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(login), verifier, sql.Identifier(staff)
                )
            )
    except Exception as exc:
        raise _plain(exc) from None


# The server's side of what a person's login may do (see the module's docstring): the
# trail only as themselves, and not the settings that say whose caseload it is. The owner
# login (or any other with the rights) is not a person's: not judged here.
_GUARD = """
CREATE OR REPLACE FUNCTION {schema}.caseworker_login_guard() RETURNS trigger
LANGUAGE plpgsql AS $guard$
DECLARE
    login text := session_user;
    setting_key text;
BEGIN
    IF login !~ '^cw_[0-9a-f]{{32}}$' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'trail_event' THEN
        IF NEW.worker_id IS DISTINCT FROM substr(login, 4)::uuid THEN
            RAISE EXCEPTION 'permission denied: a login adds to the trail only as its own person'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    setting_key := CASE WHEN TG_OP = 'INSERT' THEN NEW.key ELSE OLD.key END;
    IF setting_key IN ('current_worker_id', 'owner_login', 'service_name')
       OR (TG_OP = 'UPDATE' AND NEW.key IN ('current_worker_id', 'owner_login', 'service_name'))
    THEN
        RAISE EXCEPTION 'permission denied: only the owner login changes whose caseload this is'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$guard$
"""


def _grant_tables(cur, staff: str) -> None:
    """The staff role's rights on the caseload's schema (and on the tables its migrations
    add later, made by this owner), and the guard's triggers. Made again at each new
    login, so tables added since the last are covered."""
    from psycopg import sql

    cur.execute("SELECT current_schema()")
    (schema,) = cur.fetchone()
    names = {"schema": sql.Identifier(schema), "staff": sql.Identifier(staff)}
    for statement in (
        "GRANT USAGE ON SCHEMA {schema} TO {staff}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {staff}",
        "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {staff}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {staff}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        "GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {staff}",
        # Read only: the migrations' record, and who is on the caseload with which role
        # (a worker who could write "supervisor" beside their name could sign their own
        # supervision). The trail: added to, never changed or removed.
        "REVOKE INSERT, UPDATE, DELETE ON TABLE {schema}.alembic_version FROM {staff}",
        "REVOKE INSERT, UPDATE, DELETE ON TABLE {schema}.worker FROM {staff}",
        "REVOKE UPDATE, DELETE ON TABLE {schema}.trail_event FROM {staff}",
        _GUARD,
        "DROP TRIGGER IF EXISTS caseworker_login_guard ON {schema}.trail_event",
        "CREATE TRIGGER caseworker_login_guard BEFORE INSERT ON {schema}.trail_event "
        "FOR EACH ROW EXECUTE FUNCTION {schema}.caseworker_login_guard()",
        "DROP TRIGGER IF EXISTS caseworker_login_guard ON {schema}.setting",
        "CREATE TRIGGER caseworker_login_guard BEFORE INSERT OR UPDATE OR DELETE "
        "ON {schema}.setting "
        "FOR EACH ROW EXECUTE FUNCTION {schema}.caseworker_login_guard()",
    ):
        cur.execute(sql.SQL(statement).format(**names))


def change_password(session: Session, person_id: uuid.UUID, passphrase: str) -> None:
    """The person's login takes a new password (in the session's transaction). A login may
    change its own; the owner login anyone's."""
    from psycopg import sql

    raw = _driver_connection(session)
    login = login_name(person_id)
    verifier = _verifier(raw, login, passphrase)
    try:
        with raw.cursor() as cur:
            cur.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(login), verifier)
            )
    except Exception as exc:
        raise _plain(exc) from None


def close_login(session: Session, owner: uuid.UUID, person_id: uuid.UUID) -> None:
    """The person can no longer connect (in the session's transaction): their login stays,
    with no password, no right to log in and out of the staff role. (Not dropped: a role
    the person gave rights of their own, e.g. ALTER DEFAULT PRIVILEGES, could not be; and
    its name, their id, is never anyone else's.) A connection they have open now goes on
    until it closes (the app's idle lock closes it)."""
    from psycopg import sql

    raw = _driver_connection(session)
    login = sql.Identifier(login_name(person_id))
    staff = sql.Identifier(f"{_STAFF_PREFIX}{owner.hex}")
    try:
        with raw.cursor() as cur:
            cur.execute(sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(login))
            cur.execute(sql.SQL("REVOKE {} FROM {}").format(staff, login))
    except Exception as exc:
        raise _plain(exc) from None


def identify(engine: Engine, people: list[uuid.UUID], passphrase: str) -> uuid.UUID:
    """Whose login this passphrase is the password of: one login attempt each, in turn."""
    for person in people:
        if connects(engine, login_name(person), passphrase):
            return person
    raise WrongPassphrase("That passphrase is not right.")


def refuse_shared_passphrase(engine: Engine, people: list[uuid.UUID], passphrase: str) -> None:
    """Two people with one passphrase could not be told apart (as keyfile's)."""
    from caseworker.core.errors import SetupError

    try:
        identify(engine, people, passphrase)
    except WrongPassphrase:
        return
    raise SetupError("That passphrase is already in use on this caseload: choose another.")


def connects(engine: Engine, login: str, passphrase: str) -> bool:
    """Does the server let ``login`` in with this password (on the engine's server and
    database)? A new connection, closed at once; a fault other than a refusal is raised."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import NullPool

    url = engine.url.set(username=login, password=passphrase)
    trial = create_engine(url, poolclass=NullPool, hide_parameters=True)
    try:
        with trial.connect():
            return True
    except OperationalError as exc:
        if is_refused_login(exc):
            return False
        raise StorageError("The database server cannot be reached. Nothing was saved.") from None
    finally:
        trial.dispose()


def _verifier(raw, login: str, passphrase: str) -> sql.Literal:
    """The password as the server stores it (SCRAM-SHA-256, made here by libpq): what the
    role statements carry instead of the passphrase."""
    from psycopg import sql

    made = raw.pgconn.encrypt_password(passphrase.encode(), login.encode(), b"scram-sha-256")
    return sql.Literal(made.decode())


def _driver_connection(session: Session):
    return session.connection().connection.dbapi_connection


def _plain(exc: Exception) -> Exception:
    """A fault making or changing a login, in words, told apart by its SQLSTATE (the
    driver's message may hold the statement, and so the password's hash)."""
    state = getattr(exc, "sqlstate", None)
    if state == "42501":  # insufficient_privilege
        return NotAllowed(_OWNER_ONLY)
    if state == "42710":  # duplicate_object
        return AlreadyExists("That person already has a login on the server. Nothing was changed.")
    return StorageError(f"The server refused the login change ({type(exc).__name__}).")
