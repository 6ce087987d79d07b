"""The multi-agency assessment screen: one client's assessments, the open one first (its
lead, when it started, when it is due and how that stands, its home visits and the copies
sent), then those completed, each with its outcome, signature and family care plan. Keys
start one, record a home visit or a copy sent, and complete it; the forms are below.

Nothing is decided here: caseworker.assessment validates, saves, refuses and says what is
due (through the agenda); this screen shows what comes back, as text (never markup).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from caseworker.agenda import due_items
from caseworker.assessment import (
    COPY_DOCUMENTS,
    OUTCOMES,
    AssessmentView,
    assessments_of,
    caf_decisions,
    complete_assessment,
    record_copy,
    record_home_visit,
    start_assessment,
)
from caseworker.core.dates import format_uk
from caseworker.core.errors import CaseworkerError
from caseworker.diary import Due, DueKind, DueStatus, format_uk_time, status_words
from caseworker.people import client_summary
from screens.keys import key_for
from screens.widgets.footer import Footer
from screens.widgets.form import FieldSpec as F
from screens.widgets.form import FormScreen
from screens.widgets.screen import AppScreen
from screens.widgets.text import plain, styled

HELP = """\
A multi-agency assessment follows a pre-CAF decided as CAF / Early Help, or a concern.
It has a named lead professional and is due within the protocol's weeks (6 by
default, shown as upcoming from week 4). It cannot be completed until at least one
home visit is recorded in its period.

Start one, record each home visit and each copy sent (the assessment to every
practitioner involved; the family care plan to the parents and every agency), then
complete it: needs identified (with the family care plan: its lead, the roles one a
line as "who; what they do", and a review date) or risk identified (a referral to
children's social care falls due). Completing signs it with your name and seals it:
it cannot be changed afterwards.
"""

_DOCUMENT_WORDS = dict(COPY_DOCUMENTS)


class MultiAgencyScreen(AppScreen):
    """One client's multi-agency assessments: MultiAgencyScreen(client_id)."""

    DEFAULT_CSS = """
    MultiAgencyScreen #maa-title { padding: 0 1; height: auto; }
    MultiAgencyScreen #maa-list { height: 1fr; padding: 0 1; }
    MultiAgencyScreen #maa-body { height: auto; }
    """
    HELP = HELP
    HELP_TITLE = "Multi-agency assessment"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back to where you came from",
                id="maa.back"),
        Binding("n", "start", "Start", tooltip="Start a multi-agency assessment",
                id="maa.start"),
        Binding("v", "visit", "Home visit",
                tooltip="Record a home visit made during the open assessment", id="maa.visit"),
        Binding("c", "copy", "Copy sent",
                tooltip="Record a copy of the assessment or the care plan sent, dated",
                id="maa.copy"),
        Binding("f", "complete", "Complete",
                tooltip="Complete the open assessment with its outcome (signed, then sealed)",
                id="maa.complete"),
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id
        self.assessments: list[AssessmentView] = []
        self.loads = 0  # reads shown so far (for tests and anyone waiting on one)
        self._reads = 0  # reads asked for: only the newest is shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="maa-title")
        with VerticalScroll(id="maa-list"):
            yield Static("", id="maa-body")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        self.load()

    # ---- reading ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the client's assessments and their due items off the event loop (a server
        is a round trip away); shown when back, unless a newer read was asked for."""
        self._reads += 1
        self.run_worker(partial(self._read, self._reads), group="maa", exclusive=True,
                        thread=True)  # fmt: skip

    def _read(self, seq: int) -> None:
        try:
            with self.db.session() as s:
                summary = client_summary(s, self.client_id)
                views = assessments_of(s, self.client_id)
                dues = {d.source_id: d for d in due_items(s, self.client_id)
                        if d.kind is DueKind.ASSESSMENT}  # fmt: skip
        except CaseworkerError as exc:
            self.tell_read_failed(exc)
            return
        name = f"{summary.given_name} {summary.family_name}".strip()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, seq, name, views, dues)

    def _show(self, seq: int, name: str, views: list[AssessmentView], dues: dict[Any, Due]) -> None:
        if seq != self._reads:
            return
        self.assessments = views
        today = self.caseworker_app.today
        title = f"Multi-agency assessments · {name}"
        if not any(a.is_open for a in views):
            title += f"\nNone open: {key_for(self, 'maa.start')} starts one."
        self.query_one("#maa-title", Static).update(plain(title))
        parts: list[str | Content | tuple[str, str]] = []
        for a in views:
            if parts:
                parts.append("\n\n")
            parts += assessment_text(a, dues.get(a.id), today)
        if not views:
            parts.append("No multi-agency assessment recorded for this client.")
        self.query_one("#maa-body", Static).update(styled(*parts))
        self.loads += 1

    # ---- actions ------------------------------------------------------------------------

    def _open(self) -> AssessmentView | None:
        return next((a for a in self.assessments if a.is_open), None)

    def _need_open(self) -> AssessmentView | None:
        found = self._open()
        if found is None:
            start = key_for(self, "maa.start")
            self.notify(f"No assessment is open: {start} starts one.", markup=False)
        return found

    def _push(self, form: FormScreen, message: str) -> None:
        def done(result: Any) -> None:
            if result:
                self.notify(message, timeout=3, markup=False)

        self.app.push_screen(form, done)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_start(self) -> None:
        found = self._open()
        if found is not None:
            self.notify(f"The assessment started {format_uk(found.started_on)} is still open: "
                        "complete it before starting another.", markup=False)  # fmt: skip
            return
        self._push(StartAssessmentForm(self.client_id), "Assessment started; due in the diary")

    def action_visit(self) -> None:
        found = self._need_open()
        if found is not None:
            today = f"{self.caseworker_app.today:%d/%m/%Y}"
            form = AssessmentVisitForm(self.client_id, found.id, {"visited_on": today})
            self._push(form, "Home visit recorded")

    def action_copy(self) -> None:
        # The open one, else the latest: the care plan's copies go out once it is complete.
        found = self._open() or (self.assessments[0] if self.assessments else None)
        if found is None:
            self.notify("No assessment yet to send a copy of.", markup=False)
            return
        today = f"{self.caseworker_app.today:%d/%m/%Y}"
        self._push(AssessmentCopyForm(self.client_id, found.id, {"sent_on": today}),
                   "Copy recorded")  # fmt: skip

    def action_complete(self) -> None:
        found = self._need_open()
        if found is not None:
            form = CompleteAssessmentForm(self.client_id, found.id)
            self._push(form, "Assessment completed, signed and sealed")


def when_due(due: Due, today: date) -> str:
    """How the due date stands, without saying the date again: "in 28 days; upcoming
    from 21/12/2026", "upcoming, in 10 days", "due today", "overdue by 3 days"."""
    status = due.status(today)
    days = (due.due_on - today).days
    in_days = f"in {days} day{'s' if days != 1 else ''}"
    if status is DueStatus.LATER and due.warn_on is not None:
        return f"{in_days}; upcoming from {format_uk(due.warn_on)}"
    if status in (DueStatus.LATER, DueStatus.UPCOMING):
        return f"upcoming, {in_days}" if status is DueStatus.UPCOMING else in_days
    return status_words(due, today)


