"""The record forms: client, child, household member, professional contact, consent."""

from __future__ import annotations

import uuid
from typing import Any

from caseworker.core import vocab
from caseworker.core.dates import age_on, format_uk
from caseworker.core.errors import CaseworkerError
from caseworker.people import (
    Contradiction,
    add_child,
    add_contact,
    add_household_member,
    child_form_contradictions,
    child_form_values,
    children_of,
    client_contradictions,
    client_form_values,
    create_client,
    get_child,
    get_client,
    get_household_member,
    household_form_values,
    parental_status_check,
    record_consent,
    replace_contact,
    replacement_form_values,
    set_parental_status,
    update_child,
    update_client,
    update_household_member,
)
from caseworker.screening import (
    DOMESTIC_ABUSE,
    EFFECT_ON_CARE,
    STORAGE,
    complete_parental,
    parental_form_values,
)
from screens.record.checked import CheckedForm
from screens.widgets.form import FieldSpec, FormScreen
from screens.wording import child_name, client_line

F = FieldSpec


class ClientForm(CheckedForm):
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
        F("risk_to_staff_note", "Risk to staff: what risk?", "notes"),
        F("notes", "Notes", "notes"),
    )
    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID | None = None) -> None:
        self.client_id = client_id
        super().__init__()
        self.FORM_TITLE = "Edit client" if client_id else "New client"

    def initial_values(self) -> dict[str, Any]:
        if self.client_id is None:
            return {"status": "active", "language": "English"}
        with self.db.session() as s:
            return client_form_values(s, get_client(s, self.client_id))

    def contradictions(self, values: dict[str, Any]) -> list[Contradiction]:
        with self.db.session() as s:
            return client_contradictions(s, self.client_id, values, self.caseworker_app.today)

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.db.session() as s, self.versioned() as version:
            if self.client_id is None:
                return create_client(s, values, self.caseworker_app.today).id
            return update_client(
                s, self.client_id, values, self.caseworker_app.today, version=version
            ).id


class ChildForm(CheckedForm):
    FIELDS = (
        F("unborn", "Unborn (give due date, not DOB)", "check"),
        F("given_name", "Given name (unless unborn)"),
        F("family_name", "Family name (blank: as client)"),
        F("date_of_birth", "Date of birth", "date"),
        F("due_date", "Due date (unborn only)", "date"),
        F(
            "client_role",
            "Client is the child's *",
            "select",
            vocab.PARENTAL_ROLES,
            must_choose=True,
        ),
        # Asked, never assumed: a blank is not "with the client" nor "no help".
        F(
            "lives_with",
            "Lives with * (unless unborn)",
            "select",
            vocab.LIVES_WITH,
            must_choose=True,
        ),
        F("lives_with_detail", "With whom (names)"),
        F("contact_arrangement", "Contact with client", "select", vocab.CONTACT_ARRANGEMENTS),
        F("contact_supervised_by", "Contact supervised by"),
        F("current_help", "Current help *", "select", vocab.CURRENT_HELP, must_choose=True),
        F("lead_social_worker", "Lead social worker"),
        F("school", "School or nursery"),
        F("gp", "GP"),
        F("health_visitor", "Health visitor/school nurse"),
        F("young_carer", "Young carer / caring role", "check"),
        F("source", "Where this came from", "select", vocab.SOURCES),
        F("notes", "Notes", "notes"),
    )
    DRAFT_ARGS = ("client_id", "child_id")

    def __init__(self, client_id: uuid.UUID, child_id: uuid.UUID | None = None) -> None:
        self.client_id, self.child_id = client_id, child_id
        super().__init__()
        self.FORM_TITLE = "Edit child" if child_id else "Add a child to the register"

    def initial_values(self) -> dict[str, Any]:
        if self.child_id is None:
            return {}
        with self.db.session() as s:
            return child_form_values(get_child(s, self.child_id))

    def contradictions(self, values: dict[str, Any]) -> list[Contradiction]:
        with self.db.session() as s:
            return child_form_contradictions(
                s, self.client_id, self.child_id, values, self.caseworker_app.today
            )

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        today = self.caseworker_app.today
        with self.db.session() as s, self.versioned() as version:
            if self.child_id is None:
                child = add_child(s, self.client_id, values, today)
            else:
                child = update_child(s, self.child_id, values, today, version=version)
            if "parental_status" in self.fixes:  # the fix chosen: the register's answer
                set_parental_status(s, self.client_id, self.fixes["parental_status"], today)
            return child.id


class HouseholdForm(FormScreen):
    FORM_TITLE = "Add a household member"
    FIELDS = (
        F("name", "Name *"),
        F("relationship", "Relationship to client", placeholder="e.g. partner, lodger, niece"),
        F("date_of_birth", "Date of birth", "date"),
        F("under_18", "Under 18 (from DOB if given)", "check"),
        F("known_to_services", "Known to services", "check"),
        F("substance_use", "Substance use", placeholder="e.g. drinks daily, not in treatment"),
        F("domestic_abuse", "Domestic abuse known (by or towards them)", "check"),
        F("notes", "Notes", "notes"),
    )
    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID, member_id: uuid.UUID | None = None) -> None:
        self.client_id, self.member_id = client_id, member_id
        super().__init__()
        if member_id is not None:
            self.FORM_TITLE = "Edit household member"

    def initial_values(self) -> dict[str, Any]:
        if self.member_id is None:
            return {}
        with self.db.session() as s:
            return household_form_values(get_household_member(s, self.member_id))

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        today = self.caseworker_app.today
        with self.db.session() as s:
            if self.member_id is not None:
                return update_household_member(s, self.member_id, values, today).id
            return add_household_member(s, self.client_id, values, today).id


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
    DRAFT_ARGS = ("client_id", "replaces")

    def __init__(self, client_id: uuid.UUID, replaces: uuid.UUID | None = None) -> None:
        self.client_id, self.replaces = client_id, replaces
        super().__init__()
        if replaces is not None:
            # The agency is filled in; what changed is the person: start there.
            self.FIRST_FIELD = "contact_name"
        self.FORM_TITLE = (
            "Contact changed: the old one is kept in the history"
            if replaces
            else "Add a professional contact"
        )

    def initial_values(self) -> dict[str, Any]:
        if self.replaces is None:
            return {}
        with self.db.session() as s:
            return replacement_form_values(s, self.replaces)

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.db.session() as s:
            if self.replaces is not None:
                return replace_contact(s, self.replaces, values, self.caseworker_app.today).id
            return add_contact(s, self.client_id, values, self.caseworker_app.today).id


