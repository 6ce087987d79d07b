"""Letters: every template drafts for a demo family from the record (with the facts used
and where each came from), prints the same text as Markdown, Word and PDF, is written
whole or not at all, and once finalised cannot be changed, even in the database."""

from __future__ import annotations

import errno
import io
import os
import re
import uuid
from datetime import UTC, date, datetime

import docx
import pypdf
import pytest
from caseloads import fail_writes_in
from sqlalchemy import Uuid, bindparam, select, text

from caseworker.core import files
from caseworker.core.errors import ContentFileError, DiskFull, StorageError, ValidationFailed
from caseworker.people import add_child, add_contact, create_client, record_consent
from caseworker.referrals import (
    DRAFT_MARK,
    Fact,
    LetterFieldMissing,
    draft_letter,
    export_draft,
    export_letter,
    finalise_letter,
    letter_document,
    letters_of,
    load_templates,
    render_letter,
)
from caseworker.store.models import PreCaf, PreCafRating, Screening, TrailEvent

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
CALL = {
    "call_at": Fact("call_at", "Call", "23/11/2026 at 10:15", "Referral"),
    "call_to": Fact("call_to", "Called", "Jo Bloggs, CSC duty team", "Referral"),
    "call_said": Fact("call_said", "Said", "Sam saw the police call-out.", "Referral"),
}


def demo_family(db, *, consent: str | None = None) -> tuple[uuid.UUID, uuid.UUID]:
    """Ada Lee, pregnant, with Sam (7, at Riverside Primary, a young carer); a health
    visitor and a school in her network; a pre-CAF rating concerns; an AUDIT-C."""
    with db.session() as s:
        ada = create_client(
            s, {"given_name": "Ada", "family_name": "Lee", "address": "1 Mill Lane"}, TODAY
        )
        sam = add_child(
            s,
            ada.id,
            {
                "given_name": "Sam",
                "family_name": "Lee",
                "date_of_birth": "02/03/2019",
                "client_role": "mother",
                "school": "Riverside Primary",
                "young_carer": True,
            },
            TODAY,
        )
        add_contact(
            s,
            ada.id,
            {"agency": "Health visiting", "contact_name": "Pat Green", "role": "health_visitor"},
            TODAY,
        )
        add_contact(s, ada.id, {"agency": "Riverside Primary", "contact_name": "Ms Khan"}, TODAY)
        if consent:
            record_consent(
                s,
                ada.id,
                {
                    "recipient": "Children's social care",
                    "state": consent,
                    "decided_on": "20/11/2026",
                },
                TODAY,
            )
        precaf = PreCaf(client_id=ada.id, started_on=date(2026, 11, 20))
        s.add(precaf)
        s.flush()
        for element, rating, evidence in (
            ("domestic_abuse", "serious_concern", "Police call-out in May"),
            ("learning", "no_concern", ""),
            ("basic_care_safety", "some_concern", "Alone at home after school"),
        ):
            s.add(
                PreCafRating(
                    precaf_id=precaf.id,
                    client_id=ada.id,
                    child_id=sam.id,
                    element=element,
                    rating=rating,
                    evidence=evidence,
                )
            )
        s.add(
            Screening(
                client_id=ada.id,
                instrument="audit-c",
                status="complete",
                started_on=date(2026, 11, 1),
                completed_on=date(2026, 11, 1),
                total=9,
                band="higher risk",
                positive=True,
            )
        )
        return ada.id, sam.id


def _words(text_: str) -> list[str]:
    """The words a reader sees, whatever the format's markup and line breaks."""
    text_ = re.sub(r"\\(.)", r"\1", text_, flags=re.S)  # Markdown's escapes
    text_ = re.sub(r"[*#|>\-]+|<br>", " ", text_)
    # A label's colon is the Markdown's and the PDF's; Word puts the label in its own cell.
    return [w.strip(":") for w in text_.split() if w.strip(":")]


@pytest.mark.parametrize("template_id", sorted(load_templates()))
def test_every_template_drafts_for_a_demo_family(db, template_id):
    ada, _ = demo_family(db)
    with db.session() as s:
        letter = draft_letter(s, ada, template_id, TODAY, given=CALL)
        doc = letter_document(
            letter.title, letter.body, letter.recipient, TODAY, facts=letter.facts
        )
    words = doc.text()
    assert DRAFT_MARK in words and "Ada Lee" in words
    assert "{" not in letter.body and letter.facts
    # Each fact it used is listed with where it came from.
    assert {f.field for f in letter.facts} == set(letter.template.fields)
    assert all(f.source for f in letter.facts)


