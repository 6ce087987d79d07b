"""Client, family and network records: what screens and the CLI call to save things."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from caseworker.caseload import page as caseload
from caseworker.core.errors import CaseworkerError, NotFound
from caseworker.core.validation import ValidationFailed
from caseworker.people import clients, family, network
from caseworker.store.models import Client, NetworkContact


def _search(db, today, query: str) -> list[str]:
    with db.session() as s:
        page = caseload.fetch_page(s, today=today, query=query, filter_id="all", size=50)
    return [r.name for r in page.rows]


@pytest.fixture
def ada(db, today) -> Client:
    with db.session() as s:
        return clients.create_client(
            s,
            {
                "given_name": "Ada",
                "family_name": "Lovelace",
                "aliases": "Ada King, Augusta Byron",
                "date_of_birth": "10/12/1985",
                "substances": "alcohol",
            },
            today,
        )


# ---- clients --------------------------------------------------------------------------


def test_create_client_stores_clean_values(db, today, ada):
    with db.session() as s:
        stored = clients.get_client(s, ada.id)
        assert (stored.given_name, stored.family_name) == ("Ada", "Lovelace")
        assert stored.date_of_birth == date(1985, 12, 10)
        assert stored.substances == ["alcohol"]
        assert stored.key_worker_id == db.worker_id
        assert stored.sort_key == "lovelace ada"
        assert clients.aliases_of(s, ada.id) == ["Ada King", "Augusta Byron"]
        assert stored.parental_status_checked_on is None  # still "not asked"


def test_search_finds_a_client_by_alias(db, today, ada):
    with db.session() as s:
        clients.create_client(s, {"given_name": "Grace", "family_name": "Hopper"}, today)
    assert _search(db, today, "augusta") == ["Lovelace, Ada"]
    assert _search(db, today, "KING") == ["Lovelace, Ada"]
    assert _search(db, today, "hopper") == ["Hopper, Grace"]


def test_update_client_changes_aliases_and_search(db, today, ada):
    with db.session() as s:
        clients.update_client(
            s,
            ada.id,
            {"given_name": "Ada", "family_name": "King", "aliases": "Ada Lovelace, Countess"},
            today,
        )
    with db.session() as s:
        stored = clients.get_client(s, ada.id)
        assert stored.sort_key == "king ada"
        assert clients.aliases_of(s, ada.id) == ["Ada Lovelace", "Countess"]
    assert _search(db, today, "countess") == ["King, Ada"]
    assert _search(db, today, "augusta") == []
    assert _search(db, today, "lovelace") == ["King, Ada"]  # now an alias


def test_parental_status_change_is_dated(db, today, ada):
    with db.session() as s:
        clients.update_client(
            s,
            ada.id,
            {"given_name": "Ada", "family_name": "Lovelace", "parental_status": "some_live_with"},
            today,
        )
    with db.session() as s:
        assert clients.get_client(s, ada.id).parental_status_checked_on == today


def test_form_values_round_trip(db, today, ada):
    with db.session() as s:
        values = clients.client_form_values(s, clients.get_client(s, ada.id))
    assert values["date_of_birth"] == "10/12/1985"
    assert values["aliases"] == "Ada King, Augusta Byron"
    assert values["substances"] == "alcohol"
    with db.session() as s:
        again = clients.update_client(s, ada.id, values, today)
        assert again.date_of_birth == date(1985, 12, 10)
        assert clients.aliases_of(s, ada.id) == ["Ada King", "Augusta Byron"]


def test_invalid_update_saves_nothing(db, today, ada):
    with pytest.raises(ValidationFailed), db.session() as s:
        clients.update_client(s, ada.id, {"given_name": "", "family_name": "X"}, today)
    with db.session() as s:
        assert clients.get_client(s, ada.id).family_name == "Lovelace"


def test_unknown_client_is_not_found(db, today):
    with db.session() as s:
        with pytest.raises(NotFound):
            clients.get_client(s, uuid.uuid4())
        with pytest.raises(NotFound):
            family.add_child(
                s,
                uuid.uuid4(),
                {"client_role": "mother", "given_name": "K", "date_of_birth": "01/01/2020"},
                today,
            )
        with pytest.raises(NotFound):
            network.add_contact(s, uuid.uuid4(), {"agency": "GP"}, today)


# ---- family ---------------------------------------------------------------------------


def test_children_register(db, today, ada):
    with db.session() as s:
        older = family.add_child(
            s,
            ada.id,
            {"client_role": "mother", "given_name": "Byron", "date_of_birth": "01/02/2015"},
            today,
        )
        family.add_child(
            s,
            ada.id,
            {
                "client_role": "mother",
                "given_name": "Annabella",
                "date_of_birth": "05/06/2019",
                "family_name": "King",
            },
            today,
        )
        family.add_child(
            s, ada.id, {"client_role": "mother", "unborn": True, "due_date": "01/03/2027"}, today
        )
    with db.session() as s:
        kids = family.children_of(s, ada.id)
        # Unborn first (not yet named), then the youngest
        assert [(k.unborn, k.given_name, k.family_name) for k in kids] == [
            (True, "", "Lovelace"),
            (False, "Annabella", "King"),
            (False, "Byron", "Lovelace"),
        ]
        assert kids[2].family_name == "Lovelace"  # defaults to the client's
        family.update_child(
            s,
            older.id,
            {
                "client_role": "mother",
                "given_name": "Byron",
                "date_of_birth": "01/02/2015",
                "current_help": "cp_plan",
            },
            today,
        )
    with db.session() as s:
        byron = next(k for k in family.children_of(s, ada.id) if k.given_name == "Byron")
        assert byron.current_help == "cp_plan"
        values = family.child_form_values(byron)
        assert values["date_of_birth"] == "01/02/2015" and values["due_date"] == ""


def test_update_unknown_child_is_not_found(db, today):
    with db.session() as s, pytest.raises(NotFound):
        family.update_child(s, uuid.uuid4(), {"client_role": "mother", "given_name": "K"}, today)


def test_household_members(db, today, ada):
    eighteenth_tomorrow = today.replace(year=today.year - 18) + timedelta(days=1)
    with db.session() as s:
        family.add_household_member(
            s, ada.id, {"name": "Teen", "date_of_birth": f"{eighteenth_tomorrow:%d/%m/%Y}"}, today
        )
        family.add_household_member(
            s,
            ada.id,
            {"name": "Adult", "date_of_birth": f"{today.replace(year=2008):%d/%m/%Y}"},
            today,
        )
    with db.session() as s:
        members = {m.name: m.under_18 for m in family.household_of(s, ada.id)}
    assert members == {"Adult": False, "Teen": True}


# ---- network --------------------------------------------------------------------------


def test_add_contact_defaults_start_to_today(db, today, ada):
    with db.session() as s:
        c = network.add_contact(s, ada.id, {"agency": "GP", "contact_name": "Dr Who"}, today)
    assert c.started_on == today and c.ended_on is None and c.replaces_id is None


def test_replacing_a_contact_keeps_history(db, today, ada):
    earlier = today - timedelta(days=30)
    with db.session() as s:
        old = network.add_contact(
            s,
            ada.id,
            {
                "agency": "Children's Social Care",
                "team": "Assessment",
                "contact_name": "A. Patel",
                "role": "social_worker",
            },
            earlier,
        )
    with db.session() as s:
        new = network.replace_contact(
            s,
            old.id,
            {
                "agency": "Children's Social Care",
                "team": "Child in Need",
                "contact_name": "B. Jones",
                "role": "social_worker",
            },
            today,
        )
    with db.session() as s:
        old_row = s.get(NetworkContact, old.id)
        new_row = s.get(NetworkContact, new.id)
        assert old_row.ended_on == today
        assert old_row.contact_name == "A. Patel"  # history is not overwritten
        assert old_row.started_on == earlier
        assert new_row.replaces_id == old.id
        assert new_row.started_on == today and new_row.ended_on is None
        assert [c.contact_name for c in network.network_of(s, ada.id)] == ["B. Jones", "A. Patel"]
        current = network.network_of(s, ada.id, include_ended=False)
        assert [c.id for c in current] == [new.id]


def test_an_ended_contact_cannot_be_replaced(db, today, ada):
    with db.session() as s:
        c = network.add_contact(s, ada.id, {"agency": "GP"}, today - timedelta(days=5))
    with db.session() as s:  # the contact changed: the old row ends
        network.replace_contact(s, c.id, {"agency": "GP"}, today - timedelta(days=1))
    with db.session() as s:
        with pytest.raises(CaseworkerError, match="already ended"):
            network.replace_contact(s, c.id, {"agency": "GP"}, today)
        with pytest.raises(NotFound):
            network.replace_contact(s, uuid.uuid4(), {"agency": "GP"}, today)


def test_current_consents_are_the_latest_per_recipient(db, today, ada):
    def decide(s, recipient, state, on, notes=""):
        network.record_consent(
            s,
            ada.id,
            {"recipient": recipient, "state": state, "decided_on": on, "notes": notes},
            today,
        )

    with db.session() as s:
        decide(s, "School", "given", "01/10/2026")
        decide(s, "school ", "withdrawn", "01/11/2026")
        decide(s, "GP", "refused", "01/11/2026")
        decide(s, "GP", "given", "20/11/2026")
        decide(s, "Health visitor", "given", "20/11/2026")
    with db.session() as s:
        # An older decision recorded later does not override a newer one.
        decide(s, "Health visitor", "refused", "01/06/2026")
    with db.session() as s:
        current = network.current_consents(s, ada.id)
        history = network.consent_history(s, ada.id)
    assert {k: v.state for k, v in current.items()} == {
        "school": "withdrawn",
        "gp": "given",
        "health visitor": "given",
    }
    assert len(history) == 6
    assert [h.decided_on for h in history] == sorted((h.decided_on for h in history), reverse=True)


def test_same_day_consent_decisions_latest_recorded_wins(db, today, ada):
    for state in ("given", "refused", "withdrawn"):
        with db.session() as s:
            network.record_consent(
                s,
                ada.id,
                {"recipient": "Probation", "state": state, "decided_on": "23/11/2026"},
                today,
            )
    with db.session() as s:
        assert network.current_consents(s, ada.id)["probation"].state == "withdrawn"


def test_a_move_keeps_the_previous_address(db, today, ada):
    base = {"given_name": "Ada", "family_name": "Lovelace"}
    with db.session() as s:
        clients.update_client(
            s, ada.id, {**base, "address": "1 Old Road", "area": "Eastfield"}, today
        )
    with db.session() as s:
        clients.update_client(
            s, ada.id, {**base, "address": "9 New Street", "area": "Westgate"}, today
        )
        clients.update_client(
            s,
            ada.id,
            {**base, "address": "9 New Street", "area": "Westgate", "phone": "0700"},
            today,
        )  # not a move
    with db.session() as s:
        [before] = clients.previous_addresses(s, ada.id)
        assert (before.address, before.area, before.moved_out) == ("1 Old Road", "Eastfield", today)
