"""Controlled vocabularies from the domain, as (stored value, label) pairs.

Values are stored as plain strings so that a local service can relabel them and
a later release can add values without a schema change. Labels are what screens
and exports show.
"""

from __future__ import annotations

Choices = tuple[tuple[str, str], ...]

WORKER_ROLES: Choices = (("worker", "Worker"), ("supervisor", "Supervisor"))

# NDTMS-style parental status, plus "not asked" so under-reporting can be counted.
PARENTAL_STATUS: Choices = (
    ("not_asked", "Not asked"),
    ("all_live_with", "All children live with client"),
    ("some_live_with", "Some children live with client"),
    ("none_live_with", "No children live with client"),
    ("not_a_parent", "Not a parent"),
    ("declined", "Declined to answer"),
)
PARENT_STATUSES = {"all_live_with", "some_live_with", "none_live_with"}

PARENTAL_ROLES: Choices = (
    ("mother", "Mother"),
    ("father", "Father"),
    ("step_parent", "Step-parent"),
    ("partner_of_carer", "Partner of the primary carer"),
    ("kinship_carer", "Kinship carer"),
    ("other_carer", "Other adult with caring responsibility"),
)

CLIENT_STATUS: Choices = (
    ("referred", "Referred"),
    ("active", "In treatment"),
    ("on_hold", "On hold"),
    ("closed", "Closed"),
)

TREATMENT_TYPES: Choices = (
    ("key_working", "Key working"),
    ("specialist_prescribing", "Specialist prescribing"),
    ("gp_prescribing", "GP prescribing"),
    ("structured_day", "Structured day programme"),
    ("community_detox", "Community detox"),
    ("inpatient_detox", "Inpatient detox"),
    ("residential_rehab", "Residential rehab"),
    ("psychosocial", "Psychosocial intervention"),
)

LIVES_WITH: Choices = (
    ("client", "With the client"),
    ("other_parent", "With the other parent"),
    ("grandparent", "With a grandparent"),
    ("kinship", "With other family (kinship care)"),
    ("foster", "Foster care"),
    ("residential", "Residential care"),
    ("adopted", "Adopted"),
    ("independent", "Lives independently"),
    ("unborn", "Unborn"),
    ("other", "Other"),
)

CONTACT_ARRANGEMENTS: Choices = (
    ("not_applicable", "Not applicable (lives with client)"),
    ("formal", "Formal"),
    ("informal", "Informal"),
    ("none", "No contact"),
)

# Current help the child receives; labels are local (CAF -> Early Help, etc.).
CURRENT_HELP: Choices = (
    ("none", "None"),
    ("early_help", "Early help / CAF"),
    ("child_in_need", "Child in need"),
    ("cp_plan", "Child-protection plan"),
    ("looked_after", "Looked after"),
)
# Help levels that mean a child is known to children's social care.
AT_RISK_HELP = {"child_in_need", "cp_plan", "looked_after"}

NETWORK_ROLES: Choices = (
    ("involved", "Involved"),
    ("lead_professional", "Lead professional"),
    ("core_group", "Core group member"),
    ("social_worker", "Allocated social worker"),
    ("health_visitor", "Health visitor"),
    ("school_nurse", "School nurse"),
    ("gp", "GP"),
    ("midwife", "Midwife"),
    ("other", "Other"),
)

CONSENT_STATES: Choices = (
    ("given", "Consent given"),
    ("refused", "Consent refused"),
    ("not_sought_life", "Not sought: immediate risk to a child's life"),
    ("not_sought_harm", "Not sought: asking would increase risk of significant harm"),
    ("withdrawn", "Consent withdrawn"),
)

SCREENING_OCCASIONS: Choices = (
    ("intake", "Intake / triage"),
    ("review", "Treatment review"),
    ("discharge", "Discharge"),
)

SOURCES: Choices = (
    ("self_reported", "Self-reported"),
    ("observed", "Observed"),
    ("agency_confirmed", "Confirmed by an agency"),
)


def label(choices: Choices, value: str | None) -> str:
    for v, text in choices:
        if v == value:
            return text
    return value or ""


def values(choices: Choices) -> set[str]:
    return {v for v, _ in choices}
