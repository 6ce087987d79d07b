"""The random families of the demo caseload (the fixed ones are in demo/fixed.py): who
the children are and where they live, the household, the professional network and
consent, all drawn from the ingredients with one seeded random.Random."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from caseworker.core import vocab
from caseworker.core.dates import age_on
from caseworker.demo.assessments import add_assessment
from caseworker.demo.family import FamilyBuilder
from caseworker.demo.meetings import add_meetings
from caseworker.demo.screening import random_parental_screen
from caseworker.store.models import ChildRecord, HouseholdMember, Record

Family = Callable[[FamilyBuilder], list[Record]]

MIN_SIBLING_GAP = timedelta(days=300)
CARER_ROLES = ("kinship_carer", "step_parent", "partner_of_carer", "other_carer")

# -- random families ----------------------------------------------------------------------


def random_family(b: FamilyBuilder) -> list[Record]:
    b.start_client()
    b.add_random_aliases()
    if b.chance(0.4):
        b.add_address_history(b.pick((1, 1, 1, 2, 2, 3)))
    mix = b.ing["mix"]
    status = b.weighted(mix["parental_status"])
    if status == "parent":
        status = b.weighted(mix["parent_lives_with"])
    b.set_parental_status(status)
    children = _random_children(b) if status in vocab.PARENT_STATUSES else []
    partner = _random_household(b, children)
    children += _maybe_expecting(b, partner)
    build_network(b, children)
    b.add_consents_for_network()
    random_parental_screen(b)
    if b.client.status != "closed":
        add_meetings(b, children)
        add_assessment(b, children)
    return b.finish()


def _role_and_dobs(b: FamilyBuilder, n: int) -> tuple[str, list[date]]:
    """The client's role and up to n plausible sibling birth dates, eldest first."""
    female = b.client.gender == "Female"
    # Whole-year ages: a child aged age-17 was born when the parent was at least 16.
    lo, hi = max(0, b.age - (45 if female else 55)), min(17, b.age - 17)
    if lo > hi:  # too old to be the parent of an under-18: raising grandchildren
        role, lo, hi = "kinship_carer", 0, min(17, b.age - 36)
    else:
        own = "mother" if female else "father"
        role = b.weighted({own: 90, "step_parent": 7, "partner_of_carer": 2, "other_carer": 1})
    ages = sorted(b.rng.sample(range(lo, hi + 1), min(n, hi - lo + 1)), reverse=True)
    dobs: list[date] = []
    for age in ages:
        dob = b.born_aged(age)
        if dobs and dob - dobs[-1] < MIN_SIBLING_GAP:
            dob = dobs[-1] + MIN_SIBLING_GAP
        if dob <= b.today:
            dobs.append(dob)
    return role, dobs


def _random_children(b: FamilyBuilder) -> list[ChildRecord]:
    mix = b.ing["mix"]
    status = b.client.parental_status
    n = int(b.weighted(mix["number_of_children"]))
    role, dobs = _role_and_dobs(b, max(n, 2) if status == "some_live_with" else n)
    if role in CARER_ROLES:
        status = "all_live_with"  # a carer's role exists because the children live with them
    elif status == "some_live_with" and len(dobs) < 2:
        status = "none_live_with"
    b.client.parental_status = status
    if status == "some_live_with":
        home = [True, False] + [b.chance(0.5) for _ in dobs[2:]]
        b.rng.shuffle(home)
    else:
        home = [status == "all_live_with"] * len(dobs)
    other_surname = b.pick(b.heritage["family"])
    own_surname = role in ("mother", "father") and b.chance(0.65 if role == "mother" else 0.85)
    surname = b.client.family_name if own_surname else other_surname
    shared = _placement(b, role, other_surname)  # siblings elsewhere are mostly placed together
    help_at_home = b.weighted(mix["current_help_at_home"])
    caring_chance = 0.12 if "alcohol" in b.client.substances else 0.06
    children: list[ChildRecord] = []
    for dob, at_home in zip(dobs, home, strict=True):
        if at_home:
            carer = age_on(dob, b.today) >= 8 and not any(c.young_carer for c in children)
            help_ = help_at_home if b.chance(0.9) else b.weighted(mix["current_help_at_home"])
            child = b.add_child(dob, role=role, family_name=surname, current_help=help_,
                                young_carer=carer and b.chance(caring_chance))  # fmt: skip
        else:
            place = shared if b.chance(0.8) else _placement(b, role, other_surname)
            child = b.add_child(dob, role=role, family_name=surname, **place)
        children.append(child)
    return children