def assessment_text(a: AssessmentView, due: Due | None, today: date) -> list[Any]:
    """One assessment as lines of text (user text as typed, headings bold)."""
    lead = a.lead_professional + (f" ({a.lead_agency})" if a.lead_agency else "")
    if a.is_open:
        out: list[Any] = [("Open", "bold"), f" · started {format_uk(a.started_on)} · lead {lead}"]
        if due is not None:
            out.append(f"\nDue {format_uk(due.due_on)}: {when_due(due, today)}")
    else:
        out = [("Completed", "bold"), f" {format_uk(a.completed_on)} · {a.outcome_words}"]
        signed = f", {format_uk_time(a.completed_at)}" if a.completed_at else ""
        out.append(f"\nSigned by {a.signed_as}{signed} · started {format_uk(a.started_on)}, "
                   f"lead {lead}")  # fmt: skip
        out.append(f"\nFound: {a.summary}")
    out.append(f"\nStarted from: {a.started_from}")
    if a.plan is not None:
        out.append(f"\nFamily care plan: lead {a.plan.lead_professional}, review "
                   f"{format_uk(a.plan.review_on)}")  # fmt: skip
        out += [f"\n  {who}: {what}" if what else f"\n  {who}" for who, what in a.plan.roles]
    if not a.visits:
        out.append("\nHome visits: none yet" + (" (needed to complete it)" if a.is_open else ""))
    else:
        out.append("\nHome visits:")
        out += [f"\n  {format_uk(v.visited_on)} by {v.visited_by}"
                + (f": {v.note}" if v.note else "") for v in a.visits]  # fmt: skip
    if not a.copies:
        out.append("\nCopies sent: none yet")
    else:
        out.append("\nCopies sent:")
        out += [f"\n  {format_uk(c.sent_on)} {_DOCUMENT_WORDS.get(c.document, c.document).lower()}"
                f" to {c.recipient}" for c in a.copies]  # fmt: skip
    return out


