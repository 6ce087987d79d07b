"""Sealed records: rows the database itself refuses to change or delete once signed.

A decided pre-CAF, a completed multi-agency assessment (and, as they land, a signed-off
visit note or a sharing decision) must never change: a correction is a new record that
supersedes or adds to it. The domain refuses first, with a clear message; these triggers
make the refusal hold for anything else that reaches the database (a script, an UPDATE
typed at a SQL prompt), on SQLite/SQLCipher and PostgreSQL alike.

A sealed row's dependants (a pre-CAF's ratings and actions, a note's observations) are
sealed through their parent: an UPDATE or DELETE of one whose parent is sealed is refused,
and so is an UPDATE that moves a row under a sealed parent. An INSERT under a sealed parent
is refused too, unless the row is older than the parent's last change (the flush that
sealed it): the domain writes every dependant before it seals, so only an import - which
writes each parent, already sealed, before its dependants, with their own stamps - adds
such a row. (The stamps are the rows' own: anyone who can forge them can also drop a
trigger. These guard the record against everything short of that.)
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
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{SEALED_MESSAGE}: {seal.table}'); END"
    if seal.parent is None:
        return [
            f"CREATE TRIGGER {seal.name}_{event.lower()} BEFORE {event} ON {seal.table} "
            f"FOR EACH ROW WHEN OLD.{seal.column} IS NOT NULL {raise_}"
            for event in ("UPDATE", "DELETE")
        ]
    parent, fk = seal.parent

    def sealed(row: str) -> str:
        return f"(SELECT {seal.column} FROM {parent} WHERE id = {row}.{fk}) IS NOT NULL"

    newer = f"NEW.created_at > (SELECT updated_at FROM {parent} WHERE id = NEW.{fk})"
    when = {
        "UPDATE": f"{sealed('OLD')} OR {sealed('NEW')}",
        "DELETE": sealed("OLD"),
        "INSERT": f"{sealed('NEW')} AND {newer}",
    }
    return [
        f"CREATE TRIGGER {seal.name}_{event.lower()} BEFORE {event} ON {seal.table} "
        f"FOR EACH ROW WHEN {condition} {raise_}"
        for event, condition in when.items()
    ]


# One function for every seal: arguments say which column of which row decides. No '%'
# in it (format(), RAISE's placeholders): psycopg reads one in a statement as a parameter.
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION caseworker_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sealed boolean := false;
    query text;
BEGIN
    IF TG_NARGS = 1 THEN
        sealed := (to_jsonb(OLD) ->> TG_ARGV[0]) IS NOT NULL;
    ELSE
        query := 'SELECT ' || quote_ident(TG_ARGV[0]) || ' IS NOT NULL, updated_at FROM '
                 || quote_ident(TG_ARGV[1]) || ' WHERE id = $1';
        IF TG_OP <> 'INSERT' THEN
            EXECUTE query INTO sealed USING (to_jsonb(OLD) ->> TG_ARGV[2])::uuid;
        END IF;
        IF TG_OP = 'UPDATE' AND NOT coalesce(sealed, false) THEN
            EXECUTE query INTO sealed USING (to_jsonb(NEW) ->> TG_ARGV[2])::uuid;
        END IF;
        IF TG_OP = 'INSERT' THEN
            DECLARE
                parent_sealed boolean;
                parent_changed timestamptz;
            BEGIN
                EXECUTE query INTO parent_sealed, parent_changed
                    USING (to_jsonb(NEW) ->> TG_ARGV[2])::uuid;
                sealed := coalesce(parent_sealed, false) AND NEW.created_at > parent_changed;
            END;
        END IF;
    END IF;
    IF coalesce(sealed, false) THEN
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
    events = "UPDATE OR DELETE" if seal.parent is None else "INSERT OR UPDATE OR DELETE"
    return [
        f"CREATE TRIGGER {seal.name} BEFORE {events} ON {seal.table} "
        f"FOR EACH ROW EXECUTE FUNCTION caseworker_sealed({args})"
    ]


def install_seals(connection: Connection, seals: tuple[Seal, ...]) -> None:
    """Create the triggers for these seals (from a migration)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        # The function has no "%" in it (quote_ident, not format('%I')): psycopg 3 would
        # read one as a placeholder and refuse the statement.
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
            for event in ("update", "delete", "insert"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {seal.name}_{event}")


def is_sealed_refusal(exc: BaseException) -> bool:
    """Whether a database error is one of these triggers refusing a change."""
    return SEALED_MESSAGE in str(getattr(exc, "orig", exc))