def _placement(b: FamilyBuilder, role: str, other_surname: str) -> dict[str, Any]:
    """Where a child not living with the client lives, as ChildRecord fields."""
    places = b.ing["lives_elsewhere"]
    kind = b.weighted({k: v["weight"] for k, v in places.items()})
    spec = places[kind]
    if kind == "other_parent":
        other = "Female" if role == "father" else "Male"
        name = f"{b.given_name(other, b.heritage)} {other_surname}"
        detail = f"{'Mother' if other == 'Female' else 'Father'}, {name}"
    elif kind in ("grandparent", "kinship"):
        title = b.pick(spec["detail"])
        detail = (
            f"{title[0].upper()}{title[1:]}, {b.relative(b.pick(('Female', 'Female', 'Male')))}"
        )
    else:
        title = b.pick(spec["detail"])
        detail = f"{title[0].upper()}{title[1:]}"
    contact = b.weighted(spec["contact"])
    return {
        "lives_with": kind,
        "lives_with_detail": detail,
        "contact_arrangement": contact,
        "contact_supervised_by": (
            b.pick(b.ing["contact_supervisors"][kind]) if contact == "formal" else ""
        ),
        "current_help": b.weighted(spec["help"]),
    }


def _random_household(
    b: FamilyBuilder, children: list[ChildRecord]
) -> tuple[HouseholdMember, str] | None:
    """Partner, other under-18s and other adults at home; returns (partner, gender) if any."""
    ing = b.ing
    kids_at_home = any(c.lives_with == "client" for c in children)
    partner = None
    if b.chance(0.5 if kids_at_home else 0.3):
        same_sex = b.chance(0.05)
        gender = (
            b.client.gender if same_sex else ("Male" if b.client.gender == "Female" else "Female")
        )
        male = gender == "Male"
        if kids_at_home and not same_sex and children[0].client_role in ("mother", "father"):
            parent = "father" if male else "mother"
            options = [f"partner (children's {parent})", "partner (not the children's parent)"]
        else:
            options = [
                "partner",
                "husband" if male else "wife",
                "boyfriend" if male else "girlfriend",
            ]
        uses = ing["partner_substance_use"]
        use = b.rng.choices(uses, weights=[u["weight"] for u in uses])[0]
        age = min(75, max(18, b.age + b.rng.randint(-8, 8)))
        member = b.add_household(b.person(gender, b.heritage if b.chance(0.7) else None),
                                 b.pick(options), b.born_aged(age),
                                 known_to_services=use["known_to_services"],
                                 substance_use=use["text"])  # fmt: skip
        partner = (member, gender)
    if b.chance(0.05):
        items = [i for i in ing["other_under_18s"]
                 if partner or not i["relationship"].startswith("partner")]  # fmt: skip
        item = b.pick(items)
        younger_sibling = "younger" in item["relationship"]
        if not younger_sibling or b.age <= 30:
            age = b.rng.randint(10, 17) if younger_sibling else b.rng.randint(1, 17)
            b.add_household(b.person(heritage=b.heritage), item["relationship"], b.born_aged(age),
                            notes=item["note"])  # fmt: skip
    if b.chance(0.08):
        _other_adult(b)
    return partner


def _other_adult(b: FamilyBuilder) -> None:
    item = b.pick(b.ing["other_adults"])
    rel = item["relationship"]
    if rel.startswith("adult") and b.age < 38:
        return
    if rel in ("mother", "father"):
        lo, hi = min(b.age + 18, 85), min(b.age + 40, 90)
    elif rel.startswith("adult"):
        lo, hi = 18, b.age - 18
    else:
        lo, hi = 18, 60
    female = {"mother", "sister", "adult daughter"}
    male = {"father", "brother", "adult son"}
    gender = "Female" if rel in female else "Male" if rel in male else b.pick(("Female", "Male"))
    b.add_household(b.relative(gender), rel, b.born_aged(lo, hi),
                    substance_use=item["substance_use"])  # fmt: skip


def _maybe_expecting(
    b: FamilyBuilder, partner: tuple[HouseholdMember, str] | None
) -> list[ChildRecord]:
    """A few clients are pregnant; a few men's partners are (an unborn child of the client)."""
    c = b.client
    if c.gender == "Female" and 18 <= b.age <= 44 and b.chance(0.05):
        c.pregnant = True
        if c.parental_status == "not_asked":
            b.set_parental_status("not_a_parent")
        help_ = b.weighted({"none": 55, "early_help": 20, "child_in_need": 25})
        return [b.add_unborn(b.days_ahead(14, 250), role="mother", current_help=help_)]
    if partner is None or c.gender != "Male" or partner[1] != "Female":
        return []
    member = partner[0]
    assert member.date_of_birth is not None
    if age_on(member.date_of_birth, b.today) > 44 or not b.chance(0.06):
        return []
    due = b.days_ahead(14, 250)
    member.notes = f"Pregnant, due {due:%d/%m/%Y}."
    if c.parental_status == "not_asked":
        b.set_parental_status("not_a_parent")
    help_ = b.weighted({"none": 3, "early_help": 1})
    return [b.add_unborn(due, role="father", current_help=help_)]


