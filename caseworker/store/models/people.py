from __future__ import annotations

from sqlmodel import Field, SQLModel

from caseworker.store.models.base import Record


class Worker(Record, table=True):
    name: str
    role: str = "worker"  # vocab.WORKER_ROLES
    team: str = ""


class Setting(SQLModel, table=True):
    """Small key/value facts about this installation (service name, current worker)."""

    key: str = Field(primary_key=True)
    value: str
