"""A caseload with known figures, built through the capabilities' public functions: one
client (or two, for a boundary) for each thing the caseload review counts, plus a closed
case and another worker's client that Sam Worker's review must leave out."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from caseworker.assessment import record_home_visit, start_assessment
from caseworker.diary import UK
from caseworker.meetings import record_meeting
from caseworker.people import add_child, clients
from caseworker.referrals import mark_sent, record_referral
from caseworker.screening import complete_parental
from caseworker.store.models import Worker
from caseworker.visits import check_in, plan_visit, start_visit

TODAY = date(2026, 11, 23)
# The moment the review is taken at: after P's expected return at 11:00.
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UK)


def uk(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


class Built:
    """The clients and children by letter (A is "Ada", A1 her first child), and the other
    worker's id."""

    def __init__(self) -> None:
        self.clients: dict[str, uuid.UUID] = {}
        self.children: dict[str, uuid.UUID] = {}
        self.other_worker: uuid.UUID | None = None

    def c(self, *letters: str) -> set[uuid.UUID]:
        return {self.clients[x] for x in letters}

    def letters(self, client_ids) -> str:
        """The clients' letters, in the caseload's (alphabetical) order."""
        named = {v: k for k, v in self.clients.items()}
        return "".join(sorted(named[c] for c in client_ids))

    def k(self, *names: str) -> set[uuid.UUID]:
        return {self.children[x] for x in names}


def _client(s, built: Built, letter: str, parental: str, **raw) -> uuid.UUID:
    key_worker = raw.pop("key_worker_id", None)
    client = clients.create_client(
        s,
        {"given_name": f"{letter}-client", "family_name": f"Family {letter}",
         "parental_status": parental, **raw},
        TODAY,
        key_worker_id=key_worker,
    )  # fmt: skip
    built.clients[letter] = client.id
    return client.id


def _child(s, built: Built, name: str, help_: str = "none", lives: str = "client", **raw) -> None:
    child = add_child(
        s,
        built.clients[name[0]],
        {"given_name": f"Child {name}", "date_of_birth": "01/03/2019", "client_role": "mother",
         "lives_with": lives, "current_help": help_,
         "contact_arrangement": "not_applicable" if lives == "client" else "informal", **raw},
        TODAY,
    )  # fmt: skip
    built.children[name] = child.id


def _screen(s, client_id: uuid.UUID, on: date, **raw) -> None:
    complete_parental(s, client_id, raw, on)


