"""Small facts about this installation kept in the database (service name, current worker)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.store.models import Setting


def setting(session: Session, key: str, default: str = "") -> str:
    row = session.execute(select(col(Setting.value)).where(col(Setting.key) == key)).first()
    return row[0] if row else default