def test_the_csc_confirmation_holds_the_child_concerns_agencies_and_call(db):
    ada, _ = demo_family(db)
    with db.session() as s:
        letter = draft_letter(s, ada, "csc-confirmation", TODAY, given=CALL)
    body = letter.body
    assert "Sam Lee (aged 7; Riverside Primary)" in body
    assert "Domestic abuse" in body or "domestic" in body.lower()
    assert "Police call-out in May" in body and "Learning" not in body  # no concern: left out
    # The parents' and carers' ratings too, under their own heading (a serious concern
    # about basic care was missing from the confirmation when they were left out).
    capacity = body.split("## Parenting capacity", 1)[1].split("##", 1)[0]
    assert "Alone at home after school" in capacity
    assert "Health visiting" in body and "Riverside Primary (Involved): Ms Khan" in body
    assert "23/11/2026 at 10:15" in body and "Jo Bloggs" in body
    sources = {f.field: f.source for f in letter.facts}
    assert sources["child_school"] == "Child register: Sam Lee"
    assert "Riverside DAS" in body and sources["service_name"] == "Caseload set-up"
    assert sources["concerns"].startswith("Pre-CAF (begun 20/11/2026")


def test_a_field_the_record_lacks_names_the_template_and_the_field(db):
    ada, _ = demo_family(db)
    with db.session() as s, pytest.raises(LetterFieldMissing) as missing:
        draft_letter(s, ada, "csc-confirmation", TODAY)  # no referral call given
    assert missing.value.template_id == "csc-confirmation" and missing.value.field == "call_to"
    assert "'csc-confirmation'" in str(missing.value) and "'call_to'" in str(missing.value)


def test_the_midwifery_letter_reports_the_latest_audit(db):
    ada, _ = demo_family(db)
    with db.session() as s:
        letter = draft_letter(s, ada, "midwifery-referral", TODAY)
    assert "AUDIT-C score 9 (higher risk), screened 01/11/2026." in letter.body
    assert {f.field: f.source for f in letter.facts}[
        "alcohol"
    ] == "Screening: AUDIT-C of 01/11/2026"


def test_a_template_with_an_unknown_field_fails_on_loading(tmp_path, monkeypatch):
    local = tmp_path / "letters"
    local.mkdir()
    (local / "gp.toml").write_text(
        'id = "gp"\ntitle = "GP"\nrecipient = "GP"\nbody = "Dear {doctor_name}"\n', "utf-8"
    )
    monkeypatch.setenv("CASEWORKER_CONFIG_DIR", str(tmp_path))
    with pytest.raises(ContentFileError, match=r"gp.toml.*\{doctor_name\}"):
        load_templates()
    (local / "gp.toml").write_text(
        'id = "gp"\ntitle = "Our GP letter"\nrecipient = "GP"\nbody = "Dear {client_name}"\n',
        "utf-8",
    )
    # The service's own file replaces the shipped one of the same id, the rest stay.
    templates = load_templates()
    assert templates["gp"].title == "Our GP letter" and "csc-referral" in templates


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_word_and_pdf_hold_the_same_text_as_the_markdown(db, tmp_path, fmt):
    ada, _ = demo_family(db)
    with db.session() as s:
        letter = draft_letter(s, ada, "csc-referral", TODAY)
        md = export_draft(s, letter, tmp_path / "l.md", "md", TODAY).read_text("utf-8")
        out = export_draft(s, letter, tmp_path / f"l.{fmt}", fmt, TODAY)
    if fmt == "docx":
        word = docx.Document(io.BytesIO(out.read_bytes()))

        def cells(table):
            return [c.text for row in table.rows for c in row.cells]

        parts = [p.text for p in word.paragraphs] + [t for tb in word.tables for t in cells(tb)]
        got = "\n".join(parts)
        # The letterhead of the service's template is filled in around the letter, with
        # the service named at set-up (the shipped letterhead names none).
        assert "Riverside DAS" in got and "{{" not in got
    else:
        got = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    got_words = set(_words(got))
    assert [w for w in _words(md) if w not in got_words] == []


