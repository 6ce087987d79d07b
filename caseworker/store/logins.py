"""People on a server database (PostgreSQL): one database login each.

On the local file a person is a slot of the key file (store/keyfile.py); on a server the
server itself tells people apart: each person is a login named from their id
(``cw_<id in hex>``), whose password is their passphrase, and who may use the caseload's
tables through the caseload's staff role (``cw_staff_<first owner's id>``), never change
its schema. Connecting as that login is unlocking as that person: the trail records who
connected, and nobody can be recorded as someone else without that person's passphrase.

The login that set the caseload up (the URL `caseworker init` ran with; it owns the tables
and needs CREATEROLE) is the caseload's administrator: opening with it works as the
caseload's first person, as a server database always did, and only it can make or drop
logins. The passphrase is sent to the server already hashed (SCRAM-SHA-256, made by
libpq), so it is in no statement, log or ``pg_stat_activity``.

Telling people apart by passphrase (sign-off, removal) is one login attempt per person:
the server checks the password, as it does at every connection.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from caseworker.core.errors import AlreadyExists, NotAllowed, StorageError, WrongPassphrase

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session

LOGIN_PREFIX = "cw_"
_STAFF_PREFIX = "cw_staff_"
# What the server says when a login is refused (psycopg gives no SQLSTATE for a failed
# connection): a wrong or missing password, or a login that does not exist (the server
# does not say which). Server messages are in its lc_messages; these are PostgreSQL's own.
_REFUSED = ("password authentication failed", "no password supplied")


def login_name(person_id: uuid.UUID) -> str:
    return f"{LOGIN_PREFIX}{person_id.hex}"


def person_of_login(login: str) -> uuid.UUID | None:
    """The person a login is named after (None: not a person's login, e.g. the owner's)."""
    if not login.startswith(LOGIN_PREFIX) or login.startswith(_STAFF_PREFIX):
        return None
    try:
        return uuid.UUID(hex=login.removeprefix(LOGIN_PREFIX))
    except ValueError:
        return None


def is_refused_login(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc) or exc)
    return any(words in text for words in _REFUSED)


def with_password(url: str | URL, passphrase: str | None) -> URL:
    """The URL, with the passphrase as its password if it names a login and no password
    (a person's URL); as it is otherwise."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if passphrase and parsed.username and parsed.password is None:
        return parsed.set(password=passphrase)
    return parsed


def url_for(url: str, person_id: uuid.UUID) -> str:
    """The URL a person opens the caseload with: the server's, with their login and no
    password (they type their passphrase to unlock)."""
    from sqlalchemy.engine import make_url

    # _replace: URL.set leaves a part alone when given None, and the owner's password
    # must not be handed on.
    mine = make_url(url).set(username=login_name(person_id))._replace(password=None)
    return mine.render_as_string(hide_password=False)


def connected_login(session: Session) -> str:
    from sqlalchemy import text

    return str(session.execute(text("SELECT current_user")).scalar_one())


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
    verifier = raw.pgconn.encrypt_password(passphrase.encode(), login.encode(), b"scram-sha-256")
    try:
        with raw.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (staff,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(staff)))
            _grant_tables(cur, staff)
            cur.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(login), sql.Literal(verifier.decode()), sql.Identifier(staff)
                )
            )
    except Exception as exc:
        raise _plain(exc) from None


def _grant_tables(cur, staff: str) -> None:
    """The staff role uses every table of the caseload's schema (and those its migrations
    add later, made by this owner), never its schema or its migration record. Granted again
    at each new login, so tables added since the last are covered whoever made them."""
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
        "REVOKE INSERT, UPDATE, DELETE ON TABLE {schema}.alembic_version FROM {staff}",
    ):
        cur.execute(sql.SQL(statement).format(**names))


def change_password(session: Session, person_id: uuid.UUID, passphrase: str) -> None:
    """The person's login takes a new password (in the session's transaction). A login may
    change its own; the owner login anyone's."""
    from psycopg import sql

    raw = _driver_connection(session)
    login = login_name(person_id)
    verifier = raw.pgconn.encrypt_password(passphrase.encode(), login.encode(), b"scram-sha-256")
    try:
        with raw.cursor() as cur:
            cur.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(login), sql.Literal(verifier.decode())
                )
            )
    except Exception as exc:
        raise _plain(exc) from None


def drop_login(session: Session, person_id: uuid.UUID) -> None:
    """The person can no longer connect (in the session's transaction)."""
    from psycopg import sql

    raw = _driver_connection(session)
    try:
        with raw.cursor() as cur:
            cur.execute(
                sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login_name(person_id)))
            )
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


def _driver_connection(session: Session):
    return session.connection().connection.dbapi_connection


def _plain(exc: Exception) -> Exception:
    """A fault making or dropping a login, in words (the driver's message may hold the
    statement, and so the password's hash)."""
    text = str(exc).lower()
    if "permission denied" in text or "must have" in text or "privilege" in text:
        return NotAllowed(
            "Only the caseload's owner login on the server (the one `caseworker init` ran "
            "with, which may create roles) can add or remove people there. Nothing was changed."
        )
    if "already exists" in text:
        return AlreadyExists("That person already has a login on the server. Nothing was changed.")
    return StorageError(f"The server refused the login change ({type(exc).__name__}).")
