"""The people on one caseload, and who is at the keyboard.

Each person is a Worker row (kept for ever: the trail and every ``created_by`` name them)
and, while they may open the caseload, a slot of the key file: the data key wrapped by
their own passphrase (store/keyfile.py). The passphrase typed to unlock says whose slot
opened, so ``db.worker_id`` is that person and every change is recorded as theirs.

Who may change the list (enforced here, not only in what a screen offers):
- anyone on the caseload may add a worker; only a supervisor may add a supervisor, except
  the first one, on a caseload that has none yet (a worker's own caseload, which could
  otherwise never get one) — recorded in the trail like every addition;
- a supervisor may remove anyone's slot; a worker only their own;
- the last slot is never removed (nobody could open the caseload again).
The remover proves who they are with their own passphrase, whoever unlocked.

On a server database (CASEWORKER_DATABASE_URL) there is no key file: each person is a
database login instead, whose password is their passphrase (store/logins.py), and the same
rules hold. The login connected is who is at the keyboard.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caseworker.core import vocab
from caseworker.core.errors import (
    AlreadyExists,
    CaseloadLocked,
    NotAllowed,
    NotFound,
    SetupError,
    StorageError,
    WrongPassphrase,
)
from caseworker.core.validation import LINE, NAME, text_problem
from caseworker.store import keyfile, logins
from caseworker.store.keyfile import KdfParams

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from caseworker.store.database import Database
    from caseworker.store.models import Worker


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    name: str
    role: str  # vocab.WORKER_ROLES
    team: str
    has_slot: bool  # may open the caseload (removed people keep their row, not their slot)


def load_person_at_keyboard(
    db: Database, person_id: uuid.UUID | None, passphrase: str | None = None
) -> None:
    """Set ``db.worker_id`` to whoever unlocked: the slot's person; on a server the
    person whose login is connected, or, through the owner login, whose login the
    passphrase is (``passphrase``); or (a file of before slots, a server where nobody has
    a login yet) the caseload's first owner, ``current_worker_id``. A file of before
    slots is then rewritten with that owner's slot (keyfile.give_slots)."""
    from sqlmodel import col, select

    from caseworker.store.models import Worker
    from caseworker.store.settings import setting

    unreadable = StorageError(
        "The caseload's worker record cannot be read (the database may be damaged). "
        "Run caseworker check to see what is wrong; restore from your latest backup."
    )
    try:
        with db.session() as s:
            value = setting(s, "current_worker_id")
            owner = uuid.UUID(value) if value else None
            if not db.encrypted:
                person_id = _person_connected(s)
            worker = person_id or owner
            owner_login = not db.encrypted and person_id is None
            # The first owner's row too: a setting naming nobody is damage, whoever unlocked.
            for wanted in {worker, owner} - {None}:
                found = s.execute(select(col(Worker.id)).where(col(Worker.id) == wanted)).first()
                if found is None:
                    raise unreadable
    except (StorageError, ValueError):
        raise unreadable from None
    if owner_login:
        worker = _person_by_passphrase(db, passphrase, owner) or worker
    db.worker_id = worker
    if db.encrypted and person_id is None and owner is not None:
        keyfile.give_slots(db.key_path, owner)


def _person_connected(session: Session) -> uuid.UUID | None:
    """On a server: the person whose login is connected; None for the owner login (the
    passphrase then says who). Any other login is nobody on this caseload: refused."""
    from caseworker.store.settings import setting

    login = logins.connected_login(session)
    person = logins.person_of_login(login)
    if person is not None:
        return person
    owner_login = setting(session, "owner_login")
    if owner_login and owner_login != login:
        raise NotAllowed(
            f"The database login {login!r} is not anyone on this caseload: connect with your "
            "own login (caseworker person list shows them), or ask whoever set it up."
        )
    return None


def _person_by_passphrase(
    db: Database, passphrase: str | None, first_owner: uuid.UUID | None
) -> uuid.UUID | None:
    """The owner login connected: the passphrase says who is at the keyboard (their own
    login lets them in with it: the server checks it). None (the first owner, as it always
    was) on a caseload set up before people had logins, while its first owner has none:
    the passphrase of someone added since says it is them; any other, the first owner
    (the owner login is theirs; `caseworker passphrase` gives them a login of their own)."""
    with_login = _with_login(db)
    if not with_login:
        return None
    try:
        return logins.identify(db.engine, with_login, passphrase or "")
    except WrongPassphrase:
        if first_owner in with_login:
            raise
        return None


def _slot_doc(db: Database) -> dict:
    return keyfile.read(db.key_path)


