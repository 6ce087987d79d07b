"""Validation of what a worker types into a form, before anything is saved.

Each validator takes the raw text of the form's fields and returns cleaned
values plus a list of FieldError naming the field in the words the form uses,
so the screen can show "Date of birth: ..." rather than a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from caseworker import vocab
from caseworker.dates import DateError, parse_uk_date


@dataclass(frozen=True)
class FieldError:
    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ValidationFailed(ValueError):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class FormReader:
    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        self.clean: dict[str, Any] = {}
        self.errors: list[FieldError] = []

    def text(self, field: str, label: str, *, required: bool = False, max_len: int = 200) -> str:
        value = str(self.raw.get(field) or "").strip()
        if required and not value:
            self.errors.append(FieldError(field, label, "is required"))
        elif len(value) > max_len:
            self.errors.append(FieldError(field, label, f"is too long (at most {max_len})"))
        self.clean[field] = value
        return value

    def choice(
        self, field: str, label: str, choices: vocab.Choices, default: str | None
    ) -> str | None:
        """default=None: the worker must choose (no answer is recorded for them)."""
        value = self.raw.get(field) or default
        if value is None:
            self.errors.append(FieldError(field, label, "choose one (nothing is assumed)"))
        elif value not in vocab.values(choices):
            self.errors.append(FieldError(field, label, "choose one of the options"))
        self.clean[field] = value
        return value

    def has_error(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def flag(self, field: str) -> bool:
        value = bool(self.raw.get(field))
        self.clean[field] = value
        return value

    def date(self, field: str, label: str, *, required: bool = False) -> date | None:
        raw = str(self.raw.get(field) or "")
        try:
            value = parse_uk_date(raw)
        except DateError as exc:
            self.errors.append(FieldError(field, label, str(exc)))
            self.clean[field] = None
            return None
        if required and value is None:
            self.errors.append(FieldError(field, label, "is required (dd/mm/yyyy)"))
        self.clean[field] = value
        return value

    def fail(self, field: str, label: str, message: str) -> None:
        self.errors.append(FieldError(field, label, message))

    def result(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationFailed(self.errors)
        return self.clean


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
    lives = f.choice("lives_with", "Lives with", vocab.LIVES_WITH, "client")
    if unborn:
        f.clean["lives_with"] = "unborn"
    elif lives == "unborn":
        f.fail("lives_with", "Lives with", "'Unborn' only applies to an unborn child")
    f.text("lives_with_detail", "With whom")
    f.choice("contact_arrangement", "Contact", vocab.CONTACT_ARRANGEMENTS, "not_applicable")
    f.text("contact_supervised_by", "Contact supervised by")
    f.text("school", "School or nursery")
    f.text("gp", "GP")
    f.text("health_visitor", "Health visitor / school nurse")
    f.choice("current_help", "Current help", vocab.CURRENT_HELP, "none")
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
        from caseworker.dates import age_on

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
