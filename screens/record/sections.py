"""The sections of a client's record as tables and text: what each shows, in the words and
widths that fit 80 columns. Values come from caseworker.people; nothing is decided here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static

from caseworker.core import vocab
from caseworker.core.dates import age_on, format_uk
from caseworker.diary import Due
from caseworker.people import (
    ClientSummary,
    TimelineEntry,
    client_reference,
    register_in_words,
    register_parental_status,
)
from caseworker.referrals import BASIS_WORDS
from screens.widgets.text import cell, plain, styled
from screens.wording import (
    DUE_TITLES,
    FLAG_WORDS,
    HELP_WORDS,
    LIVES_SHORT,
    child_name,
    due_when,
    parental_status_words,
    record_flag,
)

# (id, name): one name per section, used by its tab, its key and its help.
SECTIONS = (
    ("profile", "Profile"),
    ("children", "Children"),
    ("household", "Household"),
    ("network", "Network"),
    ("consent", "Consent"),
    ("history", "History"),
    ("screening", "Screening"),
    ("diary", "Diary"),
)

# Widths that fit 80 columns; 0: the last column takes what is left.
COLUMNS: dict[str, tuple[tuple[str, int], ...]] = {
    # Help before where they live, in short words: at 80 columns the highest help (CP
    # plan, looked after) and a young carer always show; a long name is what is cut.
    "children-table": (
        ("Child", 15),
        ("Age / due", 14),
        ("Help", 13),
        ("Lives with", 15),
        ("Flags", 0),
    ),
    # Status second, as the network's: someone who moved out must never look current.
    "household-table": (
        ("Name", 16),
        ("Status", 13),
        ("Relationship", 12),
        ("Under 18", 8),
        ("Known", 5),
        ("Substance use", 0),
    ),
    # Status second: an ended contact must never look current at 80 columns.
    "network-table": (
        ("Agency", 20),
        ("Status", 14),
        ("Contact", 14),
        ("Confirmed", 13),
        ("Checked", 10),
        ("Role", 0),
    ),
    "consent-table": (
        ("Recipient", 22),
        ("Decision", 24),
        ("Date", 10),
        ("Policy explained · what was shared", 0),
    ),
    "history-table": (("When", 16), ("Who", 14), ("What", 0)),
    "screening-table": (
        ("Date", 10),
        ("Screen", 8),
        ("Occasion", 9),
        ("By", 12),
        ("Result", 0),
    ),
    "diary-table": (("Due", 24), ("What", 26), ("Why", 0)),
}


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


def add_columns(table: DataTable, columns: Iterable[tuple[str, int]], width: int) -> None:
    columns = tuple(columns)
    used = sum(w + 2 for _, w in columns if w)
    for name, w in columns:
        table.add_column(name, width=w or max(10, width - used - 4))


def section_widgets(section: str, width: int) -> list[Widget]:
    """A section's widgets, mounted when its tab is first shown: its list (with its
    columns), and for the screening, what is due above it."""
    table: DataTable[Any] = DataTable(id=f"{section}-table", cursor_type="row")
    add_columns(table, COLUMNS[f"{section}-table"], width)
    return [Static("", id="due-summary"), table] if section == "screening" else [table]


def show_children(table: DataTable, kids: Iterable[Any], today: date) -> None:
    for k in kids:
        if k.unborn:
            when = f"due {format_uk(k.due_date)}"
        elif k.date_of_birth:
            when = f"{age_on(k.date_of_birth, today)} ({k.date_of_birth:%d/%m/%y})"
        else:
            when = ""
        lives = LIVES_SHORT.get(k.lives_with, k.lives_with)
        if k.lives_with_detail:
            lives += f": {k.lives_with_detail}"
        flags = FLAG_WORDS["young_carer"] if k.young_carer else ""
        help_ = HELP_WORDS.get(k.current_help, k.current_help)
        table.add_row(*map(cell, (child_name(k), when, help_, lives, flags)), key=str(k.id))


def show_household(table: DataTable, members: Iterable[Any]) -> None:
    for m in members:
        state = f"LEFT {m.left_on:%d/%m/%y}" if m.left_on else "in the home"
        values = (m.name, state, m.relationship, yes(m.under_18), yes(m.known_to_services),
                  m.substance_use)  # fmt: skip
        table.add_row(*map(cell, values), key=str(m.id))


def show_network(table: DataTable, contacts: Iterable[Any]) -> None:
    """The professional network, then the referrals made (status, and the chain of a
    re-referral after a bounce: "2nd referral of a chain of 2")."""
    heading = False
    for c in contacts:
        if hasattr(c, "chain_words"):  # a referral (caseworker.referrals.ReferralView)
            if not heading:
                table.add_row(cell("REFERRALS", bold=True), "", "", "", "", "", key="referrals")
                heading = True
            r = c.referral
            agency = r.agency + (f" ({r.team})" if r.team else "")
            chain = c.chain_words or "first referral"
            made = f"made {r.made_on:%d/%m/%y}"
            values = (agency, c.status, r.contact_name, made, "", chain)
            table.add_row(*map(cell, values), key=f"referral:{r.id}")
            continue
        state = f"ENDED {c.ended_on:%d/%m/%y}" if c.ended_on else "current"
        values = (
            c.agency + (f" ({c.team})" if c.team else ""),
            state,
            c.contact_name,
            "confirmed" if c.confirmed else "NOT confirmed",
            format_uk(c.last_checked),
            vocab.label(vocab.NETWORK_ROLES, c.role),
        )
        table.add_row(*map(cell, values), key=str(c.id))


def show_consent(table: DataTable, decisions: Iterable[Any]) -> None:
    """Consent decisions, then the sharing log: each decision to share (or not), its
    basis, who signed it and when."""
    logged = False
    for d in decisions:
        if hasattr(d, "shared"):  # a sharing decision (caseworker.referrals)
            if not logged:
                table.add_row(cell("SHARING DECISIONS", bold=True), "", "", "", key="sharing")
                logged = True
            basis = BASIS_WORDS.get(d.basis, d.basis) if d.shared else f"not shared: {d.reason}"
            values = (d.recipient, ("Shared: " if d.shared else "") + basis,
                      format_uk(d.decided_on), f"{d.what} (signed {d.signed_as})")  # fmt: skip
            table.add_row(*map(cell, values), key=str(d.id))
            continue
        values = (
            d.recipient + ("" if d.current else " (superseded)"),
            vocab.label(vocab.CONSENT_STATES, d.state),
            format_uk(d.decided_on),
            format_uk(d.policy_explained_on),
        )
        table.add_row(*map(cell, values), key=str(d.id))


def show_diary(
    table: DataTable,
    open_: Iterable[Due],
    done: Iterable[Due],
    today: date,
    now: datetime | None = None,
) -> None:
    """Open items soonest first (OVERDUE, MISSED as words), then what was done, latest first."""
    for due in [*open_, *done]:
        when = due_when(due, today, now)
        why = " · ".join(x for x in (due.reason, due.note) if x)
        key = f"{due.kind.value}/{due.source_id}/{due.child_id or ''}/{due.done_on or ''}"
        table.add_row(cell(when, bold=due.is_overdue(today) and due.done_on is None),
                      cell(DUE_TITLES[due.kind]), cell(why), key=key)  # fmt: skip


def show_screenings(table: DataTable, screens: Iterable[Any]) -> None:
    for sc in screens:
        occasion = sc.occasion.split(" ")[0]
        values = (format_uk(sc.on), sc.name, occasion, sc.worker, sc.result)
        table.add_row(*map(cell, values), key=str(sc.id))


def show_history(table: DataTable, events: Iterable[TimelineEntry]) -> None:
    for ev in events:
        table.add_row(*map(cell, (f"{ev.at:%d/%m/%Y %H:%M}", ev.worker, ev.text)))


def show_list(part: str, table: DataTable, data: Iterable[Any], today: date) -> None:
    """The rows of the children, household, network, consent or history section."""
    if part == "children":
        show_children(table, data, today)
        return
    show = {"household": show_household, "network": show_network, "consent": show_consent,
            "history": show_history}  # fmt: skip
    show[part](table, data)


def summary_text(summary: ClientSummary, today: date) -> Content:
    """Who the client is, their children and the flags to know before a visit."""
    name = styled((f"{summary.given_name} {summary.family_name}", "bold"))
    parts = [f"(ref {client_reference(summary.client_id)})"]
    if summary.date_of_birth:
        born_on = format_uk(summary.date_of_birth)
        parts.append(f"born {born_on} ({age_on(summary.date_of_birth, today)})")
    parts.append(vocab.label(vocab.CLIENT_STATUS, summary.status))
    parts.append(
        "Parental status: "
        + parental_status_words(summary.parental_status, summary.register_status, brief=True)
    )
    born = summary.children
    parts.append(
        f"{born} child{'ren' if born != 1 else ''}"
        + (f" + {summary.unborn} unborn" if summary.unborn else "")
    )
    flags = [record_flag(flag, summary.language) for flag in summary.flags]
    text = styled(name, " ", " · ".join(parts))
    if flags:
        text += plain("\n" + " · ".join(flags))
    return text


def profile_text(
    client: Any, aliases: list[str], previous: Iterable[Any], kids: Iterable[Any] = ()
) -> Content:
    """The profile as label/value lines. With the register (kids), the parental status
    says whether the register gives it or disagrees."""
    kids = list(kids)
    register = register_parental_status(kids)
    status = parental_status_words(client.parental_status, register, register_in_words(kids))
    rows = [
        ("Aliases", ", ".join(aliases) or "none recorded"),
        ("Date of birth", format_uk(client.date_of_birth) or "not recorded"),
        ("Gender", client.gender),
        ("Address", client.address),
        ("Area", client.area),
        (
            "Previous addresses",
            "; ".join(
                f"{p.address}{', ' + p.area if p.area else ''}"
                + (f" (until {format_uk(p.moved_out)})" if p.moved_out else "")
                for p in previous
            )
            or "none recorded",
        ),
        ("Phone", client.phone),
        ("Language", client.language + (" (interpreter)" if client.interpreter_needed else "")),
        ("Ethnicity", client.ethnicity),
        ("Substances", ", ".join(client.substances or []) or "not recorded"),
        ("Treatment", vocab.label(vocab.TREATMENT_TYPES, client.treatment_type)),
        ("Take-home medication", yes(client.take_home_medication)),
        ("Parental status", status
         + (f"; checked {format_uk(client.parental_status_checked_on)}"
            if client.parental_status_checked_on else "")),
        ("Pregnant", yes(client.pregnant)),
        ("Risk to staff", client.risk_to_staff_note if client.risk_to_staff else "none"),
        ("Notes", client.notes),
    ]  # fmt: skip
    # A value of several lines (notes) keeps them, each under the first.
    return Content("\n").join(
        styled((f"{k:<22}", "bold"), " ", str(v).replace("\n", "\n" + " " * 23)) for k, v in rows
    )