def list_people(db: Database) -> list[Person]:
    """Everyone who has worked on the caseload, by name; ``has_slot``: may still open it."""
    from sqlmodel import col, select

    from caseworker.store.models import Worker

    slots = set(keyfile.slot_people(_slot_doc(db))) if db.encrypted else set()
    if db.encrypted and not slots and db.worker_id is not None:
        slots = {db.worker_id}  # a file of before slots (read-only, so not upgraded)
    with db.session() as s:
        rows = s.scalars(select(Worker).order_by(col(Worker.name))).all()
        if not db.encrypted:  # a server: who has a login
            slots = logins.logins_present(s, [w.id for w in rows])
        return [Person(w.id, w.name, w.role, w.team, w.id in slots) for w in rows]


def _with_login(db: Database) -> list[uuid.UUID]:
    return [p.id for p in list_people(db) if p.has_slot]


def _had_a_supervisor(db: Database, people: list[Person]) -> bool:
    """A supervisor can open this caseload, or once could (added here, since removed). A
    supervisor named only in imported records never had a passphrase here: not counted."""
    from sqlmodel import col, select

    from caseworker.store.models import TrailEvent

    supervisors = {p.id for p in people if p.role == "supervisor"}
    if any(p.has_slot for p in people if p.id in supervisors):
        return True
    with db.session() as s:
        added = s.scalars(
            select(col(TrailEvent.entity_id)).where(col(TrailEvent.action) == "person_add")
        )
        return any(entity in {str(i) for i in supervisors} for entity in added)


def find_person(db: Database, name: str) -> Person:
    # Case and spacing ignored, as supervision's worker_by_name compares them.
    wanted = " ".join(name.split()).casefold()
    for person in list_people(db):
        if " ".join(person.name.split()).casefold() == wanted:
            return person
    raise NotFound(f"Nobody called {name.strip()!r} is on this caseload.")


def _check_new_person(name: str, role: str, team: str, passphrase: str) -> None:
    from caseworker.store.setup import check_passphrase

    if not name.strip():
        raise SetupError("A name is required.")
    if role not in vocab.values(vocab.WORKER_ROLES):
        raise SetupError("Role must be 'worker' or 'supervisor'.")
    for label, value, limit in (("Name", name, NAME), ("Team", team, LINE)):
        problem = text_problem(value.strip(), max_len=limit)
        if problem:
            raise SetupError(f"{label} {problem}.")
    check_passphrase(passphrase)


def add_person(
    db: Database,
    name: str,
    role: str,
    passphrase: str,
    *,
    team: str = "",
    kdf: KdfParams | None = None,
) -> uuid.UUID:
    """Add a person (a Worker row and a slot of the key file, under their own passphrase),
    by whoever is at the keyboard. Returns their id."""
    from caseworker.store.models import Worker
    from caseworker.store.trail import append_event

    _check_new_person(name, role, team, passphrase)
    if db.encrypted and db.data_key is None:
        raise CaseloadLocked()
    people = list_people(db)
    if any(p.name.casefold() == name.strip().casefold() for p in people):
        raise AlreadyExists(f"Someone called {name.strip()!r} is already on this caseload.")
    # The first supervisor of a caseload is added by whoever set it up; once there has been
    # one (even one since removed), only a supervisor adds another - or a worker could make
    # a "supervisor" of their own and sign off their own supervision with it.
    if role == "supervisor" and _had_a_supervisor(db, people):
        with db.session() as s:
            require_role(s, db.worker_id, "supervisor", "add a supervisor")
    if not db.encrypted:
        return _add_login(db, name, role, team, passphrase, people)
    keyfile.refuse_shared_passphrase(_slot_doc(db), passphrase)
    data_key = db.data_key
    assert data_key is not None  # an encrypted caseload, unlocked (checked above)
    person = Worker(name=name.strip(), role=role, team=team.strip())
    try:
        with db.session() as s:
            s.add(person)
            s.flush()
            summary = f"A {role} can now open the caseload with their passphrase"
            append_event(s, "person_add", "keyfile", entity_id=str(person.id), summary=summary)
            keyfile.add_slot(db.key_path, data_key, person.id, passphrase, kdf)
    except BaseException:
        # The row was not saved: a slot for nobody must not stay behind (the slot may be
        # written even when add_slot fails: renamed into place, then the folder's fsync).
        if person.id in keyfile.slot_people(_slot_doc(db)):
            keyfile.remove_slot(db.key_path, person.id)
        raise
    return person.id


def _add_login(
    db: Database, name: str, role: str, team: str, passphrase: str, people: list[Person]
) -> uuid.UUID:
    """A person on a server database: their row and their login, in one transaction."""
    from caseworker.store.models import Setting, Worker
    from caseworker.store.settings import setting
    from caseworker.store.trail import append_event

    with db.session() as s:
        logins.require_owner_login(s)
    logins.refuse_shared_passphrase(db.engine, [p.id for p in people if p.has_slot], passphrase)
    person = Worker(name=name.strip(), role=role, team=team.strip())
    with db.session() as s:
        s.add(person)
        s.flush()
        owner = uuid.UUID(setting(s, "current_worker_id"))
        if not setting(s, "owner_login"):  # set up before logins: this login is its owner
            s.add(Setting(key="owner_login", value=logins.connected_login(s)))
        logins.create_login(s, owner, person.id, passphrase)
        summary = f"A {role} can now open the caseload with their own database login"
        append_event(s, "person_add", "login", entity_id=str(person.id), summary=summary)
    return person.id


