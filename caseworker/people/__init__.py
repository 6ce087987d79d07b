"""The people around a client: the client record, the child register and household,
the professional network and consent to share, the record's history and who opened it,
and the contradictions a record may hold.

Exports load on first use (PEP 562): the caseload's first page needs only the flags
(flags), not the record queries and the ORM behind them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.core.exports import lazy_exports

# name -> the module of this package that defines it
_EXPORTS = {
    "ClientFlag": "flags",
    "ClientSummary": "summary",
    "ConsentDecision": "network",
    "Contradiction": "consistency",
    "TRIGGERS": "triggers",
    "TimelineEntry": "timeline",
    "add_child": "family",
    "add_contact": "network",
    "add_household_member": "family",
    "aliases_of": "clients",
    "child_form_contradictions": "checks",
    "child_form_values": "family",
    "child_names": "family",
    "children_of": "family",
    "client_by_reference": "clients",
    "client_contradictions": "checks",
    "client_flags": "flags",
    "client_form_values": "clients",
    "client_reference": "clients",
    "client_summary": "summary",
    "client_names": "clients",
    "consent_decisions": "network",
    "consent_history": "network",
    "create_client": "clients",
    "current_consents": "network",
    "end_household_member": "family",
    "get_child": "family",
    "get_client": "clients",
    "get_contact": "network",
    "get_household_member": "family",
    "household_form_values": "family",
    "household_of": "family",
    "network_of": "network",
    "parental_status_check": "checks",
    "possible_duplicates": "checks",
    "previous_addresses": "clients",
    "record_consent": "network",
    "record_opened": "access",
    "refresh_search_text": "clients",
    "register_in_words": "consistency",
    "register_parental_status": "consistency",
    "replace_contact": "network",
    "replacement_form_values": "network",
    "set_parental_status": "checks",
    "timeline_for": "timeline",
    "update_child": "family",
    "update_client": "clients",
    "update_household_member": "family",
    "validate_child": "validation",
    "validate_client": "validation",
    "validate_consent": "validation",
    "validate_household_member": "validation",
    "validate_network_contact": "validation",
}
__all__ = [
    "TRIGGERS",
    "ClientFlag",
    "ClientSummary",
    "ConsentDecision",
    "Contradiction",
    "TimelineEntry",
    "add_child",
    "add_contact",
    "add_household_member",
    "aliases_of",
    "child_form_contradictions",
    "child_form_values",
    "child_names",
    "children_of",
    "client_by_reference",
    "client_contradictions",
    "client_flags",
    "client_form_values",
    "client_names",
    "client_reference",
    "client_summary",
    "consent_decisions",
    "consent_history",
    "create_client",
    "current_consents",
    "end_household_member",
    "get_child",
    "get_client",
    "get_contact",
    "get_household_member",
    "household_form_values",
    "household_of",
    "network_of",
    "parental_status_check",
    "possible_duplicates",
    "previous_addresses",
    "record_consent",
    "record_opened",
    "refresh_search_text",
    "register_in_words",
    "register_parental_status",
    "replace_contact",
    "replacement_form_values",
    "set_parental_status",
    "timeline_for",
    "update_child",
    "update_client",
    "update_household_member",
    "validate_child",
    "validate_client",
    "validate_consent",
    "validate_household_member",
    "validate_network_contact",
]

if TYPE_CHECKING:
    from caseworker.people.access import (
        record_opened,
    )
    from caseworker.people.checks import (
        child_form_contradictions,
        client_contradictions,
        parental_status_check,
        possible_duplicates,
        set_parental_status,
    )
    from caseworker.people.clients import (
        aliases_of,
        client_by_reference,
        client_form_values,
        client_names,
        client_reference,
        create_client,
        get_client,
        previous_addresses,
        refresh_search_text,
        update_client,
    )
    from caseworker.people.consistency import (
        Contradiction,
        register_in_words,
        register_parental_status,
    )
    from caseworker.people.family import (
        add_child,
        add_household_member,
        child_form_values,
        child_names,
        children_of,
        end_household_member,
        get_child,
        get_household_member,
        household_form_values,
        household_of,
        update_child,
        update_household_member,
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
    from caseworker.people.triggers import (
        TRIGGERS,
    )
    from caseworker.people.validation import (
        validate_child,
        validate_client,
        validate_consent,
        validate_household_member,
        validate_network_contact,
    )


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