# -- the professional network ------------------------------------------------------------


def build_network(
    b: FamilyBuilder, children: list[ChildRecord], *, social_care_teams: int | None = None
) -> None:
    """The GP and other adult services, then whoever is involved with each child.

    A child's lead social worker and health visitor are the current contacts made
    here, so the child register and the network agree.
    """
    surname = b.pick(b.pick_heritage()["family"])
    b.add_contact("GP", b.gp, role="gp", name=f"Dr {surname}", confirmed=b.chance(0.85))
    for other in b.ing["agencies"]["other"]:
        if b.chance(other["weight"] / 100):
            b.add_contact(other["agency"], b.pick(other["teams"]))
    sc = b.agency("social_care")
    groups = (
        ([c for c in children if c.current_help in ("child_in_need", "cp_plan")], "teams"),
        ([c for c in children if c.current_help == "looked_after"], "looked_after_teams"),
    )
    for group, teams_key in groups:
        if group:
            # Social workers change often: some families have been through several teams,
            # moving along them in the order the ingredients list them.
            moves = social_care_teams or int(b.weighted({"1": 60, "2": 30, "3": 10}))
            picked = b.rng.sample(sc[teams_key], min(moves, len(sc[teams_key])))
            teams = sorted(picked, key=sc[teams_key].index)
            worker = b.add_contact_history("social_care", teams, role="social_worker",
                                           child=single_child(group))  # fmt: skip
            for child in group:
                child.lead_social_worker = worker.contact_name
    early = [c for c in children if c.current_help == "early_help"]
    if early:
        eh = b.agency("early_help")
        b.add_contact(eh["agency"], b.pick(eh["teams"]), role="lead_professional",
                      child=single_child(early), email_domain=eh["email_domain"])  # fmt: skip
    _health_contacts(b, children)
    for child in children:
        if child.current_help == "cp_plan" and child.school and child.lives_with == "client":
            b.add_contact(child.school, "Designated safeguarding lead", role="core_group",
                          child=child, confirmed=True)  # fmt: skip
        if child.young_carer:
            yc = b.agency("young_carers")
            b.add_contact(yc["agency"], b.pick(yc["teams"]), child=child,
                          email_domain=yc["email_domain"])  # fmt: skip
        if child.unborn:
            mw = b.agency("midwifery")
            team = mw["teams"][0] if b.chance(0.7) else b.pick(mw["teams"])
            b.add_contact(mw["agency"], team, role="midwife", child=child,
                          email_domain=mw["email_domain"])  # fmt: skip


def _health_contacts(b: FamilyBuilder, children: list[ChildRecord]) -> None:
    """Health visitor for the under-fives at home; school nurse for older children with help."""
    ages = {c.id: age_on(c.date_of_birth, b.today) for c in children if c.date_of_birth}
    under5 = [c for c in children if c.id in ages and ages[c.id] < 5]
    at_home = [c for c in under5 if c.lives_with == "client"]
    hv = b.agency("health_visiting")
    if at_home:
        role = (
            "core_group" if any(c.current_help == "cp_plan" for c in at_home) else "health_visitor"
        )
        contact = b.add_contact(hv["agency"], b.pick(hv["teams"]), role=role,
                                child=single_child(at_home),
                                email_domain=hv["email_domain"])  # fmt: skip
        for c in at_home:
            c.health_visitor = f"{contact.contact_name}, {contact.team}"
    for c in under5:
        if c.lives_with != "client":
            c.health_visitor = f"{b.person('Female')}, {b.pick(hv['teams'])}"
    older = [c for c in children if c.id in ages and ages[c.id] >= 5
             and c.lives_with == "client" and c.current_help != "none"]  # fmt: skip
    if older:
        sn = b.agency("school_nursing")
        contact = b.add_contact(sn["agency"], b.pick(sn["teams"]), role="school_nurse",
                                child=single_child(older),
                                email_domain=sn["email_domain"])  # fmt: skip
        for c in older:
            c.health_visitor = f"School nurse {contact.contact_name}, {contact.team}"


def single_child(children: list[ChildRecord]) -> ChildRecord | None:
    """A contact about one child is linked to that child; one for siblings, to the family."""
    return children[0] if len(children) == 1 else None


def finish_family(
    b: FamilyBuilder,
    children: list[ChildRecord],
    *,
    social_care_teams: int | None = None,
    consent_given_to: tuple[str, ...] = (),
) -> list[Record]:
    build_network(b, children, social_care_teams=social_care_teams)
    b.add_consents_for_network(given_to=consent_given_to)
    if b.client.status != "closed":
        add_meetings(b, children)
    return b.finish()
