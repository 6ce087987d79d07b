"""The people around a client: the client record, the child register and household,
the professional network and consent to share, and the record's history.

Exports load on first use (PEP 562): the caseload's first page needs only the flags
(flags), not the record queries and the ORM behind them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# name -> the module of this package that defines it
_EXPORTS = {
    "ClientFlag": "flags",
    "ClientSummary": "summary",
    "ConsentDecision": "network",
    "TimelineEntry": "timeline",
    "add_child": "family",
    "add_contact": "network",
    "add_household_member": "family",
    "aliases_of": "clients",
    "child_form_values": "family",
    "children_of": "family",
    "client_flags": "flags",
    "client_form_values": "clients",
    "client_reference": "clients",
    "client_summary": "summary",
    "consent_decisions": "network",
    "consent_history": "network",
    "create_client": "clients",
    "current_consents": "network",
    "get_child": "family",
    "get_client": "clients",
    "get_contact": "network",
    "household_of": "family",
    "network_of": "network",
    "previous_addresses": "clients",
    "record_consent": "network",
    "refresh_search_text": "clients",
    "replace_contact": "network",
    "replacement_form_values": "network",
    "timeline_for": "timeline",
    "update_child": "family",
    "update_client": "clients",
}
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
    "refresh_search_text",
    "replace_contact",
    "replacement_form_values",
    "timeline_for",
    "update_child",
    "update_client",
]

if TYPE_CHECKING:
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
    from caseworker.people.flags import (
        ClientFlag,
        client_flags,
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
    from caseworker.people.summary import (
        ClientSummary,
        client_summary,
    )
    from caseworker.people.timeline import (
        TimelineEntry,
        timeline_for,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
