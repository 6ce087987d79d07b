"""Tables derived from other records (today: the due items), kept in step with them in
the same transaction as the change that feeds them.

A derivation is registered by the package that gathers its rules (caseworker.agenda sits
above every capability whose rules it reads, so the store cannot import it: hence this
registry). It names the tables that feed it, how to recompute some clients' rows, and a
fingerprint of everything else its rules read (the effective protocol, the rules' version).

- A ``before_flush`` listener (beside the trail's) collects the clients whose feeding
  records were created, changed or deleted in the session.
- Just before commit, each derivation recomputes those clients; its rows, and their trail
  events, commit with the change that caused them, or not at all.
- When a Database first opens a session after a derivation is registered, the stored
  fingerprint (Setting ``derived.<name>``) is compared with the current one; a mismatch
  (the protocol or the rules changed, or a database made before the derivation existed)
  recomputes every client (see Database.session).

Code that writes client records without having imported the package that registers a
derivation (a script using only the store and caseworker.people) cannot keep the derived
rows in step; it forgets every stored fingerprint instead, in the same transaction, so the
next session that has the derivation registered recomputes everyone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.errors import CaseworkerError
from caseworker.store.models import Client, Record, Setting, client_of

_PENDING = "_derived_pending"
_FORGOTTEN = "_derived_fingerprints_forgotten"
_MAX_ROUNDS = 10


@dataclass(frozen=True)
class Derivation:
    name: str
    # Table names whose records, when created, changed or deleted, make a client's rows stale.
    feeds: frozenset[str]
    # Recompute these clients' rows (clients that no longer exist keep none).
    refresh: Callable[[Session, Collection[uuid.UUID]], None]
    # Everything else the rules read, as one string: when it changes, everyone is recomputed.
    fingerprint: Callable[[], str]


_registry: dict[str, Derivation] = {}


def register(derivation: Derivation) -> None:
    _registry[derivation.name] = derivation


def registered() -> frozenset[str]:
    return frozenset(_registry)


def setting_key(name: str) -> str:
    return f"derived.{name}"


@event.listens_for(Session, "before_flush")
def _collect_touched_clients(session: Session, flush_context: Any, instances: Any) -> None:
    dirty = [o for o in session.dirty if session.is_modified(o)]
    touched = [o for o in chain(session.new, dirty, session.deleted) if isinstance(o, Record)]
    if not _registry:
        if not session.info.get(_FORGOTTEN) and any(client_of(o) is not None for o in touched):
            with session.no_autoflush:
                session.execute(
                    delete(Setting)
                    .where(col(Setting.key).like(setting_key("%")))
                    .execution_options(synchronize_session=False)
                )
            session.info[_FORGOTTEN] = True
        return
    pending: dict[str, set[uuid.UUID]] = session.info.setdefault(_PENDING, {})
    for obj in touched:
        client_id = client_of(obj)
        if client_id is None:
            continue
        for derivation in _registry.values():
            if obj.__tablename__ in derivation.feeds:
                pending.setdefault(derivation.name, set()).add(client_id)


def touch(session: Session, client_ids: Collection[uuid.UUID]) -> None:
    """Mark these clients' derived rows stale, for a change the collector cannot see: one
    to a record about no single client (a supervision session signed off makes the actions
    agreed in it, each about a client, count from then on)."""
    pending: dict[str, set[uuid.UUID]] = session.info.setdefault(_PENDING, {})
    for derivation in _registry.values():
        pending.setdefault(derivation.name, set()).update(client_ids)


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    if not _registry:
        return
    session.flush()  # the last changes reach the collector
    for _ in range(_MAX_ROUNDS):
        pending: dict[str, set[uuid.UUID]] | None = session.info.pop(_PENDING, None)
        if not pending:
            return
        for name, client_ids in pending.items():
            derivation = _registry.get(name)
            if derivation is not None:
                derivation.refresh(session, client_ids)
        session.flush()
    raise RuntimeError("derived tables keep feeding each other: check their feeds")


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_FORGOTTEN, None)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    session.info.pop(_FORGOTTEN, None)


def bring_up_to_date(session: Session) -> list[str]:
    """Recompute everyone for each derivation whose fingerprint differs from the stored
    one; returns the names of those recomputed."""
    recomputed = []
    for derivation in list(_registry.values()):
        key = setting_key(derivation.name)
        try:
            current = derivation.fingerprint()
        except CaseworkerError:
            # A broken local file the rules read (protocol.toml): the caseload still opens
            # with the rows it has, so `check` can name the file and nothing is lost; a
            # save that needs the rules says what is wrong with it.
            continue
        stored = session.get(Setting, key)
        if stored is not None and stored.value == current:
            continue
        derivation.refresh(session, list(session.scalars(select(col(Client.id)))))
        if stored is None:
            session.add(Setting(key=key, value=current))
        else:
            stored.value = current
        recomputed.append(derivation.name)
    return recomputed
