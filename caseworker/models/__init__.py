"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from caseworker.models.audit import AuditEvent
from caseworker.models.base import Record, utcnow
from caseworker.models.client import AddressHistory, Client, ClientAlias
from caseworker.models.family import ChildRecord, HouseholdMember
from caseworker.models.network import ConsentRecord, NetworkContact
from caseworker.models.people import Setting, Worker
from caseworker.models.screening import Screening
from caseworker.models.tasks import DueItem

__all__ = [
    "AddressHistory",
    "AuditEvent",
    "ChildRecord",
    "Client",
    "ClientAlias",
    "ConsentRecord",
    "DueItem",
    "HouseholdMember",
    "NetworkContact",
    "Record",
    "Screening",
    "Setting",
    "Worker",
    "utcnow",
]
