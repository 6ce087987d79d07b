"""The parental screen (not scored): is the client a parent or carer, and what that
means for the children. Asked at intake, at every review and at discharge [004 ¶34].

Nothing is asked twice: the form starts from what the record holds (parental status,
pregnancy, the children already on the register, the agencies already in the network)
and completing it writes back to those records, in one transaction with the screening.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from caseworker.core import vocab
from caseworker.core.validation import LINE, NAME, NOTES, PARAGRAPH, FormReader, whole_number
from caseworker.people import children_of, get_client, household_of, network_of
from caseworker.store.models import ChildRecord, ConsentRecord, NetworkContact, Screening

EFFECT_ON_CARE: vocab.Choices = (
    ("not_known", "Not known"),
    ("no", "No"),
    ("sometimes", "Sometimes"),
    ("yes", "Yes"),
)
STORAGE: vocab.Choices = (
    ("not_known", "Not known"),
    ("safe", "Stored safely away from children"),
    ("unsafe", "Not stored safely"),
    ("not_applicable", "Nothing to store / no children visit"),
)
DOMESTIC_ABUSE: vocab.Choices = (
    ("not_asked", "Not asked (unsafe to ask now)"),
    ("no", "No"),
    ("yes", "Yes"),
    ("declined", "Declined to say"),
)


def validate_parental(raw: dict[str, Any], today: date) -> dict[str, Any]:
    f = FormReader(raw)
    f.choice("occasion", "Occasion", vocab.SCREENING_OCCASIONS, f.asked("occasion", "review"))
    status = f.choice("parental_status", "Parental status", vocab.PARENTAL_STATUS, "not_asked")
    if status == "not_asked":
        f.fail("parental_status", "Parental status", "record the answer (or 'declined')")
    f.flag("children_confirmed")
    f.flag("pregnant_client")
    f.flag("pregnant_partner")
    due = f.date("due_date", "Due date", kind="due", today=today)
    if (f.clean["pregnant_client"] or f.clean["pregnant_partner"]) and due is None:
        f.fail("due_date", "Due date", "is required when the client or partner is pregnant")
    if due is not None and due < today:
        f.fail("due_date", "Due date", "has passed: record the birth in the child register")
    under_18s = raw.get("other_under_18s")
    under = whole_number(str(under_18s).strip() or "0") if under_18s else 0
    if under is None or under > 20:
        f.fail("other_under_18s", "Other under-18s in the household", "give a number (0-20)")
        f.clean["other_under_18s"] = 0
    else:
        f.clean["other_under_18s"] = under
    f.text("help_received", "Help the children receive", max_len=PARAGRAPH, lines=True)
    f.text("coping", "Coping with parenting", max_len=PARAGRAPH, lines=True)
    f.choice("use_affects_care", "Use affects care of the children", EFFECT_ON_CARE, "not_known")
    f.flag("child_caring_role")
    f.flag("treatment_pushes_caring")
    f.flag("childcare_needed")
    f.text("preferred_times", "Preferred appointment times", max_len=LINE)
    f.choice("storage", "Storage of medication and substances", STORAGE, "not_known")
    f.choice("domestic_abuse", "Domestic abuse", DOMESTIC_ABUSE, "not_asked")
    f.text("mental_health", "Mental health", max_len=PARAGRAPH, lines=True)
    agencies = f.text(
        "agencies", "Agencies involved (comma-separated)", max_len=PARAGRAPH, lines=False
    )
    if any(len(a.strip()) > NAME for a in agencies.split(",")):
        f.fail("agencies", "Agencies involved (comma-separated)", f"each at most {NAME} characters")
    recipient = f.text("consent_recipient", "Consent: recipient", max_len=NAME)
    # Only with a recipient, and never assumed: a blank answer is not consent.
    if recipient:
        f.choice("consent_state", "Consent", vocab.CONSENT_STATES, None)
    else:
        f.clean["consent_state"] = None
    if recipient and f.clean["consent_state"] in {"not_sought_life", "not_sought_harm"}:
        f.fail("consent_state", "Consent", "record 'not sought' with its reason via Consent (k)")
    f.text("notes", "Notes", max_len=NOTES, lines=True)
    return f.result()


def parental_form_values(session: Session, client_id: uuid.UUID) -> dict[str, Any]:
    """Start from what is already recorded: nothing is asked twice."""
    from caseworker.core.dates import format_uk

    client = get_client(session, client_id)
    unborn = [c for c in children_of(session, client_id) if c.unborn and c.due_date]
    agencies = sorted({c.agency for c in network_of(session, client_id, include_ended=False)})
    return {
        "parental_status": client.parental_status,
        "pregnant_client": client.pregnant,
        # An unborn child on the register that the client is not carrying: the partner's.
        "pregnant_partner": any(k.client_role != "mother" for k in unborn) and not client.pregnant,
        "due_date": format_uk(unborn[0].due_date) if unborn else "",
        "agencies": ", ".join(agencies),
        # Under-18s already recorded in the household (not the client's own children).
        # (those still living there: a member who left is history).
        "other_under_18s": str(
            sum(1 for m in household_of(session, client_id) if m.under_18 and m.left_on is None)
        ),
    }


def complete_parental(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> Screening:
    """Save the parental screen and write its facts back to the record, in one go."""
    client = get_client(session, client_id)
    clean = validate_parental(raw, today)
    client.parental_status = clean["parental_status"]
    client.parental_status_checked_on = today
    client.pregnant = clean["pregnant_client"]
    expecting = clean["pregnant_client"] or clean["pregnant_partner"]
    kids = children_of(session, client_id)
    unborn = [k for k in kids if k.unborn]
    if expecting and not unborn:
        session.add(ChildRecord(
            client_id=client_id, unborn=True, due_date=clean["due_date"], lives_with="unborn",
            family_name=client.family_name, client_role=_role_for_unborn(client, clean),
        ))  # fmt: skip
    elif expecting and len(unborn) == 1 and unborn[0].due_date != clean["due_date"]:
        # A revised due date (a scan moves it): keep the register in step with the screen.
        unborn[0].due_date = clean["due_date"]
    # Current contacts only: an agency involved again after its contact ended is new history.
    current = network_of(session, client_id, include_ended=False)
    known = {c.agency.strip().lower() for c in current}
    for agency in (a.strip() for a in clean["agencies"].split(",")):
        if agency and agency.lower() not in known:
            # Named by the client, not yet confirmed with the agency: services "assume
            # someone else is already working with the family".
            session.add(NetworkContact(client_id=client_id, agency=agency, started_on=today))
            known.add(agency.lower())
    if clean["consent_recipient"]:
        session.add(ConsentRecord(
            client_id=client_id, recipient=clean["consent_recipient"],
            state=clean["consent_state"], decided_on=today, policy_explained_on=today,
        ))  # fmt: skip
    screening = Screening(
        client_id=client_id,
        instrument="parental",
        occasion=clean["occasion"],
        status="complete",
        answers={k: (v.isoformat() if isinstance(v, date) else v) for k, v in clean.items()},
        started_on=today,
        completed_on=today,
        positive=responsible_for_children(clean),
    )
    # The re-screen and pre-CAF dates follow from this screen by the rules in
    # caseworker.screening.dues; nothing is scheduled by hand.
    session.add(screening)
    return screening


def _role_for_unborn(client: object, clean: dict[str, Any]) -> str:
    if clean["pregnant_client"]:
        return "mother"
    # The partner is pregnant: father if the client is recorded as male, otherwise the
    # neutral "partner of the primary carer" rather than a guess.
    gender = str(getattr(client, "gender", "") or "").strip().lower()
    return "father" if gender in {"m", "male", "man"} else "partner_of_carer"


def responsible_for_children(clean: dict[str, Any]) -> bool:
    """Caring for children now, or expecting: a pre-CAF assessment is due [004 ¶35]."""
    return (
        clean["parental_status"] in {"all_live_with", "some_live_with"}
        or clean["pregnant_client"]
        or clean["pregnant_partner"]
    )