def test_a_letter_is_written_whole_or_not_at_all(db, tmp_path, monkeypatch):
    ada, _ = demo_family(db)
    target = tmp_path / "l.pdf"
    target.write_bytes(b"the good one")
    real_fdopen = os.fdopen

    class FillsUp:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    with db.session() as s:
        letter = draft_letter(s, ada, "gp", TODAY)
        monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: FillsUp(real_fdopen(*a, **k)))
        with pytest.raises(DiskFull, match="Nothing was written"):
            export_draft(s, letter, target, "pdf", TODAY)
        monkeypatch.undo()
        folder = tmp_path / "ro"
        folder.mkdir()
        fail_writes_in(monkeypatch, folder, errno.EROFS)
        with pytest.raises(StorageError):
            export_draft(s, letter, folder / "l.docx", "docx", TODAY)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["l.pdf"]
    assert target.read_bytes() == b"the good one" and list(folder.iterdir()) == []


def test_an_unknown_format_names_the_field():
    with pytest.raises(ValidationFailed, match="md, docx or pdf"):
        render_letter(letter_document("t", "b", "GP", TODAY), "rtf", TODAY)


def test_finalising_without_consent_and_without_a_basis_is_refused(db):
    ada, _ = demo_family(db)
    with db.session() as s:
        letter = draft_letter(s, ada, "csc-referral", TODAY)
        body = letter.body.replace("[write:", "We ask for an assessment. [")
        with pytest.raises(ValidationFailed) as refused:
            finalise_letter(s, letter, {"body": body, "recipient": letter.recipient}, TODAY, NOW)
        assert [e.field for e in refused.value.errors] == ["basis"]
        assert letters_of(s, ada) == []


def test_a_draft_still_to_be_written_is_not_finalised(db):
    ada, _ = demo_family(db, consent="given")
    with db.session() as s:
        letter = draft_letter(s, ada, "csc-referral", TODAY)
        with pytest.raises(ValidationFailed, match=r"\[write"):
            finalise_letter(
                s, letter, {"body": letter.body, "recipient": letter.recipient}, TODAY, NOW
            )


def finalised(db, **raw) -> tuple[uuid.UUID, uuid.UUID]:
    ada, _ = demo_family(db, consent=raw.pop("consent", None))
    with db.session() as s:
        letter = draft_letter(s, ada, "csc-referral", TODAY)
        body = letter.body.replace(
            "[write: what you want to happen, and by when]", "An assessment."
        )
        row = finalise_letter(
            s, letter, {"body": body, "recipient": letter.recipient, **raw}, TODAY, NOW
        )
        assert row is not None
        return ada, row.id


def test_a_finalised_letter_keeps_its_text_date_facts_and_is_on_the_trail(db, tmp_path):
    ada, letter_id = finalised(db, basis="immediate_risk", reason="Sam is alone at night")
    with db.session() as s:
        (row,) = letters_of(s, ada)
        assert row.id == letter_id and row.letter_date == TODAY and row.signed_as == "Sam Worker"
        assert "An assessment." in row.body and row.sharing_decision_id is not None
        assert ["Child's school", "Riverside Primary", "Child register: Sam Lee"] in row.facts
        out = export_letter(s, letter_id, tmp_path / "final.md", "md")
        events = s.scalars(select(TrailEvent.action).where(TrailEvent.entity == "letter")).all()
    printed = out.read_text("utf-8")
    assert "DRAFT" not in printed and "Finalised by Sam Worker on 23/11/2026" in printed
    assert sorted(events) == ["create", "export"]  # frozen on the trail, and printed


def _run(db, statement: str, letter_id: uuid.UUID) -> None:
    with db.session() as s:
        s.execute(text(statement).bindparams(bindparam("id", type_=Uuid)), {"id": letter_id})


@pytest.mark.parametrize(
    "statement",
    ["UPDATE letter SET body = 'rewritten' WHERE id = :id", "DELETE FROM letter WHERE id = :id"],
)
def test_a_finalised_letter_cannot_be_changed_in_the_database(db, statement):
    _, letter_id = finalised(db, consent="given")
    with pytest.raises(StorageError, match="sealed"):
        _run(db, statement, letter_id)
    with db.session() as s:
        assert s.scalar(text("SELECT count(*) FROM letter")) == 1


