"""The record forms: client, child, household member, professional contact, consent."""

from __future__ import annotations

import uuid
from typing import Any

from caseworker import clients, family, network, vocab
from screens.form import FieldSpec, FormScreen

F = FieldSpec


class ClientForm(FormScreen):
    FORM_TITLE = "Client"
    FIELDS = (
        F("given_name", "Given name *"),
        F("family_name", "Family name *"),
        F("aliases", "Aliases (comma-separated)"),
        F("date_of_birth", "Date of birth", "date"),
        F("gender", "Gender"),
        F("address", "Address"),
        F("area", "Area"),
        F("phone", "Phone"),
        F("language", "Preferred language"),
        F("interpreter_needed", "Interpreter needed", "check"),
        F("ethnicity", "Ethnicity"),
        F("substances", "Substances (comma-separated)", placeholder="e.g. alcohol, heroin"),
        F("treatment_type", "Treatment type", "select", vocab.TREATMENT_TYPES),
        F("take_home_medication", "Take-home medication", "check"),
        F("status", "Status", "select", vocab.CLIENT_STATUS),
        F("parental_status", "Parental status", "select", vocab.PARENTAL_STATUS),
        F("pregnant", "Client is pregnant", "check"),
        F("risk_to_staff", "Risk to staff", "check"),
        F("risk_to_staff_note", "Risk to staff: what risk?"),
        F("notes", "Notes"),
    )

    def __init__(self, client_id: uuid.UUID | None = None) -> None:
        self.client_id = client_id
        super().__init__()
        self.FORM_TITLE = "Edit client" if client_id else "New client"

    def initial_values(self) -> dict[str, Any]:
        if self.client_id is None:
            return {"status": "active", "language": "English"}
        with self.app.db.session() as s:
            return clients.client_form_values(s, clients.get_client(s, self.client_id))

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.app.db.session() as s:
            if self.client_id is None:
                return clients.create_client(s, values, self.app.today).id
            return clients.update_client(s, self.client_id, values, self.app.today).id


class ChildForm(FormScreen):
    FIELDS = (
        F("unborn", "Unborn (give due date, not DOB)", "check"),
        F("given_name", "Given name (unless unborn)"),
        F("family_name", "Family name (blank: as client)"),
        F("date_of_birth", "Date of birth", "date"),
        F("due_date", "Due date (unborn only)", "date"),
        F("client_role", "Client is the child's", "select", vocab.PARENTAL_ROLES),
        F("lives_with", "Lives with", "select", vocab.LIVES_WITH),
        F("lives_with_detail", "With whom (names)"),
        F("contact_arrangement", "Contact with client", "select", vocab.CONTACT_ARRANGEMENTS),
        F("contact_supervised_by", "Contact supervised by"),
        F("current_help", "Current help", "select", vocab.CURRENT_HELP),
        F("lead_social_worker", "Lead social worker"),
        F("school", "School or nursery"),
        F("gp", "GP"),
        F("health_visitor", "Health visitor/school nurse"),
        F("young_carer", "Young carer / caring role", "check"),
        F("source", "Where this came from", "select", vocab.SOURCES),
        F("notes", "Notes"),
    )

    def __init__(self, client_id: uuid.UUID, child_id: uuid.UUID | None = None) -> None:
        self.client_id, self.child_id = client_id, child_id
        super().__init__()
        self.FORM_TITLE = "Edit child" if child_id else "Add a child to the register"

    def initial_values(self) -> dict[str, Any]:
        if self.child_id is None:
            return {}
        with self.app.db.session() as s:
            child = s.get(family.ChildRecord, self.child_id)
            return family.child_form_values(child) if child else {}

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.app.db.session() as s:
            if self.child_id is None:
                return family.add_child(s, self.client_id, values, self.app.today).id
            return family.update_child(s, self.child_id, values, self.app.today).id


class HouseholdForm(FormScreen):
    FORM_TITLE = "Add a household member"
    FIELDS = (
        F("name", "Name *"),
        F("relationship", "Relationship to client", placeholder="e.g. partner, lodger, niece"),
        F("date_of_birth", "Date of birth", "date"),
        F("under_18", "Under 18 (from DOB if given)", "check"),
        F("known_to_services", "Known to services", "check"),
        F("substance_use", "Substance use", placeholder="e.g. drinks daily, not in treatment"),
        F("notes", "Notes"),
    )

    def __init__(self, client_id: uuid.UUID) -> None:
        self.client_id = client_id
        super().__init__()

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.app.db.session() as s:
            return family.add_household_member(s, self.client_id, values, self.app.today).id


class ContactForm(FormScreen):
    FIELDS = (
        F("agency", "Agency *", placeholder="e.g. Children's Social Care"),
        F("team", "Team"),
        F("contact_name", "Named contact"),
        F("role", "Role", "select", vocab.NETWORK_ROLES),
        F("phone", "Phone"),
        F("email", "Email"),
        F("confirmed", "Confirmed with agency?", "check"),
        F("last_checked", "Last checked", "date"),
        F("started_on", "Involved since (blank: today)", "date"),
    )

    def __init__(self, client_id: uuid.UUID, replaces: uuid.UUID | None = None) -> None:
        self.client_id, self.replaces = client_id, replaces
        super().__init__()
        self.FORM_TITLE = (
            "Contact changed: the old one is kept in the history"
            if replaces
            else "Add a professional contact"
        )

    def initial_values(self) -> dict[str, Any]:
        if self.replaces is None:
            return {}
        with self.app.db.session() as s:
            old = s.get(network.NetworkContact, self.replaces)
            return {"agency": old.agency, "team": old.team, "role": old.role} if old else {}

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.app.db.session() as s:
            if self.replaces is not None:
                return network.replace_contact(s, self.replaces, values, self.app.today).id
            return network.add_contact(s, self.client_id, values, self.app.today).id


class ConsentForm(FormScreen):
    FORM_TITLE = "Record consent to share with a named recipient"
    FIELDS = (
        F("recipient", "Recipient (agency/person) *"),
        F("state", "Consent", "select", vocab.CONSENT_STATES),
        F("decided_on", "Date of decision *", "date"),
        F("policy_explained_on", "Sharing policy explained on", "date"),
        F("notes", "Reason (if not sought) / notes"),
    )

    def __init__(self, client_id: uuid.UUID, today_text: str = "") -> None:
        self.client_id = client_id
        super().__init__({"decided_on": today_text, "policy_explained_on": today_text})

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.app.db.session() as s:
            return network.record_consent(s, self.client_id, values, self.app.today).id
