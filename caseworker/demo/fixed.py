"""The fixed families of the demo caseload, which come before the random ones so that even
a small demo shows each situation the domain names: children living elsewhere with a
grandparent, a pregnant client, take-home medication with a visiting child, a partner who
drinks but is not known to services, a child with a caring role. Their names and
addresses still come from the seed; their situation does not.
"""

from __future__ import annotations

from datetime import timedelta

from caseworker.demo.family import FamilyBuilder
from caseworker.demo.scenarios import Family, finish_family
from caseworker.demo.screening import screened
from caseworker.store.models import Record


def children_with_grandparent(b: FamilyBuilder) -> list[Record]:
    """Mother in alcohol treatment; both children live with their maternal grandmother.

    Their social worker has changed twice: three teams in the contact history.
    """
    c = b.start_client(gender="Female", age=34, profile="alcohol only", treatment="key_working",
                       status="active")  # fmt: skip
    c.notes = b.ing["scenario_notes"]["grandparent"]
    b.set_parental_status("none_live_with")
    place = {"lives_with": "grandparent", "contact_arrangement": "informal",
             "lives_with_detail": f"Maternal grandmother, {b.relative('Female')}",
             "contact_supervised_by": "grandmother", "current_help": "child_in_need"}  # fmt: skip
    children = [b.add_child(b.born_aged(age), role="mother", **place) for age in (9, 6)]
    screened(b, rescreen_in=-6)  # the children live elsewhere: no pre-CAF
    return finish_family(b, children, social_care_teams=3)


def pregnant_client(b: FamilyBuilder) -> list[Record]:
    """Pregnant, on a methadone script (supervised consumption); her toddler is in foster care."""
    c = b.start_client(gender="Female", age=27, profile="opiates and crack",
                       treatment="specialist_prescribing", status="active")  # fmt: skip
    c.substances = ["heroin", "crack cocaine"]
    c.take_home_medication = False
    c.pregnant = True
    c.notes = b.ing["scenario_notes"]["pregnant"]
    b.set_parental_status("none_live_with")
    toddler = b.add_child(b.born_aged(3), role="mother", lives_with="foster",
                          lives_with_detail="Local authority foster carers",
                          contact_arrangement="formal",
                          contact_supervised_by=b.ing["contact_supervisors"]["foster"][0],
                          current_help="looked_after")  # fmt: skip
    unborn = b.add_unborn(b.today + timedelta(days=70), role="mother", current_help="child_in_need")
    b.add_household(b.person("Male", b.heritage), "boyfriend", b.born_aged(31),
                    known_to_services=True,
                    substance_use="in treatment with another service (methadone)")  # fmt: skip
    screened(b, precaf_in=9)  # expecting: a pre-CAF is due
    return finish_family(b, [toddler, unborn], consent_given_to=(b.agency("midwifery")["agency"],))


def take_home_with_visiting_child(b: FamilyBuilder) -> list[Record]:
    """Father with weekend methadone take-homes; his daughter stays every other weekend."""
    c = b.start_client(gender="Male", age=41, profile="opiates and crack",
                       treatment="specialist_prescribing", status="active")  # fmt: skip
    c.take_home_medication = True
    c.notes = b.ing["scenario_notes"]["take_home"]
    b.set_parental_status("none_live_with")
    mother = f"{b.given_name('Female', b.heritage)} {c.family_name}"
    daughter = b.add_child(b.born_aged(7), role="father", gender="Female",
                           lives_with="other_parent", lives_with_detail=f"Mother, {mother}",
                           contact_arrangement="informal",
                           notes="Stays every other weekend, overnight.")  # fmt: skip
    screened(b, rescreen_in=-3)
    return finish_family(b, [daughter])


def partner_drinks_unknown(b: FamilyBuilder) -> list[Record]:
    """Mother of two at home; her partner drinks heavily and no service knows him."""
    c = b.start_client(gender="Female", age=31, profile="non-opiates only",
                       treatment="key_working", status="active")  # fmt: skip
    b.set_parental_status("all_live_with")
    children = [b.add_child(b.born_aged(age), role="mother", current_help="early_help")
                for age in (5, 2)]  # fmt: skip
    b.add_household(f"{b.given_name('Male', b.heritage)} {c.family_name}",
                    "partner (children's father)", b.born_aged(33), known_to_services=False,
                    substance_use="drinks heavily, not known to services",
                    notes=b.ing["scenario_notes"]["partner_drinks"])  # fmt: skip
    screened(b, precaf_in=4)
    return finish_family(b, children)


def child_with_caring_role(b: FamilyBuilder) -> list[Record]:
    """Single mother dependent on alcohol; her eldest (13) runs the home when she is unwell."""
    c = b.start_client(gender="Female", age=39, profile="alcohol only",
                       treatment="structured_day", status="active")  # fmt: skip
    c.notes = b.ing["scenario_notes"]["young_carer"]
    b.set_parental_status("all_live_with")
    eldest = b.add_child(b.born_aged(13), role="mother", gender="Male",
                         current_help="early_help", young_carer=True)  # fmt: skip
    younger = b.add_child(b.born_aged(8), role="mother", gender="Male", current_help="early_help")
    screened(b, precaf_in=-10)
    return finish_family(b, [eldest, younger])


def interpreter_declined(b: FamilyBuilder) -> list[Record]:
    """Needs an interpreter and declined to say whether he has children: ask again."""
    c = b.start_client(gender="Male", age=45, ethnicity="White Other: Polish",
                       profile="alcohol only", status="active")  # fmt: skip
    c.language = next(x["language"] for x in b.heritage["languages"] if x["interpreter"])
    c.interpreter_needed = True
    b.set_parental_status("declined")
    screened(b, rescreen_in=-20)
    return finish_family(b, [])


def risk_to_staff_not_asked(b: FamilyBuilder) -> list[Record]:
    """A risk-to-staff flag, and parental status never asked."""
    c = b.start_client(age=52, status="active")
    c.risk_to_staff = True
    c.risk_to_staff_note = b.ing["risk_to_staff_notes"][0]
    return finish_family(b, [])  # never asked: nothing is due until the parental screen


FIXED_FAMILIES: tuple[Family, ...] = (
    children_with_grandparent,
    pregnant_client,
    take_home_with_visiting_child,
    partner_drinks_unknown,
    child_with_caring_role,
    interpreter_declined,
    risk_to_staff_not_asked,
)