def test_every_template_drafts_and_prints_for_every_demo_family(db):
    """The demo's fixed families (a pregnant client, children living elsewhere, a young
    carer ...): each letter drafts for each of them and prints in each format."""
    from caseworker.demo.caseload import populate
    from caseworker.demo.fixed import FIXED_FAMILIES
    from caseworker.store.models import ChildRecord, Client

    populate(db, len(FIXED_FAMILIES), today=TODAY, seed=1)
    drafted = 0
    with db.session() as s:
        for client in s.scalars(select(Client)):
            child = s.scalars(select(ChildRecord).where(ChildRecord.client_id == client.id)).first()
            for template in load_templates().values():
                if template.about == "child" and child is None:
                    continue
                letter = draft_letter(
                    s,
                    client.id,
                    template.id,
                    TODAY,
                    child_id=child.id if child else None,
                    given=CALL,
                )
                doc = letter_document(
                    letter.title, letter.body, letter.recipient, TODAY, facts=letter.facts
                )
                for fmt in ("md", "docx", "pdf"):
                    assert render_letter(doc, fmt, TODAY)
                drafted += 1
    assert drafted >= len(FIXED_FAMILIES) * 6


def test_no_letter_draws_on_session_notes(db):
    """What was said in a treatment session stays in treatment: no letter shows it."""
    from caseworker.meetings import record_meeting

    ada, _ = demo_family(db)
    with db.session() as s:
        record_meeting(
            s,
            ada,
            {
                "kind": "treatment_session",
                "held_on": "20/11/2026",
                "decisions": "Session talk: relapse at the weekend",
            },
            TODAY,
        )
    with db.session() as s:
        for template_id in load_templates():
            letter = draft_letter(s, ada, template_id, TODAY, given=CALL)
            seen = letter.body + "".join(f.value for f in letter.facts)
            assert "relapse" not in seen and "Session talk" not in seen


def test_a_referral_gives_the_confirmation_its_call_and_outcome(db):
    from types import SimpleNamespace

    from caseworker.referrals import referral_facts

    ada, _ = demo_family(db)
    call = SimpleNamespace(
        made_on=TODAY,
        call_at=datetime(2026, 11, 23, 10, 15, tzinfo=UTC),
        call_to="Jo Bloggs, duty team",
        call_said="Sam alone overnight",
        wanted_outcome="A strategy discussion today",
    )
    with db.session() as s:
        letter = draft_letter(s, ada, "csc-confirmation", TODAY, given=referral_facts(call))
    assert "Mon 23/11/2026 10:15 GMT" in letter.body and "Dear Jo Bloggs, duty team" in letter.body
    assert "A strategy discussion today" in letter.body and "[write:" not in letter.body
    assert {f.field: f.source for f in letter.facts}["call_said"] == "Referral of 23/11/2026"


def test_the_sharing_log_holds_the_letters_decision_share_or_not(db):
    from caseworker.referrals import sharing_log

    ada, letter_id = finalised(db, consent="given")
    with db.session() as s:
        (decision,) = sharing_log(s, ada)
        assert decision.shared and decision.basis == "consent"
        assert (decision.source_table, decision.source_id) == ("letter", letter_id)
        assert decision.signed_as == "Sam Worker" and decision.decided_on == TODAY
        # Deciding not to send a second letter is logged too, and freezes nothing.
        letter = draft_letter(s, ada, "gp", TODAY)
        body = letter.body.replace("[write:", "(")
        raw = {"body": body, "recipient": "GP", "share": False, "reason": "Not relevant now"}
        assert finalise_letter(s, letter, raw, TODAY, NOW) is None
        assert [d.shared for d in sharing_log(s, ada)].count(False) == 1
        assert len(letters_of(s, ada)) == 1


def test_the_records_words_are_never_read_as_template_or_markup(db, tmp_path):
    """A name or note holding Jinja, XML or Markdown prints as typed in every format."""
    hostile = "{{ footer }} {% if x %} <b>&amp; *not*"
    doc = letter_document("To {{ service_name }}", hostile, "GP", TODAY)
    word = docx.Document(io.BytesIO(render_letter(doc, "docx", TODAY)))
    assert hostile in [p.text for p in word.paragraphs]
    assert "To {{ service_name }}" in [p.text for p in word.paragraphs]
    pdf = pypdf.PdfReader(io.BytesIO(render_letter(doc, "pdf", TODAY)))
    assert hostile in pdf.pages[0].extract_text()
    assert "\\*not\\*" in render_letter(doc, "md", TODAY).decode()