# ---- the forms ---------------------------------------------------------------------------

FROM_A_CONCERN = ""  # the start form's pre-CAF choice when none led to it


class _ForClient(FormScreen):
    def __init__(self, client_id: uuid.UUID, values: dict[str, Any] | None = None) -> None:
        super().__init__(values)
        self.client_id = client_id

    def client_name(self) -> str:
        try:
            with self.db.session() as s:
                summary = client_summary(s, self.client_id)
        except CaseworkerError:
            return "a client no longer on the caseload"
        return f"{summary.given_name} {summary.family_name}".strip()

    def _today_text(self) -> str:
        return f"{self.caseworker_app.today:%d/%m/%Y}"


class StartAssessmentForm(_ForClient):
    FORM_TITLE = "Start a multi-agency assessment"
    DRAFT_ARGS = ("client_id",)
    FIRST_FIELD = "lead_professional"

    FIELDS = (
        F("precaf_id", "Started from", "select", ((FROM_A_CONCERN, "A concern"),)),
        F("concern", "Concern (if no pre-CAF)", "notes"),
        F("lead_professional", "Lead professional *"),
        F("lead_agency", "Lead agency"),
        F("started_on", "Started on *", "date"),
    )

    def initial_values(self) -> dict[str, Any]:
        # Read as the form is built: the client's CAF decisions are what it may start from.
        with self.db.session() as s:
            decisions = caf_decisions(s, self.client_id)
        choices = ((FROM_A_CONCERN, "A concern (no pre-CAF)"), *decisions)
        self.FIELDS = (F("precaf_id", "Started from", "select", choices), *self.FIELDS[1:])
        return {"precaf_id": decisions[0][0] if decisions else FROM_A_CONCERN,
                "started_on": self._today_text()}  # fmt: skip

    def intro(self) -> str:
        return (
            f"For {self.client_name()}. Led by a named professional; complete it within the "
            "protocol's weeks (6 by default), after at least one home visit."
        )

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return start_assessment(s, self.client_id, values, self.caseworker_app.today).id


class _ForAssessment(_ForClient):
    DRAFT_ARGS = ("client_id", "assessment_id")

    def __init__(
        self, client_id: uuid.UUID, assessment_id: uuid.UUID, values: dict[str, Any] | None = None
    ) -> None:
        super().__init__(client_id, values)
        self.assessment_id = assessment_id


class AssessmentVisitForm(_ForAssessment):
    FORM_TITLE = "Record a home visit (multi-agency assessment)"
    FIELDS = (
        F("visited_on", "Visited on *", "date"),
        F("visited_by", "Visited by *"),
        F("note", "What was seen", "notes"),
    )

    def intro(self) -> str:
        return f"A home visit to {self.client_name()} made during the assessment."

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return record_home_visit(s, self.assessment_id, values, self.caseworker_app.today).id


class AssessmentCopyForm(_ForAssessment):
    FORM_TITLE = "Record a copy sent"
    FIELDS = (
        F("document", "Document *", "select", COPY_DOCUMENTS, must_choose=True),
        F("recipient", "Sent to *"),
        F("sent_on", "Sent on *", "date"),
    )

    def intro(self) -> str:
        return (
            "The assessment goes to every practitioner involved; the family care plan to the "
            "parents and every agency. Each copy is recorded with the day it was sent."
        )

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return record_copy(s, self.assessment_id, values, self.caseworker_app.today).id


class CompleteAssessmentForm(_ForAssessment):
    FORM_TITLE = "Complete the multi-agency assessment"
    FIELDS = (
        F("outcome", "Outcome *", "select", OUTCOMES, must_choose=True),
        F("summary", "What it found *", "notes"),
        F("completed_on", "Completed on", "date"),
        F("plan_lead", "Care plan: lead"),
        F("plan_roles", "Care plan: roles (who; what)", "notes"),
        F("plan_review_on", "Care plan: review", "date"),
    )

    def intro(self) -> str:
        return (
            "Signed by you and sealed once saved: it cannot be changed afterwards. Needs "
            "identified: fill in the family care plan (roles one a line, who; what they do)."
        )

    def initial_values(self) -> dict[str, Any]:
        return {"completed_on": self._today_text()}

    def save(self, values: dict[str, Any]) -> Any:
        app = self.caseworker_app
        with self.db.session() as s:
            done = complete_assessment(s, self.assessment_id, values, app.today,
                                       datetime.now(UTC))  # fmt: skip
            return done.id
