"""What assessment makes due, as pure functions of the client's records and the protocol.

Screening says when a pre-CAF first falls due (caseworker.screening.dues: 28 days after
the parental screen that found children in the client's care). Assessment answers it and
adds its own items:

- the pre-CAF is answered by a decided pre-CAF made on or after the screen that made it
  due; a re-assessment trigger recorded after the latest decision (a child back home, a
  new adult with substance use or domestic abuse, a pregnancy, a child newly in the
  client's care [004 ¶34-35, CF-7]) makes it due again, the rule `precaf_due` after the
  trigger, with the trigger's reason in words. A client no longer responsible for any
  child has no pre-CAF due, whatever triggered it;
- no additional needs: the re-screen the decision set replaces the one the last screen set;
- CAF / Early Help: each action of the action plan, on the date it was agreed for;
- referral to children's social care: due the day it was decided (the referrals
  capability records it made);
- the multi-agency assessment's own items: caseworker.assessment.multi_agency_dues.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from caseworker.assessment.multi_agency_dues import multi_agency_dues
from caseworker.assessment.records import AssessmentRecords
from caseworker.content import Protocol
from caseworker.core.dates import format_uk, naive_utc
from caseworker.diary import Due, DueKind, due_after
from caseworker.people import TRIGGERS
from caseworker.screening import still_responsible_for_children
from caseworker.store.models import ChildRecord, Client, PreCaf, ReassessmentTrigger, Screening

NO_ADDITIONAL_NEEDS, CAF, CSC = "no_additional_needs", "caf", "csc"


def _utc(at: datetime | None) -> datetime:
    return datetime.min if at is None else naive_utc(at)


def decided(precafs: Sequence[PreCaf]) -> list[PreCaf]:
    """The decided pre-CAFs, oldest first (the last is the one in force)."""
    done = [p for p in precafs if p.decision is not None and p.decided_on is not None]
    return sorted(done, key=lambda p: (p.decided_on, _utc(p.decided_at)))


def _after_decision(trigger: ReassessmentTrigger, latest: PreCaf | None) -> bool:
    """Whether the decision could not have known of the trigger: it was recorded after the
    decision was made. The moments count, not the day it happened (`on`): a change seen
    on a visit on Monday and signed off on Wednesday is news to a decision of Tuesday."""
    if latest is None or latest.decided_on is None:
        return True
    if latest.decided_at is not None and trigger.created_at is not None:
        return _utc(trigger.created_at) > _utc(latest.decided_at)
    return trigger.on > latest.decided_on


def precaf_due(
    client: Client,
    children: Sequence[ChildRecord],
    screenings: Sequence[Screening],
    screening_precaf: Due | None,
    records: AssessmentRecords,
    protocol: Protocol,
) -> Due | None:
    """The pre-CAF due now, if any: the screen's occasion not yet answered, or a trigger
    since the latest decision."""
    if not still_responsible_for_children(client, children):
        return None
    history = decided(records.precafs)
    latest = history[-1] if history else None
    open_triggers = sorted(
        (t for t in records.triggers if _after_decision(t, latest)),
        key=lambda t: (t.on, _utc(t.created_at)),
    )
    from_trigger = None
    if open_triggers:
        first = open_triggers[0]
        rule = protocol.rule("precaf_due")
        # The reason names no one (it goes into calendars that sync to phones); the
        # trigger's own words, which may name a child or an adult, are the item's note.
        kinds = dict.fromkeys(TRIGGERS.get(t.kind, "A change in the family") for t in open_triggers)
        from_trigger = Due(
            DueKind.PRECAF,
            client.id,
            due_after(rule, first.on),
            f"{'; '.join(kinds)} ({format_uk(first.on)}): a pre-CAF is due again",
            first.id,
            rule="precaf_due",
            note="; ".join(t.reason for t in open_triggers),
        )
    from_screen = screening_precaf
    if from_screen is not None and latest is not None and latest.decided_on is not None:
        # The screen's occasion: answered by any decision made on or after that screen.
        screened_on = _completed_on(from_screen.source_id, screenings)
        if screened_on is None or latest.decided_on >= screened_on:
            from_screen = None
    if from_screen is None or from_trigger is None:
        return from_screen or from_trigger
    # Both: the screen's pre-CAF is still to do when something else happens. The earlier
    # date stands (a change in the family never gives an overdue pre-CAF more time).
    first_due, other = sorted((from_screen, from_trigger), key=lambda d: d.due_on)
    return replace(
        first_due,
        reason=f"{first_due.reason}; and since: {other.reason}",
        note=from_trigger.note,
    )


def _completed_on(screening_id: uuid.UUID, screenings: Sequence[Screening]) -> date | None:
    return next((s.completed_on for s in screenings if s.id == screening_id), None)


def rescreen_after_decision(
    screening_rescreen: Due | None, screenings: Sequence[Screening], records: AssessmentRecords
) -> Due | None:
    """A decision of no additional needs sets the next re-screen; it stands until a later
    parental screen sets one again (screening's own rule, counted from that screen)."""
    history = decided(records.precafs)
    if not history or history[-1].decision != NO_ADDITIONAL_NEEDS:
        return screening_rescreen
    latest = history[-1]
    if latest.rescreen_on is None or latest.decided_on is None:
        return screening_rescreen
    if screening_rescreen is not None:
        screened_on = _completed_on(screening_rescreen.source_id, screenings)
        if screened_on is not None and screened_on > latest.decided_on:
            return screening_rescreen
    return Due(
        DueKind.RESCREEN,
        latest.client_id,
        latest.rescreen_on,
        f"set by the pre-CAF decision of {format_uk(latest.decided_on)} (no additional needs)",
        latest.id,
        rule="rescreen",
    )


def _assessment_to_start(
    precaf: PreCaf, records: AssessmentRecords, protocol: Protocol
) -> list[Due]:
    """A CAF decision starts the multi-agency assessment's clock [000 §4.4]: complete
    within the rule `assessment_due` of the decision, warned from `assessment_warning`.
    Once the assessment is recorded (started from this decision), its own item takes over
    (multi_agency_dues), counted from the same day."""
    if any(a.precaf_id == precaf.id for a in records.assessments):
        return []
    assert precaf.decided_on is not None
    due = due_after(protocol.rule("assessment_due"), precaf.decided_on)
    warn = due_after(protocol.rule("assessment_warning"), precaf.decided_on)
    return [
        Due(
            DueKind.ASSESSMENT,
            precaf.client_id,
            due,
            f"{protocol.rule('assessment_due').due} after the pre-CAF decision of "
            f"{format_uk(precaf.decided_on)} ({precaf.caf_lead} leads); no home visit yet",
            precaf.id,
            rule="assessment_due",
            warn_on=warn,
        )
    ]


def decision_dues(records: AssessmentRecords, protocol: Protocol) -> list[Due]:
    """What the decision in force makes due: a CAF's actions, a CSC referral."""
    history = decided(records.precafs)
    if not history:
        return []
    latest = history[-1]
    assert latest.decided_on is not None
    on = format_uk(latest.decided_on)
    if latest.decision == CSC:
        return [
            Due(
                DueKind.CSC_REFERRAL,
                latest.client_id,
                latest.decided_on,
                f"the pre-CAF decision of {on}: refer to children's social care",
                latest.id,
            )
        ]
    if latest.decision == CAF:
        return _assessment_to_start(latest, records, protocol) + [
            Due(
                DueKind.PLAN_ACTION,
                a.client_id,
                a.due_on,
                f"{a.owner}: the action plan of the pre-CAF decision of {on}",
                a.id,
                note=f"{a.owner}: {a.what}",
            )
            for a in records.plan_actions
            if a.precaf_id == latest.id
        ]
    return []


def assessment_dues(
    client: Client,
    children: Sequence[ChildRecord],
    screenings: Sequence[Screening],
    screening: Sequence[Due],
    records: AssessmentRecords,
    protocol: Protocol,
) -> list[Due]:
    """Screening's items with the pre-CAF answered (or due again) and the re-screen a
    decision set, and everything assessment makes due itself."""
    by_kind: dict[DueKind, Due] = {d.kind: d for d in screening}
    out = [d for d in screening if d.kind not in (DueKind.PRECAF, DueKind.RESCREEN)]
    precaf = precaf_due(
        client, children, screenings, by_kind.get(DueKind.PRECAF), records, protocol
    )
    rescreen = rescreen_after_decision(by_kind.get(DueKind.RESCREEN), screenings, records)
    out += [d for d in (precaf, rescreen) if d is not None]
    out += decision_dues(records, protocol)
    out += multi_agency_dues(records, protocol)
    return out
