"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from caseworker.store.models.assessment import (
    AssessmentCopy,
    AssessmentHomeVisit,
    FamilyCarePlan,
    MultiAgencyAssessment,
    PlanAction,
    PreCaf,
    PreCafRating,
    ReassessmentTrigger,
)
from caseworker.store.models.base import Record, utcnow
from caseworker.store.models.client import AddressHistory, Client, ClientAlias, client_of
from caseworker.store.models.diary import DueAction, Meeting, MeetingAction
from caseworker.store.models.draft import FormDraft
from caseworker.store.models.family import ChildRecord, HouseholdMember
from caseworker.store.models.letters import Letter
from caseworker.store.models.network import ConsentRecord, NetworkContact
from caseworker.store.models.people import Setting, Worker
from caseworker.store.models.referrals import Referral, ReferralChase, ReferralChild
from caseworker.store.models.screening import Screening
from caseworker.store.models.sharing import SharingDecision
from caseworker.store.models.supervision import (
    SupervisionAction,
    SupervisionCase,
    SupervisionSession,
)
from caseworker.store.models.tasks import DueItem
from caseworker.store.models.trail import TrailEvent
from caseworker.store.models.visits import (
    Visit,
    VisitAction,
    VisitAddendum,
    VisitChild,
    VisitNote,
    VisitObservation,
)

__all__ = [
    "AddressHistory",
    "AssessmentCopy",
    "AssessmentHomeVisit",
    "ChildRecord",
    "Client",
    "ClientAlias",
    "ConsentRecord",
    "DueAction",
    "DueItem",
    "FamilyCarePlan",
    "FormDraft",
    "HouseholdMember",
    "Letter",
    "Meeting",
    "MeetingAction",
    "MultiAgencyAssessment",
    "NetworkContact",
    "PlanAction",
    "PreCaf",
    "PreCafRating",
    "ReassessmentTrigger",
    "Record",
    "Referral",
    "ReferralChase",
    "ReferralChild",
    "Screening",
    "Setting",
    "SharingDecision",
    "SupervisionAction",
    "SupervisionCase",
    "SupervisionSession",
    "TrailEvent",
    "Visit",
    "VisitAction",
    "VisitAddendum",
    "VisitChild",
    "VisitNote",
    "VisitObservation",
    "Worker",
    "client_of",
    "utcnow",
]
