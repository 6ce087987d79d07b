"""caseload change count: moved on by triggers at every write of what the lists count

The caseload keeps each list's total (a filter, a search) while nothing it counts has
changed. It went by the file's data version, which moves at every commit, so opening a
client's record (its access event on the trail) made every total be counted again. The
rows the lists count are the clients, their children and their due items: a trigger on
each write of those moves caseload_change.n on, in the writer's own transaction, whoever
writes (this app, another window, a command, a statement typed with the key).

A later migration that rebuilds one of those tables (batch_alter_table on SQLite copies
it into a new table) drops its triggers with it: it must make them again
(tests/store/test_migrations.py fails at head if any is missing).

SQLite only: a server keeps totals a minute (it has no data version to read cheaply), and
has nothing here. Not a model: it is the store's bookkeeping, never exported or replayed.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

COUNTED = ("client", "child", "dueitem")
WRITES = ("insert", "update", "delete")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE caseload_change (n INTEGER NOT NULL)")
    op.execute("INSERT INTO caseload_change (n) VALUES (0)")
    for table in COUNTED:
        for write in WRITES:
            op.execute(
                f"CREATE TRIGGER caseload_change_{table}_{write} AFTER {write.upper()} ON "
                f"{table} BEGIN UPDATE caseload_change SET n = n + 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in COUNTED:
        for write in WRITES:
            op.execute(f"DROP TRIGGER caseload_change_{table}_{write}")
    op.execute("DROP TABLE caseload_change")