def test_caseworker_check_names_a_broken_template(tmp_path, monkeypatch):
    from caseworker.content import content_problems

    assert content_problems() == []
    local = tmp_path / "letters"
    local.mkdir()
    (local / "gp.toml").write_text('id = "gp"\ntitle = "GP"\nrecipient = "GP"\n', "utf-8")
    monkeypatch.setenv("CASEWORKER_CONFIG_DIR", str(tmp_path))
    (problem,) = content_problems()
    assert "gp.toml" in problem and "'body'" in problem


def test_a_verbal_csc_referral_confirmed_in_writing_ends_its_countdown(db):
    """The whole of it: the call recorded, the 48 hours running; the confirmation drafted
    from the call and the record; finalising without consent refused until a basis is
    given; the decision in the sharing log; the countdown gone."""
    from caseworker import agenda
    from caseworker.diary import DueKind
    from caseworker.referrals import record_referral, sharing_log

    ada, sam = demo_family(db)
    call = {
        "agency": "Children's social care", "to_csc": True, "contact_name": "Jo Bloggs",
        "reason": "Sam left alone overnight", "wanted_outcome": "A strategy discussion",
        "urgency": "urgent", "mode": "verbal", "call_on": "23/11/2026", "call_time": "10:15",
        "call_to": "Jo Bloggs, duty social worker", "call_said": "Sam was left alone",
        "child_ids": [sam],
    }  # fmt: skip
    with db.session() as s:
        record_referral(s, ada, call, TODAY)
    with db.session() as s:
        kinds = {d.kind for d in agenda.due_items(s, ada)}
        assert DueKind.CSC_CONFIRMATION in kinds
        letter = draft_letter(s, ada, "csc-confirmation", TODAY)  # the call's facts found
    assert "Sam Lee (aged 7; Riverside Primary)" in letter.body
    assert "Mon 23/11/2026 10:15 GMT" in letter.body and "Sam was left alone" in letter.body
    assert {f.field for f in letter.facts} >= {"child_name", "child_school", "call_at"}
    body = letter.body.replace("[write: what you want to happen, and by when]", "A visit.")
    answers = {"body": body, "recipient": letter.recipient}
    with db.session() as s, pytest.raises(ValidationFailed) as refused:
        finalise_letter(s, letter, answers, TODAY, NOW)
    assert [e.field for e in refused.value.errors] == ["basis"]
    with db.session() as s:
        kinds = {d.kind for d in agenda.due_items(s, ada)}
        assert DueKind.CSC_CONFIRMATION in kinds  # nothing finalised: still counting down
        row = finalise_letter(s, letter, {**answers, "basis": "immediate_risk",
                                          "reason": "Sam at risk tonight"}, TODAY, NOW)  # fmt: skip
        assert row is not None
    with db.session() as s:
        [decision] = sharing_log(s, ada)
        assert (decision.basis, decision.source_id, decision.signed_as) == (
            "immediate_risk",
            row.id,
            "Sam Worker",
        )
        assert DueKind.CSC_CONFIRMATION not in {d.kind for d in agenda.due_items(s, ada)}


def test_a_service_s_own_word_file_for_one_letter_is_used_for_it(db, tmp_path, monkeypatch):
    """letters/<id>.docx in the config folder: that letter printed into the service's own
    Word file (made in Word from letter.docx); every other letter keeps letter.docx."""
    from caseworker.content.letters import base_docx

    own = docx.Document(str(base_docx()))
    own.add_paragraph("Riverside DAS safeguarding team: GP letters")
    local = tmp_path / "config" / "letters"
    local.mkdir(parents=True)
    own.save(str(local / "gp.docx"))
    monkeypatch.setenv("CASEWORKER_CONFIG_DIR", str(tmp_path / "config"))
    ada, _ = demo_family(db)

    def text_of(template_id: str) -> str:
        with db.session() as s:
            letter = draft_letter(s, ada, template_id, TODAY)
            out = export_draft(s, letter, tmp_path / f"{template_id}.docx", "docx", TODAY)
        return "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)

    assert "safeguarding team: GP letters" in text_of("gp")
    assert "safeguarding team: GP letters" not in text_of("caf-request")
