"""The printable pre-CAF summary: what it says for a decided pre-CAF and for a draft, and
its export (the file, its format, the trail)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
import pytest
from sqlalchemy import select

from caseworker.assessment import (
    checklist,
    export_precaf_summary,
    latest_precaf,
    precaf_summary,
    suggest,
    summary_file_name,
)
from caseworker.core.errors import NotFound, StorageError, ValidationFailed
from caseworker.documents import Fields, Heading, Paragraph, Table, to_markdown
from caseworker.people import add_child, create_client
from caseworker.store.models import PlanAction, PreCaf, PreCafRating, TrailEvent

STARTED = date(2026, 11, 20)
DECIDED = date(2026, 11, 23)


def family(db, today):
    with db.session() as s:
        ada = create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today)
        sam = add_child(
            s,
            ada.id,
            {"given_name": "Sam", "date_of_birth": "02/03/2019", "client_role": "mother"},
            today,
        )
        baby = add_child(
            s, ada.id, {"unborn": True, "due_date": "03/02/2027", "client_role": "mother"}, today
        )
        return ada.id, sam.id, baby.id


def precaf(db, client_id, ratings, *, decided: bool, occasion="screen of 02/11/2026"):
    """A pre-CAF with ``ratings`` {child_id: {element: (rating, evidence, source)}},
    decided as a CAF against a CSC suggestion when ``decided``."""
    with db.session() as s:
        row = PreCaf(client_id=client_id, started_on=STARTED, occasion=occasion)
        s.add(row)
        s.flush()
        for child_id, elements in ratings.items():
            for element, (rating, evidence, source) in elements.items():
                s.add(
                    PreCafRating(
                        precaf_id=row.id, client_id=client_id, child_id=child_id,
                        element=element, rating=rating, evidence=evidence, source=source,
                    )
                )  # fmt: skip
        if decided:
            s.flush()
            row.decision, row.suggested = "caf", "csc"
            row.reason = "Needs across health and school; mum engaging well"
            row.against_suggestion = "The abuse ended when he left | *in May*"
            row.caf_lead, row.caf_consent = "Riverside DAS (Sam Worker)", "given"
            row.agencies = "Health visitor\nSchool"
            row.decided_on = DECIDED
            row.decided_at = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
            row.signed_as = "Sam Worker"
            s.add(
                PlanAction(precaf_id=row.id, client_id=client_id, owner="School",
                           what="Meet Sam's teacher", due_on=date(2026, 12, 14))
            )  # fmt: skip
        return row.id


SAM = {
    "domestic_abuse": ("some_concern", "Police call-out in May # 2", "confirmed_by_agency"),
    "substance_use_impact": ("some_concern", "Sam sees her drink", "self_reported"),
    "learning": ("no_concern", "", None),
}


def blocks(doc, kind):
    return [b for b in doc.blocks if isinstance(b, kind)]


def test_a_decided_precaf_prints_ratings_suggestion_decision_and_signature(db, today):
    ada, sam, baby = family(db, today)
    pid = precaf(db, ada, {sam: SAM, baby: {"health": ("some_concern", "No scans", None)}},
                 decided=True)  # fmt: skip
    cl = checklist()
    with db.session() as s:
        doc = precaf_summary(s, pid)
    headings = [b.text for b in blocks(doc, Heading)]
    assert headings[0] == "Unborn child due 03/02/2027" and "Sam Lee" in headings
    assert [d.title for d in cl.domains] == [h for h in headings if h in {
        d.title for d in cl.domains}][: len(cl.domains)]  # fmt: skip
    fields = dict(row for b in blocks(doc, Fields) for row in b.rows)
    assert fields["Client"] == "Ada Lee" and fields["Reference"] == ada.hex[:6]
    assert fields["Started on"] == "20/11/2026" and fields["Occasion"] == "screen of 02/11/2026"
    assert fields["Age on 23/11/2026"] == "7"
    assert fields["Decision"] == cl.decision_label("caf")
    assert fields["Suggested by the ratings"] == cl.decision_label("csc")
    assert fields["Why not the suggestion"].startswith("The abuse ended")
    assert fields["Consent to the assessment"] == "Given"
    assert fields["Agencies to involve"] == "Health visitor\nSchool"
    assert fields["Signed by"] == "Sam Worker" and fields["Decided on"] == "23/11/2026"
    assert fields["Signed at"] == "Mon 23/11/2026 15:30 GMT"
    rated = {
        row[0]: row[1:] for t in blocks(doc, Table) if t.header[0] == "Element" for row in t.rows
    }
    da = cl.element("domestic_abuse").label
    assert rated[da] == (
        cl.rating_label("some_concern"), "Police call-out in May # 2",
        cl.source_label("confirmed_by_agency"),
    )  # fmt: skip
    assert rated[cl.element("learning").label] == (cl.rating_label("no_concern"), "", "")
    # Sam's suggestion, with the reasons the rules give.
    expected = suggest({e: r for e, (r, _, _) in SAM.items()}, cl)
    assert expected.decision == "csc"
    why = [t for t in blocks(doc, Table) if t.header == ("Why", "Based on")]
    assert [r.text for r in expected.reasons] in [[row[0] for row in t.rows] for t in why]
    plan = next(t for t in blocks(doc, Table) if t.header[0] == "Owner agency")
    assert plan.rows == (("School", "Meet Sam's teacher", "14/12/2026"),)
    assert "DRAFT" not in doc.text()
    # The user's words stay text in Markdown.
    md = to_markdown(doc)
    assert r"The abuse ended when he left \| \*in May\*" in md
    assert r"Police call-out in May \# 2" in md


def test_a_draft_is_marked_and_has_no_decision(db, today):
    ada, sam, _ = family(db, today)
    pid = precaf(db, ada, {sam: SAM}, decided=False)
    with db.session() as s:
        doc = precaf_summary(s, pid)
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.strong and first.text == "DRAFT — not decided"
    assert "Decision" in [b.text for b in blocks(doc, Heading)]
    fields = dict(row for b in blocks(doc, Fields) for row in b.rows)
    assert "Signed by" not in fields and "Decision" not in fields
    assert "Age on 20/11/2026" in fields  # a draft's ages are on the day it was begun


def test_the_latest_precaf_and_what_is_not_there(db, today):
    ada, sam, _ = family(db, today)
    with db.session() as s, pytest.raises(NotFound, match="no pre-CAF"):
        latest_precaf(s, ada)
    old = precaf(db, ada, {sam: SAM}, decided=True)
    new = precaf(db, ada, {}, decided=False, occasion="Sam came back")
    with db.session() as s:
        assert latest_precaf(s, ada).id == new != old
        assert "No child has been rated" in precaf_summary(s, new).text()
        assert summary_file_name(s, new, "docx") == f"precaf-{ada.hex[:6]}-2026-11-20.docx"
        with pytest.raises(NotFound):
            precaf_summary(s, ada)  # not a pre-CAF's id


def exports(db) -> list[tuple[str, str]]:
    with db.session() as s:
        stmt = select(TrailEvent.entity_id, TrailEvent.summary).where(
            TrailEvent.action == "export", TrailEvent.entity == "precaf"
        )
        return [tuple(r) for r in s.execute(stmt)]


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_export_writes_the_file_and_records_it(db, today, tmp_path, fmt):
    ada, sam, _ = family(db, today)
    pid = precaf(db, ada, {sam: SAM}, decided=True)
    path = export_precaf_summary(db, pid, tmp_path / f"s.{fmt}", fmt)
    if fmt == "docx":
        word = docx.Document(io.BytesIO(path.read_bytes()))
        assert word.paragraphs[0].text.endswith("summary for the case file")
        assert any(t.cell(0, 0).text == "Client" for t in word.tables)
    else:
        assert "- **Client:** Ada Lee" in path.read_text("utf-8")
    assert exports(db) == [(str(pid), f"Pre-CAF summary exported ({fmt}, decided)")]
    # Names never go in the trail's summary.
    assert "Ada" not in exports(db)[0][1]


def test_an_export_that_cannot_be_written_records_nothing(db, today, tmp_path):
    ada, sam, _ = family(db, today)
    pid = precaf(db, ada, {sam: SAM}, decided=False)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(StorageError, match="does not exist"):
        export_precaf_summary(db, pid, out / "gone" / "s.md", "md")
    with pytest.raises(ValidationFailed, match=r"md .Markdown. or docx"):
        export_precaf_summary(db, pid, out / "s.pdf", "pdf")
    assert exports(db) == [] and list(out.iterdir()) == []
    # Within the caller's session, the draft's export commits with it.
    with db.session() as s:
        export_precaf_summary(s, pid, out / "s.md", "md")
    assert exports(db) == [(str(pid), "Pre-CAF summary exported (md, draft, not decided)")]
