"""The people around a client: the client record, the child register and household,
the professional network and consent to share, and the record's history."""

from caseworker.people.access import record_opened
from caseworker.people.clients import (
    aliases_of,
    client_form_values,
    client_reference,
    create_client,
    get_client,
    previous_addresses,
    refresh_search_text,
    update_client,
)
from caseworker.people.family import (
    add_child,
    add_household_member,
    child_form_values,
    children_of,
    get_child,
    household_of,
    update_child,
)
from caseworker.people.network import (
    ConsentDecision,
    add_contact,
    consent_decisions,
    consent_history,
    current_consents,
    get_contact,
    network_of,
    record_consent,
    replace_contact,
    replacement_form_values,
)
from caseworker.people.summary import ClientFlag, ClientSummary, client_flags, client_summary
from caseworker.people.timeline import TimelineEntry, timeline_for
from caseworker.people.validation import (
    validate_child,
    validate_client,
    validate_consent,
    validate_household_member,
    validate_network_contact,
)

__all__ = [
    "ClientFlag",
    "ClientSummary",
    "ConsentDecision",
    "TimelineEntry",
    "add_child",
    "add_contact",
    "add_household_member",
    "aliases_of",
    "child_form_values",
    "children_of",
    "client_flags",
    "client_form_values",
    "client_reference",
    "client_summary",
    "consent_decisions",
    "consent_history",
    "create_client",
    "current_consents",
    "get_child",
    "get_client",
    "get_contact",
    "household_of",
    "network_of",
    "previous_addresses",
    "record_consent",
    "record_opened",
    "refresh_search_text",
    "replace_contact",
    "replacement_form_values",
    "timeline_for",
    "update_child",
    "update_client",
    "validate_child",
    "validate_client",
    "validate_consent",
    "validate_household_member",
    "validate_network_contact",
]
