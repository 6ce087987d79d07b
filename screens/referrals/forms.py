"""The referrals' forms: recording one (agency and named contact from the client's network
or typed, the children it is about, the outcome wanted, verbal or written and, for a
verbal one, the call), and tracking it (sent through the consent check, chased,
acknowledged, the outcome). Each is a FormScreen, so what is typed is kept as a draft."""

from __future__ import annotations

import uuid
from typing import Any

from caseworker.content import load_agencies
from caseworker.core.dates import format_uk
from caseworker.people import children_of, network_of
from caseworker.referrals import (
    BOUNCED,
    MODES,
    OUTCOMES,
    URGENCY,
    record_acknowledgement,
    record_chase,
    record_outcome,
    record_referral,
    referrals_of,
)
from screens.visits.clock import now_of
from screens.widgets.form import FieldSpec, FormScreen
from screens.wording import child_name

TYPED = ""  # the contact choice "typed below"
FIRST = "1st"


def _child_field(child_id: uuid.UUID) -> str:
    return f"child_{child_id.hex}"


class ReferralForm(FormScreen):
    FORM_TITLE = "Record a referral"
    DRAFT_ARGS = ("client_id",)
    HELP = (
        "A referral to an agency and a named contact: choose one from the client's "
        "network or the local agency directory, or type the agency. Say which children it "
        "is about, why, the evidence, and the outcome you want (required: a referral "
        "without one is the commonest complaint). A verbal referral records the call: "
        "when, to whom, what was said. A verbal referral to children's social care must "
        "be confirmed in writing within 48 hours: the countdown shows on the caseload, "
        "the record and the diary until it is."
    )
    HEAD = (
        FieldSpec("agency", "Agency"),
        FieldSpec("to_csc", "Children's social care", kind="check"),
        FieldSpec("team", "Team"),
        FieldSpec("contact_name", "Named contact"),
    )
    TAIL = (
        FieldSpec("reason", "Reason", kind="notes"),
        FieldSpec("evidence", "Evidence", kind="notes"),
        FieldSpec("wanted_outcome", "Outcome wanted", kind="notes"),
        FieldSpec("urgency", "Urgency", kind="select", choices=URGENCY, must_choose=True),
        FieldSpec("mode", "Verbal or written", kind="select", choices=MODES, must_choose=True),
        FieldSpec("made_on", "Date made (written)", kind="date"),
        FieldSpec("call_on", "Date of the call", kind="date"),
        FieldSpec("call_time", "Time of the call", placeholder="14:30"),
        FieldSpec("call_to", "Spoke to"),
        FieldSpec("call_said", "What was said", kind="notes"),
    )

    def __init__(self, client_id: uuid.UUID, *, to_csc: bool = False) -> None:
        super().__init__()
        self.client_id = client_id
        self.to_csc = to_csc  # asked for as children's social care (the diary's CSC item)
        self.contacts: dict[str, Any] = {}
        self.kids: list[tuple[uuid.UUID, str]] = []
        self.bounced: dict[str, uuid.UUID] = {}

    def compose(self) -> Any:
        # The fields depend on the record: its network, its children, a bounced referral.
        with self.db.session() as s:
            for c in network_of(s, self.client_id, include_ended=False):
                self.contacts[c.id.hex] = (c.id, c.agency, c.team, c.contact_name, False)
        # Then the local agency directory (data/agencies.toml): an agency, no named person.
        for a in load_agencies():
            self.contacts[f"dir:{a.id}"] = (None, a.name, a.team, "", a.is_csc)
            self.kids = [(c.id, child_name(c)) for c in children_of(s, self.client_id)]
            bounced = [v.referral for v in referrals_of(s, self.client_id)
                       if v.referral.outcome == BOUNCED]  # fmt: skip
        self.bounced = {r.id.hex: r.id for r in bounced}
        contacts = ((TYPED, "Typed below"), *(
            (k, " · ".join(p for p in v[1:4] if p)) for k, v in self.contacts.items()))  # fmt: skip
        again = (
            (FIRST, "No: a first referral"),
            *((r.id.hex, f"{r.agency}, bounced {format_uk(r.feedback_on)}") for r in bounced),
        )
        self.FIELDS = (
            FieldSpec("contact", "Network/directory", kind="select", choices=contacts),
            *self.HEAD,
            *(FieldSpec(_child_field(cid), f"About {name}", kind="check")
              for cid, name in self.kids),
            *self.TAIL,
            *((FieldSpec("previous", "Sent again after", kind="select", choices=again),)
              if self.bounced else ()),
        )  # fmt: skip
        yield from super().compose()

    def initial_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"made_on": f"{self.caseworker_app.today:%d/%m/%Y}"}
        if self.to_csc:
            values |= {"agency": "Children's social care", "to_csc": True}
        return values

    def save(self, values: dict[str, Any]) -> Any:
        raw = dict(values)
        contact = self.contacts.get(str(raw.pop("contact", "") or ""))
        if contact is not None:
            contact_id, agency, team, name, is_csc = contact
            raw["contact_id"] = contact_id
            raw["to_csc"] = raw.get("to_csc") or is_csc
            raw["agency"] = raw.get("agency") or agency
            raw["team"] = raw.get("team") or team
            raw["contact_name"] = raw.get("contact_name") or name
        raw["child_ids"] = [cid for cid, _ in self.kids if raw.pop(_child_field(cid), False)]
        previous = str(raw.pop("previous", "") or "")
        raw["previous_id"] = self.bounced.get(previous)
        if raw.get("mode") == "verbal":
            raw["made_on"] = ""  # the call's date is the day it was made
        with self.db.session() as s:
            today, now = self.caseworker_app.today, now_of(self.app)
            return record_referral(s, self.client_id, raw, today, now).id


class OnReferral(FormScreen):
    DRAFT_ARGS = ("client_id", "referral_id")

    def __init__(self, client_id: uuid.UUID, referral_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.referral_id = client_id, referral_id

    def initial_values(self) -> dict[str, Any]:
        return {spec.name: f"{self.caseworker_app.today:%d/%m/%Y}"
                for spec in self.FIELDS if spec.kind == "date"}  # fmt: skip


class ChaseForm(OnReferral):
    FORM_TITLE = "Chase the referral"
    FIELDS = (FieldSpec("chased_on", "Chased on", kind="date"), FieldSpec("note", "Note"))

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return record_chase(s, self.referral_id, values, self.caseworker_app.today).id


class AcknowledgedForm(OnReferral):
    FORM_TITLE = "The agency acknowledged the referral"
    FIELDS = (FieldSpec("acknowledged_on", "Acknowledged on", kind="date"),)

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return record_acknowledgement(s, self.referral_id, values, self.caseworker_app.today).id


class OutcomeForm(OnReferral):
    FORM_TITLE = "The referral's outcome"
    FIELDS = (
        FieldSpec("outcome", "Outcome", kind="select", choices=OUTCOMES, must_choose=True),
        FieldSpec("outcome_worker", "Their worker"),
        FieldSpec("feedback_on", "Feedback arrived on", kind="date"),
    )

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return record_outcome(s, self.referral_id, values, self.caseworker_app.today).id
