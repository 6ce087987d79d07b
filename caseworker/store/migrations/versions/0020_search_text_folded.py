"""client search text folded: names searched without accents

search_text held the names and aliases lower-cased; it now holds them folded
(caseworker.core.names: without case or accents), as the search folds what is typed, so
that "siobhan" finds Siobhán. Every client's is made again from its names and aliases.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from caseworker.core.names import folded

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _rewrite(form) -> None:
    conn = op.get_bind()
    aliases: dict = {}
    for client_id, alias in conn.execute(sa.text("SELECT client_id, alias FROM clientalias")):
        aliases.setdefault(client_id, []).append(alias)
    rows = conn.execute(sa.text("SELECT id, given_name, family_name FROM client")).all()
    update = sa.text("UPDATE client SET search_text = :text WHERE id = :id")
    for client_id, given, family in rows:
        parts = (given, family, *aliases.get(client_id, ()))
        conn.execute(update, {"text": " | ".join(form(p) for p in parts if p), "id": client_id})


def upgrade() -> None:
    _rewrite(folded)


def downgrade() -> None:
    _rewrite(str.lower)