def identify(db: Database, passphrase: str) -> uuid.UUID:
    """Whose slot (on a server, whose login) this passphrase opens (WrongPassphrase if
    nobody's). One Argon2 or one login attempt per person tried: run it off the event
    loop."""
    if not db.encrypted:
        return logins.identify(db.engine, _with_login(db), passphrase)
    opened = keyfile.open_document(_slot_doc(db), passphrase)
    if opened.data_key != db.data_key and db.data_key is not None:
        raise WrongPassphrase("That passphrase is not right.")  # another caseload's slot
    if opened.person_id is not None:
        return opened.person_id
    from caseworker.store.settings import setting

    with db.session() as s:  # a file of before slots: its one wrap is the first owner's
        return uuid.UUID(setting(s, "current_worker_id"))


def change_login_passphrase(db: Database, new: str) -> None:
    """On a server: the person at the keyboard (who opened with their old passphrase) gets
    a new one, their login's password. (On the local file: keyfile.change_passphrase.)"""
    from caseworker.store.setup import check_passphrase
    from caseworker.store.trail import append_event

    check_passphrase(new)
    if db.worker_id is None:
        raise NotAllowed("Nobody is recorded as at the keyboard: open the caseload as yourself.")
    with_login = _with_login(db)
    others = [p for p in with_login if p != db.worker_id]
    logins.refuse_shared_passphrase(db.engine, others, new)
    from caseworker.store.settings import setting

    with db.session() as s:
        if db.worker_id in with_login:
            logins.change_password(s, db.worker_id, new)
        else:  # the first owner of a caseload set up before logins: their own login now
            owner = uuid.UUID(setting(s, "current_worker_id"))
            logins.create_login(s, owner, db.worker_id, new)
        append_event(s, "passphrase", "login", summary="Passphrase changed")


def require_role(
    session: Session, person_id: uuid.UUID | None, role: str, to_do: str = "do this"
) -> Worker:
    """The person's Worker row, if their role is ``role``; NotAllowed otherwise."""
    from caseworker.store.models import Worker

    person = session.get(Worker, person_id) if person_id is not None else None
    if person is None:
        raise NotAllowed(f"Only a {role} can {to_do}, and nobody is recorded as at the keyboard.")
    if person.role != role:
        raise NotAllowed(f"Only a {role} can {to_do}: {person.name} is a {person.role}.")
    return person


def remove_person(db: Database, person_id: uuid.UUID, remover_passphrase: str) -> None:
    """Take the person's slot out of the key file (their Worker row stays: the trail and
    the records name them). The remover is whoever ``remover_passphrase`` belongs to."""
    from caseworker.store.models import Worker
    from caseworker.store.trail import append_event

    remover = identify(db, remover_passphrase)
    slots = keyfile.slot_people(_slot_doc(db)) if db.encrypted else _with_login(db)
    if person_id not in slots:
        raise NotFound("That person cannot open this caseload already: nothing to remove.")
    if len(slots) == 1:
        raise NotAllowed(
            "That is the last person who can open this caseload: add someone else first."
        )
    with db.session() as s:
        if remover != person_id:
            require_role(s, remover, "supervisor", "remove someone else")
        gone = s.get(Worker, person_id)
        role = gone.role if gone is not None else "person"
    if not db.encrypted:
        from caseworker.store.settings import setting

        with db.session() as s:
            logins.require_owner_login(s)
            s.info["worker_id"] = remover
            owner = uuid.UUID(setting(s, "current_worker_id"))
            logins.close_login(s, owner, person_id)
            append_event(s, "person_remove", "login", entity_id=str(person_id),
                         summary=f"A {role} can no longer open the caseload")  # fmt: skip
        return
    slot = next(s for s in _slot_doc(db)["slots"] if s["person"] == str(person_id))
    try:
        with db.session() as s:
            s.info["worker_id"] = remover  # recorded as the remover's, whoever unlocked
            append_event(s, "person_remove", "keyfile", entity_id=str(person_id),
                         summary=f"A {role} can no longer open the caseload")  # fmt: skip
            s.flush()
            keyfile.remove_slot(db.key_path, person_id)
    except BaseException:
        # The event was not saved: put the slot back if it went (even when remove_slot
        # failed: renamed into place, then the folder's fsync).
        if person_id not in keyfile.slot_people(_slot_doc(db)):
            keyfile.put_back_slot(db.key_path, slot)
        raise
