"""The people around a client: the client record, the child register and household,
the professional network and consent to share, and the record's history."""

from caseworker.people.clients import (
    aliases_of,
    client_form_values,
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
    household_of,
    update_child,
)
from caseworker.people.network import (
    add_contact,
    consent_history,
    current_consents,
    network_of,
    record_consent,
    replace_contact,
)
from caseworker.people.timeline import TimelineEntry, timeline_for

__all__ = [
    "TimelineEntry",
    "add_child",
    "add_contact",
    "add_household_member",
    "aliases_of",
    "child_form_values",
    "children_of",
    "client_form_values",
    "consent_history",
    "create_client",
    "current_consents",
    "get_client",
    "household_of",
    "network_of",
    "previous_addresses",
    "record_consent",
    "refresh_search_text",
    "replace_contact",
    "timeline_for",
    "update_child",
    "update_client",
]
