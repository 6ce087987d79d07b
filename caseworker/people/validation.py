"""What a worker may type for a client, a child, a household member, a professional
contact and a consent decision: each validator returns cleaned values or raises
ValidationFailed naming every bad field."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseworker.core import vocab
from caseworker.core.dates import age_on
from caseworker.core.validation import (
    ADDRESS,
    EMAIL,
    LINE,
    NAME,
    NOTES,
    PARAGRAPH,
    PHONE,
    FormReader,
)


def _names(f: FormReader, field: str, label: str) -> list[str]:
    """A comma- (or semicolon-) separated list, each entry held to the rules of a name."""
    text = f.text(field, label, max_len=PARAGRAPH, lines=False)
    names = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if any(len(n) > NAME for n in names) and not f.has_error(field):
        f.fail(field, label, f"each one at most {NAME} characters")
    f.clean[field] = names
    return names


def validate_client(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("given_name", "Given name", required=True, max_len=NAME)
    f.text("family_name", "Family name", required=True, max_len=NAME)
    f.date("date_of_birth", "Date of birth", kind="birth", today=today)
    f.text("gender", "Gender", max_len=LINE)
    f.text("address", "Address", max_len=ADDRESS, lines=True)
    f.text("area", "Area", max_len=LINE)
    f.text("phone", "Phone", max_len=PHONE)
    f.text("ethnicity", "Ethnicity", max_len=LINE)
    f.text("language", "Language", max_len=LINE)
    f.flag("interpreter_needed")
    _names(f, "aliases", "Aliases")
    _names(f, "substances", "Substances")
    f.choice("treatment_type", "Treatment type", vocab.TREATMENT_TYPES, "key_working")
    f.flag("take_home_medication")
    f.choice("status", "Status", vocab.CLIENT_STATUS, "active")
    f.choice("parental_status", "Parental status", vocab.PARENTAL_STATUS, "not_asked")
    f.flag("pregnant")
    risk = f.flag("risk_to_staff")
    note = f.text("risk_to_staff_note", "Risk to staff note", max_len=PARAGRAPH, lines=True)
    if risk and not note and not f.has_error("risk_to_staff_note"):
        f.fail("risk_to_staff_note", "Risk to staff note", "say what the risk is")
    f.text("notes", "Notes", max_len=NOTES, lines=True)
    return f.result()


def validate_child(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    unborn = f.flag("unborn")
    f.text("given_name", "Given name", required=not unborn, max_len=NAME)
    f.text("family_name", "Family name", max_len=NAME)
    dob = f.date(
        "date_of_birth",
        "Date of birth",
        kind="birth",
        today=today,
        future="is in the future: tick 'Unborn' and give the due date instead",
    )
    due = f.date("due_date", "Due date", kind="due", today=today)
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
    f.text("lives_with_detail", "With whom", max_len=LINE)
    f.choice("contact_arrangement", "Contact", vocab.CONTACT_ARRANGEMENTS,
             f.asked("contact_arrangement", "not_applicable"))  # fmt: skip
    f.text("contact_supervised_by", "Contact supervised by", max_len=LINE)
    f.text("school", "School or nursery", max_len=LINE)
    f.text("gp", "GP", max_len=LINE)
    f.text("health_visitor", "Health visitor / school nurse", max_len=LINE)
    f.choice("current_help", "Current help", vocab.CURRENT_HELP, f.asked("current_help", "none"))
    f.text("lead_social_worker", "Lead social worker", max_len=NAME)
    f.flag("young_carer")
    f.choice("source", "Source", vocab.SOURCES, "self_reported")
    f.text("notes", "Notes", max_len=NOTES, lines=True)
    return f.result()


def validate_household_member(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("name", "Name", required=True, max_len=NAME)
    f.text("relationship", "Relationship", max_len=LINE)
    dob = f.date("date_of_birth", "Date of birth", kind="birth", today=today)
    f.flag("under_18")
    f.flag("known_to_services")
    f.text("substance_use", "Substance use", max_len=LINE)
    f.flag("domestic_abuse")
    f.text("notes", "Notes", max_len=NOTES, lines=True)
    if dob:
        f.clean["under_18"] = age_on(dob, today) < 18
    return f.result()


def validate_network_contact(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("agency", "Agency", required=True, max_len=NAME)
    f.text("team", "Team", max_len=LINE)
    f.text("contact_name", "Named contact", max_len=NAME)
    f.choice("role", "Role", vocab.NETWORK_ROLES, "involved")
    f.text("phone", "Phone", max_len=PHONE)
    f.text("email", "Email", max_len=EMAIL)
    f.flag("confirmed")
    f.date("last_checked", "Last checked", kind="event", today=today)
    f.date("started_on", "Involved since", kind="event", today=today)
    return f.result()


def validate_consent(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.text("recipient", "Recipient", required=True, max_len=NAME)
    f.choice("state", "Consent", vocab.CONSENT_STATES, None)
    f.date("decided_on", "Date of decision", kind="event", today=today, required=True)
    f.date("policy_explained_on", "Sharing policy explained on", kind="event", today=today)
    f.text("scope", "What may be shared", max_len=PARAGRAPH)
    expires = f.date("expires_on", "Expires on", kind="planned", today=today)
    decided = f.clean.get("decided_on")
    if expires is not None and decided is not None and expires <= decided:
        f.fail("expires_on", "Expires on", "must be after the date of the decision")
    state = f.clean.get("state")
    notes = f.text("notes", "Reason / notes", max_len=NOTES, lines=True)
    if state in {"not_sought_life", "not_sought_harm"} and not notes and not f.has_error("notes"):
        f.fail("notes", "Reason / notes", "record why consent was not sought")
    return f.result()