class ConsentForm(FormScreen):
    FORM_TITLE = "Record consent to share with a named recipient"
    FIELDS = (
        F("recipient", "Recipient (agency/person) *"),
        F("state", "Consent *", "select", vocab.CONSENT_STATES, must_choose=True),
        F("decided_on", "Date of decision *", "date"),
        F("policy_explained_on", "Sharing policy explained on", "date"),
        F("scope", "What may be shared (blank: the children's safety)"),
        F("expires_on", "Expires on (blank: until withdrawn)", "date"),
        F("notes", "Reason (if not sought) / notes", "notes"),
    )
    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID, today_text: str = "") -> None:
        self.client_id = client_id
        # The decision is dated today; when the sharing policy was explained is asked.
        super().__init__({"decided_on": today_text})

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        with self.db.session() as s:
            return record_consent(s, self.client_id, values, self.caseworker_app.today).id


class ParentalForm(CheckedForm):
    """The parental screen: starts from what the record holds, writes back to it."""

    FORM_TITLE = "Parental screen"
    HELP = (
        "Ask every client, at intake, at each review and at discharge, whether they are a "
        "parent or carer. What the record already holds is filled in: check it rather than "
        "asking again. Saving updates the parental status, adds an unborn child when the "
        "client or partner is pregnant, adds the agencies named to the network (not yet "
        "confirmed) and records consent for the recipient named. A client caring for "
        "children, or expecting, gets a pre-CAF assessment due."
    )
    FIELDS = (
        F("occasion", "Occasion *", "select", vocab.SCREENING_OCCASIONS, must_choose=True),
        F("parental_status", "Parental status *", "select", vocab.PARENTAL_STATUS),
        F("children_confirmed", "Children above are complete", "check"),
        F("add_child_now", "Add a child to the register next", "check"),
        F("other_under_18s", "Other under-18s in the home", placeholder="number, e.g. 0"),
        F("pregnant_client", "Client is pregnant", "check"),
        F("pregnant_partner", "Partner is pregnant", "check"),
        F("due_date", "Due date (if pregnant)", "date"),
        F("help_received", "Help the children receive", "notes"),
        F("coping", "How coping with parenting", "notes"),
        F("use_affects_care", "Use affects care of children", "select", EFFECT_ON_CARE),
        F("child_caring_role", "A child cares for client / home", "check"),
        F("treatment_pushes_caring", "Treatment pushes caring on child", "check"),
        F("childcare_needed", "Childcare needed for appointments", "check"),
        F("preferred_times", "Preferred times", placeholder="e.g. school hours"),
        F("storage", "Storage of meds/substances", "select", STORAGE),
        F("domestic_abuse", "Domestic abuse", "select", DOMESTIC_ABUSE),
        F("mental_health", "Mental health", "notes"),
        F("agencies", "Agencies involved (comma-sep.)"),
        F("consent_recipient", "Consent to share with (name)"),
        F(
            "consent_state",
            "Consent (if recipient named)",
            "select",
            vocab.CONSENT_STATES,
            must_choose=True,
        ),
        F("notes", "Notes", "notes"),
    )
    DRAFT_ARGS = ("client_id",)

    def __init__(self, client_id: uuid.UUID) -> None:
        self.client_id = client_id
        self.add_child_next = False
        super().__init__()

    def initial_values(self) -> dict[str, Any]:
        with self.db.session() as s:
            return parental_form_values(s, self.client_id)

    def intro(self) -> str:
        with self.db.session() as s:
            kids = children_of(s, self.client_id)
            try:
                who = f"Client: {client_line(get_client(s, self.client_id))} · "
            except CaseworkerError:  # gone meanwhile: the form says so when it loads
                who = ""
        if not kids:
            return who + "no children on the register yet."
        parts = []
        for k in kids:
            if k.unborn:
                parts.append(f"{child_name(k)} (due {format_uk(k.due_date)})")
            else:
                age = age_on(k.date_of_birth, self.caseworker_app.today) if k.date_of_birth else "?"
                lives = vocab.label(vocab.LIVES_WITH, k.lives_with).lower()
                parts.append(f"{child_name(k)} ({age}, {lives})")
        return who + "on the register: " + "; ".join(parts)

    def contradictions(self, values: dict[str, Any]) -> list[Contradiction]:
        with self.db.session() as s:
            return parental_status_check(s, self.client_id, values.get("parental_status"))

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        self.add_child_next = bool(values.get("add_child_now"))
        with self.db.session() as s:
            return complete_parental(s, self.client_id, values, self.caseworker_app.today).id
