"""Connecting to a server database (PostgreSQL, CASEWORKER_DATABASE_URL): is a caseload
there, and what a refused or failed connection means, in words. Who the login is, and what
it may do, is store/logins.py."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine

from caseworker.core.errors import StorageError, WrongPassphrase


def server_has_caseload(url: str) -> bool:
    """A server database counts as set up once `init` has recorded its worker."""
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT value FROM setting WHERE key = 'current_worker_id'"
            ).first()
        return row is not None
    except OperationalError as exc:
        # A person's login asks for its password (their passphrase): there is a caseload
        # to open, and opening asks for it. Any other refusal, or no answer, says nothing
        # about a caseload: said as it is, never "set one up".
        server_fault(engine, exc, person_asks=True)
        return True
    except SQLAlchemyError:
        return False  # the server answered: no caseload's tables here
    finally:
        engine.dispose()


def probe_server(engine: Engine) -> None:
    """Connect once, so a refused login and an unreachable server are each said so,
    before the migrations meet either."""
    from sqlalchemy.exc import OperationalError

    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        server_fault(engine, exc)


def server_fault(engine: Engine, exc: Exception, *, person_asks: bool = False) -> None:
    """A connection the server did not let through, in words. A person's own login
    refused: their passphrase is not right (WrongPassphrase; ``person_asks``: return, the
    passphrase is still to be asked). The owner's: its password, which is not the
    passphrase but the URL's own (or PGPASSWORD, ~/.pgpass)."""
    from caseworker.store.logins import is_refused_login, person_of_login

    login = engine.url.username or ""
    if is_refused_login(exc):
        if person_of_login(login) is not None:
            if person_asks:
                return
            raise WrongPassphrase(
                f"That passphrase is not right (the server refused the login {login!r})."
            ) from None
        raise StorageError(
            f"The database server refused the login {login!r}: check the password in "
            "CASEWORKER_DATABASE_URL (or PGPASSWORD, ~/.pgpass)."
        ) from None
    raise StorageError("The database server cannot be reached.") from None