def build(db) -> Built:
    built = Built()
    other = Worker(id=uuid.uuid4(), name="Pat Other")
    built.other_worker = other.id
    with db.session() as s:
        s.add(other)
    with db.session() as s:
        # Parents: all / some / none of the children live with them.
        _client(s, built, "A", "all_live_with", ethnicity="White British")
        _child(s, built, "A1", "cp_plan")
        _child(s, built, "A2", "early_help", young_carer=True)  # two levels, one client
        b = _client(s, built, "B", "some_live_with", ethnicity="Black Caribbean")
        _child(s, built, "B1", "none")
        _child(s, built, "B2", "child_in_need", lives="other_parent")
        _screen(s, b, ago(10), parental_status="some_live_with")  # pre-CAF due in 18 days
        c = _client(s, built, "C", "none_live_with", language="Polish", interpreter_needed=True)
        _child(s, built, "C1", "looked_after", lives="foster")
        _screen(s, c, ago(91), parental_status="none_live_with")  # re-screen due today
        _client(s, built, "D", "not_asked", status="referred")  # an open case, not yet active
        _client(s, built, "E", "declined", status="on_hold")
        f = _client(s, built, "F", "not_a_parent")
        _screen(s, f, ago(92), parental_status="not_a_parent")  # re-screen due yesterday
        g = _client(s, built, "G", "not_asked")
        _screen(s, g, ago(5), parental_status="not_a_parent", pregnant_client=True,
                due_date="01/03/2027")  # fmt: skip
        h = _client(s, built, "H", "all_live_with")  # no child on the register yet
        _screen(s, h, ago(40), parental_status="all_live_with")  # pre-CAF 12 days overdue
        # Multi-agency assessments: one past 6 weeks without a home visit, one past 4
        # weeks with a visit.
        i = _client(s, built, "I", "all_live_with")
        _child(s, built, "I1", "child_in_need")
        start_assessment(s, i, {"concern": "Neglect", "lead_professional": "Jo Lead",
                                "started_on": uk(ago(43))}, TODAY)  # fmt: skip
        j = _client(s, built, "J", "some_live_with")
        _child(s, built, "J1", "early_help")
        _child(s, built, "J2", "none")
        assessment = start_assessment(s, j, {"concern": "Domestic abuse",
                                             "lead_professional": "Jo Lead",
                                             "started_on": uk(ago(30))}, TODAY)  # fmt: skip
        record_home_visit(s, assessment.id, {"visited_on": uk(ago(3)), "visited_by": "Jo Lead"},
                          TODAY)  # fmt: skip
        # Referrals: a verbal one to CSC not confirmed; a written one sent, not answered.
        k = _client(s, built, "K", "all_live_with")
        _child(s, built, "K1", "child_in_need")
        record_referral(s, k, _verbal(built.children["K1"]), TODAY)
        ell = _client(s, built, "L", "none_live_with")
        referral = record_referral(s, ell, _written(ago(5)), TODAY)
        mark_sent(referral, ago(5), None)
        # Reviews: one overdue, one due in exactly 7 days, one in 8.
        m = _client(s, built, "M", "not_a_parent")
        record_meeting(s, m, {"kind": "multi_agency_review", "held_on": uk(ago(35))}, TODAY)
        n = _client(s, built, "N", "not_a_parent")
        _review(s, n, ago(20), TODAY + timedelta(days=7))
        o = _client(s, built, "O", "not_a_parent")
        _review(s, o, ago(20), TODAY + timedelta(days=8))
        # Visits: one out and not back by 11:00; one back with no note signed off.
        p = _client(s, built, "P", "not_a_parent")
        visit = plan_visit(s, p, {"planned_for": uk(TODAY)}, TODAY)
        start_visit(s, visit.id, datetime(2026, 11, 23, 10, 0, tzinfo=UK), "11:00")
        q = _client(s, built, "Q", "not_a_parent")
        visit = plan_visit(s, q, {"planned_for": uk(TODAY)}, TODAY)
        start_visit(s, visit.id, datetime(2026, 11, 23, 9, 0, tzinfo=UK), "10:00")
        check_in(s, visit.id, datetime(2026, 11, 23, 9, 50, tzinfo=UK))
        # Left out of Sam Worker's review: a closed case, and Pat Other's client.
        _client(s, built, "R", "all_live_with", status="closed")
        _child(s, built, "R1", "cp_plan")
        _client(s, built, "S", "all_live_with", key_worker_id=other.id)
        _child(s, built, "S1", "cp_plan")
    return built


def _review(s, client_id: uuid.UUID, held: date, next_on: date) -> None:
    record_meeting(
        s, client_id,
        {"kind": "multi_agency_review", "held_on": uk(held), "next_on": uk(next_on),
         "minutes_to": "Everyone", "minutes_sent_on": uk(held)},
        TODAY,
    )  # fmt: skip


def _verbal(child_id: uuid.UUID) -> dict:
    return {
        "agency": "Children's social care", "to_csc": True, "contact_name": "Sam Reid",
        "reason": "Left alone overnight", "wanted_outcome": "A child-protection enquiry",
        "urgency": "urgent", "mode": "verbal", "call_on": uk(TODAY), "call_time": "10:00",
        "call_to": "Duty social worker", "call_said": "The child was left alone",
        "child_ids": [child_id],
    }  # fmt: skip


def _written(made_on: date) -> dict:
    return {
        "agency": "Health visiting", "reason": "Weight falling", "wanted_outcome": "A review",
        "urgency": "routine", "mode": "written", "made_on": uk(made_on),
    }  # fmt: skip
