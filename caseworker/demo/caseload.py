"""A synthetic demo caseload: invented but realistic families, for `caseworker --demo`.

Names, places, schools and agencies come from data/demo/ingredients.json, so a
service can make the demo look local without touching code. The first clients
are fixed families that show each situation the domain names (children living
with a grandparent, a pregnant client, take-home medication with a visiting
child, a partner who drinks but is not known to services, a child with a caring
role; caseworker.demo.fixed); the rest are random (caseworker.demo.scenarios).
Everything is drawn from one random.Random(seed) and dated relative to ``today``: a
seed always gives the same caseload.

Records go through the ordinary ORM session, so the trail hook writes one
hash-chained event per record in the same transaction, as for real work; and the due
items are derived from them (caseworker.agenda), never written by the demo.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

import caseworker.agenda  # noqa: F401 - keeps the due items derived as the families are written
from caseworker.core.paths import content_dir
from caseworker.demo.casework import add_casework
from caseworker.demo.family import FamilyBuilder
from caseworker.demo.fixed import FIXED_FAMILIES
from caseworker.demo.scenarios import random_family
from caseworker.store.database import Database
from caseworker.store.keyfile import KdfParams
from caseworker.store.setup import SetupAnswers, initialise

__all__ = ["BATCH_SIZE", "create_demo_caseload", "load_ingredients", "populate"]

BATCH_SIZE = 500
DEMO_WORKER = "Demo Worker"
DEMO_SERVICE = "Demo Drug & Alcohol Service"


@cache
def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_ingredients(path: Path | None = None) -> dict[str, Any]:
    return _load(path or content_dir() / "demo" / "ingredients.json")


def populate(
    db: Database,
    n_clients: int,
    *,
    today: date,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add n_clients synthetic clients, with their families, to an open caseload.

    Commits every BATCH_SIZE clients and calls progress(done, total) after each
    commit. Returns how many clients were added.
    """
    builder = FamilyBuilder(random.Random(seed), load_ingredients(), today, db.worker_id)
    done = 0
    while done < n_clients:
        batch_end = min(done + BATCH_SIZE, n_clients)
        families = [
            (FIXED_FAMILIES[i] if i < len(FIXED_FAMILIES) else random_family)(builder)
            for i in range(done, batch_end)
        ]
        with db.session() as s:
            # Table by table, each in its own flush, parents first: with no relationship()
            # declared, the unit of work orders tables by class name, which would put
            # AddressHistory before Client, or an action plan before its pre-CAF.
            by_table: dict[str, list] = {}
            for family in families:
                for record in family:
                    by_table.setdefault(record.__table__.name, []).append(record)  # type: ignore[attr-defined]
            for table in SQLModel.metadata.sorted_tables:
                if table.name in by_table:
                    s.add_all(by_table[table.name])
                    s.flush()
            if done == 0 and len(families) >= len(FIXED_FAMILIES):
                # Referrals, letters, visits: through the domain, on the written families.
                add_casework(s, families[: len(FIXED_FAMILIES)], today)
        done = batch_end
        if progress is not None:
            progress(done, n_clients)
    return done


def create_demo_caseload(
    data_dir: Path, *, n_clients: int = 60, today: date, seed: int = 1
) -> Database:
    """Create a throwaway caseload in data_dir (which must not hold one) and fill it.

    The passphrase is random and never shown: a demo is used while it is open, then
    discarded. Raises AlreadyExists if data_dir already holds a caseload.
    """
    answers = SetupAnswers(DEMO_WORKER, "worker", DEMO_SERVICE, secrets.token_urlsafe(24))
    db = initialise(Path(data_dir), answers, kdf=KdfParams.fast_for_tests())
    populate(db, n_clients, today=today, seed=seed)
    return db
