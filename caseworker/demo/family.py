"""FamilyBuilder: draws one demo client and their records from the ingredients.

Every choice comes from one random.Random, so a seed always gives the same
families. ``start_client`` begins a family; the ``add_*`` methods append records
in an order the database accepts (a contact that replaces another comes after
it); ``finish`` returns them, the client first. The recipes that decide *what* a
family looks like are in caseworker.demo.scenarios and caseworker.demo.fixed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from caseworker.core.dates import age_on
from caseworker.demo.draws import Draws, Ingredients, years_before
from caseworker.people import refresh_search_text
from caseworker.store.models import (
    AddressHistory,
    ChildRecord,
    Client,
    ClientAlias,
    ConsentRecord,
    HouseholdMember,
    NetworkContact,
    Record,
    Screening,
    utcnow,
)

T = TypeVar("T")
_CONSENT_SCOPES = (
    "Treatment progress and attendance",
    "The children's safety and the family plan",
    "Prescribing and drug test results",
    "Attendance at meetings about the children",
)
R = TypeVar("R", bound=Record)


def _new(model: type[R], **values: Any) -> R:
    # id and timestamps given explicitly: pydantic inspects a default factory's signature
    # on every call, which dominates building tens of thousands of records.
    now = utcnow()
    return model(id=uuid.uuid4(), created_at=now, updated_at=now, **values)


class FamilyBuilder(Draws):
    def __init__(
        self, rng: random.Random, ingredients: Ingredients, today: date, worker_id: uuid.UUID | None
    ) -> None:
        super().__init__(rng, ingredients, today)
        self.worker_id = worker_id
        self.client = Client(given_name="", family_name="")
        self.heritage: dict[str, Any] = {}
        self.gp = ""
        self.records: list[Record] = []
        self.aliases: list[str] = []
        self._household_choices: dict[tuple[str, ...], str] = {}

    # -- the client's family --------------------------------------------------------------

    def relative(self, gender: str) -> str:
        """Someone from the client's own family: same heritage, often the same surname."""
        family = self.client.family_name if self.chance(0.6) else self.pick(self.heritage["family"])
        return f"{self.given_name(gender, self.heritage)} {family}"

    # -- the client -----------------------------------------------------------------------

    def start_client(
        self,
        *,
        gender: str | None = None,
        age: int | None = None,
        ethnicity: str | None = None,
        profile: str | None = None,
        treatment: str | None = None,
        status: str | None = None,
    ) -> Client:
        rng, mix = self.rng, self.ing["mix"]
        self.heritage = h = self.pick_heritage(ethnicity)
        gender = gender or ("Female" if self.chance(mix["female_share"]) else "Male")
        if age is None:
            age = int(rng.triangular(18, 71, 36))
        lang = rng.choices(h["languages"], weights=[x["weight"] for x in h["languages"]])[0]
        profiles = self.ing["substance_profiles"]
        if profile:
            prof = next(p for p in profiles if p["name"] == profile)
        else:
            prof = rng.choices(profiles, weights=[p["weight"] for p in profiles])[0]
        treatment = treatment or self.weighted(prof["treatment"])
        prescribing = treatment in ("specialist_prescribing", "gp_prescribing")
        risk = self.chance(0.04)
        address, area = self.address()
        self.client = _new(
            Client,
            given_name=self.given_name(gender, h),
            family_name=self.pick(h["family"]),
            date_of_birth=self.born_aged(age),
            gender=gender,
            address=address,
            area=area,
            phone=self.mobile() if self.chance(0.9) else "",
            ethnicity=h["ethnicity"],
            language=lang["language"],
            interpreter_needed=self.chance(lang["interpreter"]),
            substances=self.substances(prof),
            treatment_type=treatment,
            take_home_medication=prescribing and self.chance(0.45),
            key_worker_id=self.worker_id,
            status=status or self.weighted(mix["status"]),
            risk_to_staff=risk,
            risk_to_staff_note=self.pick(self.ing["risk_to_staff_notes"]) if risk else "",
        )
        self.gp = self.pick(self.ing["gp_surgeries"])
        self.records = [self.client]
        self.aliases = []
        self._household_choices = {}
        return self.client

    def substances(self, profile: dict[str, Any]) -> list[str]:
        """Core names always; one of the core [name, weight] pairs; each optional by chance."""
        out = [s for s in profile["core"] if isinstance(s, str)]
        pairs = [s for s in profile["core"] if not isinstance(s, str)]
        if pairs:
            out.append(self.rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0])
        for name, p in profile["optional"]:
            if name not in out and self.chance(p):
                out.append(name)
        return out

    @property
    def age(self) -> int:
        assert self.client.date_of_birth is not None
        return age_on(self.client.date_of_birth, self.today)

    def set_parental_status(self, status: str) -> None:
        self.client.parental_status = status
        if status != "not_asked":
            self.client.parental_status_checked_on = self.days_ago(0, 200)

    def add_alias(self, alias: str) -> None:
        self.aliases.append(alias)
        self._add(ClientAlias, client_id=self.client.id, alias=alias)

    def add_random_aliases(self) -> None:
        c, roll = self.client, self.rng.random()
        nickname = self.ing["nicknames"].get(c.given_name)
        if nickname and roll < 0.2:
            self.add_alias(f"{nickname} {c.family_name}")
        elif roll < 0.2:
            # A previous (married or partner's) surname: the name other agencies may hold.
            self.add_alias(f"{c.given_name} {self.pick(self.pick_heritage()['family'])}")
        if self.chance(0.03):
            self.add_alias(f"{self.given_name(c.gender, self.heritage)} {c.family_name}")

    def add_address_history(self, moves: int) -> None:
        """Earlier addresses, newest first, each ending the day the next one began."""
        assert self.client.date_of_birth is not None
        adult = years_before(self.client.date_of_birth, -17)
        moved_out = self.days_ago(20, 700)
        for _ in range(moves):
            moved_in = moved_out - timedelta(days=self.rng.randint(60, 1400))
            if moved_in < adult:
                break
            address, area = self.address()
            self._add(AddressHistory, client_id=self.client.id, address=address, area=area,
                      moved_in=moved_in, moved_out=moved_out)  # fmt: skip
            moved_out = moved_in

    # -- children and household -----------------------------------------------------------

    def for_household(self, lives_with: str, *key: str, choose: Callable[[], str]) -> str:
        """One choice per household: siblings living together share a school and a GP."""
        return self._household_choices.setdefault((lives_with, *key), choose())

    def schooling(self, age: int, lives_with: str) -> str:
        ing = self.ing
        if age <= 1:
            return ""
        if age <= 3:
            return self.pick(ing["nurseries"]) if self.chance(0.6) else ""
        if age >= 16:
            return (
                self.pick(ing["colleges"]) if self.chance(0.7) else "Not in education or training"
            )
        phase = "primary_schools" if age <= 10 else "secondary_schools"
        return self.for_household(lives_with, phase, choose=lambda: self.pick(ing[phase]))

    def add_child(
        self, date_of_birth: date, *, role: str, gender: str | None = None, **fields: Any
    ) -> ChildRecord:
        """A born child; ``fields`` are ChildRecord fields (lives_with, current_help...)."""
        assert date_of_birth <= self.today
        gender = gender or self.pick(("Female", "Male"))
        lives_with = fields.get("lives_with", "client")
        at_home = lives_with == "client"
        if at_home:
            gp = self.gp
        else:
            gp = self.for_household(
                lives_with, "gp", choose=lambda: self.pick(self.ing["gp_surgeries"])
            )
        if fields.get("current_help", "none") != "none" and self.chance(0.7):
            source = "agency_confirmed"
        else:
            source = self.weighted({"self_reported": 85, "observed": 15})
        values = {
            "given_name": self.given_name(gender, self.heritage, child=True),
            "family_name": self.client.family_name,
            "school": self.schooling(age_on(date_of_birth, self.today), lives_with),
            "gp": gp,
            "source": source,
            **fields,
        }
        if at_home:
            values["contact_arrangement"] = "not_applicable"
        return self._add(ChildRecord, client_id=self.client.id, date_of_birth=date_of_birth,
                         client_role=role, **values)  # fmt: skip

    def add_unborn(self, due: date, *, role: str, current_help: str = "none") -> ChildRecord:
        assert due > self.today
        return self._add(ChildRecord, client_id=self.client.id,
                         family_name=self.client.family_name, unborn=True, date_of_birth=None,
                         due_date=due, client_role=role, lives_with="unborn",
                         current_help=current_help, gp=self.gp)  # fmt: skip

    def add_household(
        self, name: str, relationship: str, date_of_birth: date, **fields: Any
    ) -> HouseholdMember:
        under_18 = age_on(date_of_birth, self.today) < 18
        return self._add(HouseholdMember, client_id=self.client.id, name=name,
                         relationship=relationship, date_of_birth=date_of_birth,
                         under_18=under_18, **fields)  # fmt: skip

    def add_parental_screen(self, on: date, answers: dict[str, Any], positive: bool) -> None:
        """The parental screen behind the record (caseworker.demo.screening dates it)."""
        self.client.parental_status_checked_on = on
        self._add(Screening, client_id=self.client.id, instrument="parental", status="complete",
                  occasion=answers["occasion"], answers=answers, started_on=on, completed_on=on,
                  positive=positive)  # fmt: skip

    # -- the professional network, consent ----------------------------------------------

    def agency(self, key: str) -> dict[str, Any]:
        return self.ing["agencies"][key]

    def add_contact(
        self,
        agency: str,
        team: str,
        *,
        role: str = "involved",
        child: ChildRecord | None = None,
        name: str | None = None,
        email_domain: str = "",
        confirmed: bool | None = None,
        started_on: date | None = None,
        ended_on: date | None = None,
        replaces: NetworkContact | None = None,
    ) -> NetworkContact:
        name = self.person() if name is None else name
        confirmed = self.chance(0.7) if confirmed is None else confirmed
        # Unconfirmed involvement is often never checked at all: the assumption to expose.
        if confirmed:
            checked: date | None = self.days_ago(2, 150)
        else:
            checked = None if self.chance(0.5) else self.days_ago(30, 300)
        started_on = started_on or self.days_ago(30, 700)
        if checked is not None:
            checked = max(checked, started_on)
            if ended_on is not None:
                checked = min(checked, ended_on)
        email = ""
        if email_domain and self.chance(0.6):
            email = f"{name.lower().replace(' ', '.').replace(chr(39), '')}@{email_domain}"
        return self._add(
            NetworkContact, client_id=self.client.id, child_id=child.id if child else None,
            agency=agency, team=team, contact_name=name, role=role, phone=self.landline(),
            email=email, confirmed=confirmed, last_checked=checked, started_on=started_on,
            ended_on=ended_on, replaces_id=replaces.id if replaces else None,
        )  # fmt: skip

    def add_contact_history(
        self, key: str, teams: Sequence[str], *, role: str, child: ChildRecord | None = None
    ) -> NetworkContact:
        """One contact per team in turn, each ending the day its successor starts."""
        info = self.agency(key)
        starts = sorted(self.days_ago(15, 900) for _ in teams)
        contact: NetworkContact | None = None
        for i, team in enumerate(teams):
            current = i == len(teams) - 1
            contact = self.add_contact(
                info["agency"], team, role=role, child=child, email_domain=info["email_domain"],
                confirmed=None if current else True, started_on=starts[i],
                ended_on=None if current else starts[i + 1], replaces=contact,
            )  # fmt: skip
        assert contact is not None
        return contact

    def add_consent(
        self, recipient: str, state: str, *, explained: date | None, decided: date
    ) -> None:
        notes = self.pick(self.ing["consent_notes"][state]) if state != "given" else ""
        if explained and decided < explained:
            decided = explained
        scope, expires = "", None
        if state == "given":
            # A share given for a stated purpose and time, drawn from a generator of its
            # own: the families that follow come out as they did before (tests pin them).
            rng = random.Random(f"{self.client.given_name}/{self.client.family_name}/"
                                f"{recipient}/{decided}")  # fmt: skip
            if rng.random() < 0.25:
                scope = rng.choice(_CONSENT_SCOPES)
                if rng.random() < 0.6:
                    expires = self.today + timedelta(days=rng.randint(30, 330))
        self._add(ConsentRecord, client_id=self.client.id, recipient=recipient, state=state,
                  decided_on=decided, policy_explained_on=explained, notes=notes,
                  scope=scope, expires_on=expires)  # fmt: skip

    def add_consents_for_network(self, *, given_to: Sequence[str] = ()) -> None:
        """One decision per named recipient in the current network; a few changed their mind.

        Agencies named in ``given_to`` always have consent (a fixed family's story says so).
        """
        explained = self.days_ago(60, 400) if self.chance(0.9) else None
        social_care = self.agency("social_care")["agency"]
        seen: set[str] = set()
        for rec in list(self.records):
            if not isinstance(rec, NetworkContact) or rec.ended_on is not None:
                continue
            recipient = f"{rec.agency} ({rec.team})" if rec.team else rec.agency
            if recipient in seen:
                continue
            seen.add(recipient)
            states = {"given": 82, "refused": 12, "withdrawn": 2}
            if rec.agency == social_care:
                states |= {"not_sought_harm": 2, "not_sought_life": 1}
            state = "given" if rec.agency in given_to else self.weighted(states)
            if state == "given" and explained and self.chance(0.08):
                # Refused first, agreed later: the history shows both, the latest counts.
                refused = self.days_ago(1, (self.today - explained).days)
                agreed = self.days_ago(0, (self.today - refused).days - 1)
                self.add_consent(recipient, "refused", explained=explained, decided=refused)
                self.add_consent(recipient, "given", explained=explained, decided=agreed)
            else:
                # Asked once the agency was involved, not before.
                decided = max(self.days_ago(0, 300), rec.started_on or self.today)
                self.add_consent(recipient, state, explained=explained, decided=decided)

    # -- bookkeeping ----------------------------------------------------------------------

    def _add(self, model: type[R], **values: Any) -> R:
        record = _new(model, **values)
        self.records.append(record)
        return record

    def finish(self) -> list[Record]:
        """The family's records, client first; search text covers names and aliases."""
        refresh_search_text(self.client, self.aliases)
        return self.records
