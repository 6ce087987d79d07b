"""What a worker may type for a client, a child, a household member, a professional
contact and a consent decision: each validator returns cleaned values or raises
ValidationFailed naming every bad field."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseworker.core import vocab
from caseworker.core.dates import age_on
from caseworker.core.validation import FormReader


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def validate_client(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("given_name", "Given name", required=True)
    f.text("family_name", "Family name", required=True)
    dob = f.date("date_of_birth", "Date of birth")
    if dob and dob > today:
        f.fail("date_of_birth", "Date of birth", "cannot be in the future")
    f.text("gender", "Gender")
    f.text("address", "Address", max_len=400)
    f.text("area", "Area")
    f.text("phone", "Phone")
    f.text("ethnicity", "Ethnicity")
    f.text("language", "Language")
    f.flag("interpreter_needed")
    f.clean["aliases"] = _split_list(str(raw.get("aliases") or ""))
    f.clean["substances"] = _split_list(str(raw.get("substances") or ""))
    f.choice("treatment_type", "Treatment type", vocab.TREATMENT_TYPES, "key_working")
    f.flag("take_home_medication")
    f.choice("status", "Status", vocab.CLIENT_STATUS, "active")
    f.choice("parental_status", "Parental status", vocab.PARENTAL_STATUS, "not_asked")
    f.flag("pregnant")
    risk = f.flag("risk_to_staff")
    note = f.text("risk_to_staff_note", "Risk to staff note", max_len=1000)
    if risk and not note:
        f.fail("risk_to_staff_note", "Risk to staff note", "say what the risk is")
    f.text("notes", "Notes", max_len=4000)
    return f.result()


def validate_child(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    unborn = f.flag("unborn")
    f.text("given_name", "Given name", required=not unborn)
    f.text("family_name", "Family name")
    dob = f.date("date_of_birth", "Date of birth")
    due = f.date("due_date", "Due date")
    if unborn:
        if due is None and not f.has_error("due_date"):
            f.fail("due_date", "Due date", "is required for an unborn child (dd/mm/yyyy)")
        elif due is not None and due < today:
            f.fail("due_date", "Due date", "has passed: record the birth instead")
        if dob is not None:
            f.fail("date_of_birth", "Date of birth", "leave empty for an unborn child")
    else:
        if dob is None and not f.has_error("date_of_birth"):
            f.fail("date_of_birth", "Date of birth", "is required (dd/mm/yyyy)")
        elif dob is not None and dob > today:
            f.fail(
                "date_of_birth",
                "Date of birth",
                "is in the future: tick 'Unborn' and give the due date instead",
            )
        f.clean["due_date"] = None
    f.choice("client_role", "Client is the child's", vocab.PARENTAL_ROLES, None)
    lives: str | None = "unborn"
    if unborn:
        f.clean["lives_with"] = "unborn"
    else:
        lives = f.choice(
            "lives_with", "Lives with", vocab.LIVES_WITH, f.asked("lives_with", "client")
        )
    if not unborn and lives == "unborn":
        f.fail("lives_with", "Lives with", "'Unborn' only applies to an unborn child")
    f.text("lives_with_detail", "With whom")
    f.choice("contact_arrangement", "Contact", vocab.CONTACT_ARRANGEMENTS,
             f.asked("contact_arrangement", "not_applicable"))  # fmt: skip
    f.text("contact_supervised_by", "Contact supervised by")
    f.text("school", "School or nursery")
    f.text("gp", "GP")
    f.text("health_visitor", "Health visitor / school nurse")
    f.choice("current_help", "Current help", vocab.CURRENT_HELP, f.asked("current_help", "none"))
    f.text("lead_social_worker", "Lead social worker")
    f.flag("young_carer")
    f.choice("source", "Source", vocab.SOURCES, "self_reported")
    f.text("notes", "Notes", max_len=4000)
    return f.result()


def validate_household_member(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("name", "Name", required=True)
    f.text("relationship", "Relationship")
    dob = f.date("date_of_birth", "Date of birth")
    if dob and dob > today:
        f.fail("date_of_birth", "Date of birth", "cannot be in the future")
    f.flag("under_18")
    f.flag("known_to_services")
    f.text("substance_use", "Substance use")
    f.text("notes", "Notes", max_len=4000)
    if dob:
        f.clean["under_18"] = age_on(dob, today) < 18
    return f.result()


def validate_network_contact(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("agency", "Agency", required=True)
    f.text("team", "Team")
    f.text("contact_name", "Named contact")
    f.choice("role", "Role", vocab.NETWORK_ROLES, "involved")
    f.text("phone", "Phone")
    f.text("email", "Email")
    f.flag("confirmed")
    checked = f.date("last_checked", "Last checked")
    if checked and checked > today:
        f.fail("last_checked", "Last checked", "cannot be in the future")
    f.date("started_on", "Involved since")
    return f.result()


def validate_consent(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("recipient", "Recipient", required=True)
    f.choice("state", "Consent", vocab.CONSENT_STATES, None)
    decided = f.date("decided_on", "Date of decision", required=True)
    if decided and decided > today:
        f.fail("decided_on", "Date of decision", "cannot be in the future")
    f.date("policy_explained_on", "Sharing policy explained on")
    state = f.clean.get("state")
    notes = f.text("notes", "Reason / notes", max_len=2000)
    if state in {"not_sought_life", "not_sought_harm"} and not notes:
        f.fail("notes", "Reason / notes", "record why consent was not sought")
    return f.result()
