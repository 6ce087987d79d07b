"""Sealed records: rows the database itself refuses to change or delete once signed.

A decided pre-CAF, a completed multi-agency assessment (and, as they land, a signed-off
visit note or a sharing decision) must never change: a correction is a new record that
supersedes or adds to it. The domain refuses first, with a clear message; these triggers
make the refusal hold for anything else that reaches the database (a script, an UPDATE
typed at a SQL prompt), on SQLite/SQLCipher and PostgreSQL alike.

A sealed row's dependants (a pre-CAF's ratings and actions) are sealed through their
parent: an UPDATE or DELETE of one whose parent is sealed is refused. Adding a dependant
is refused by the domain only: the parent is sealed in the same transaction that writes
the last of them, and an import writes the parent before its dependants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

SEALED_MESSAGE = "sealed record"


@dataclass(frozen=True)
class Seal:
    table: str
    # Sealed when this column of the row (or of its parent) is not null.
    column: str
    # For a dependant: (parent table, this table's column naming the parent's id).
    parent: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return f"{self.table}_sealed"


def _sqlite(seal: Seal) -> list[str]:
    out = []
    for event in ("UPDATE", "DELETE"):
        if seal.parent is None:
            when = f"OLD.{seal.column} IS NOT NULL"
        else:
            parent, fk = seal.parent
            when = f"(SELECT {seal.column} FROM {parent} WHERE id = OLD.{fk}) IS NOT NULL"
        out.append(
            f"CREATE TRIGGER {seal.name}_{event.lower()} BEFORE {event} ON {seal.table} "
            f"FOR EACH ROW WHEN {when} "
            f"BEGIN SELECT RAISE(ABORT, '{SEALED_MESSAGE}: {seal.table}'); END"
        )
    return out


# One function for every seal: arguments say which column of which row decides. No '%'
# in it (format(), RAISE's placeholders): psycopg reads one in a statement as a parameter.
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION caseworker_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sealed boolean;
BEGIN
    IF TG_NARGS = 1 THEN
        sealed := (to_jsonb(OLD) ->> TG_ARGV[0]) IS NOT NULL;
    ELSE
        EXECUTE 'SELECT ' || quote_ident(TG_ARGV[0]) || ' IS NOT NULL FROM '
                || quote_ident(TG_ARGV[1]) || ' WHERE id = $1'
            INTO sealed USING (to_jsonb(OLD) ->> TG_ARGV[2])::uuid;
    END IF;
    IF sealed THEN
        RAISE EXCEPTION USING MESSAGE = '{SEALED_MESSAGE}: ' || TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
"""


def _postgresql(seal: Seal) -> list[str]:
    if seal.parent is None:
        args = f"'{seal.column}'"
    else:
        parent, fk = seal.parent
        args = f"'{seal.column}', '{parent}', '{fk}'"
    return [
        f"CREATE TRIGGER {seal.name} BEFORE UPDATE OR DELETE ON {seal.table} "
        f"FOR EACH ROW EXECUTE FUNCTION caseworker_sealed({args})"
    ]


def install_seals(connection: Connection, seals: tuple[Seal, ...]) -> None:
    """Create the triggers for these seals (from a migration)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.exec_driver_sql(_PG_FUNCTION)
        statements = [s for seal in seals for s in _postgresql(seal)]
    else:
        statements = [s for seal in seals for s in _sqlite(seal)]
    for statement in statements:
        connection.exec_driver_sql(statement)


def remove_seals(connection: Connection, seals: tuple[Seal, ...]) -> None:
    """Drop them again (a migration's downgrade)."""
    if connection.dialect.name == "postgresql":
        for seal in seals:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {seal.name} ON {seal.table}")
    else:
        for seal in seals:
            for event in ("update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {seal.name}_{event}")


def is_sealed_refusal(exc: BaseException) -> bool:
    """Whether a database error is one of these triggers refusing a change."""
    return SEALED_MESSAGE in str(getattr(exc, "orig", exc))
