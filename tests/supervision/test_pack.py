"""The supervision pack: the JSON's figures are the review's (one entry per figure, each
with its clients), the session's cases and actions are in it, the trail's head is the
trail's; the Word file and the PDF hold the same words as the Markdown; and the months
come from signed-off sessions, the last of each month."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from caseworker.people import add_child, clients
from caseworker.store.models import Worker
from caseworker.store.trail import chain_head
from caseworker.supervision import (
    caseload_review,
    export_pack,
    monthly_figures,
    open_session,
    record_case,
    render_pack,
    series,
    sign_off,
    supervision_pack,
    team_reviews,
)

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
DECIDED = {
    "discussion": "Sam on a plan; Ada missed two sessions.",
    "decision": "Joint visit with the social worker before the core group.",
    "think_family": "Sam's safety plan depends on Ada's engagement: raise it at core group.",
    "discussed": True,
    "actions": "Sam Worker; joint visit; 07/12/2026",
}


def _caseload(db) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    worker = db.worker_id
    with db.session() as s:
        boss = Worker(name="Pat Supervisor", role="supervisor")
        s.add(boss)
        ada = clients.create_client(
            s, {"given_name": "Ada", "family_name": "Lee", "parental_status": "all_live_with"},
            TODAY, key_worker_id=worker,
        )  # fmt: skip
        add_child(s, ada.id, {"given_name": "Sam", "family_name": "Lee",
                              "date_of_birth": "01/03/2019", "lives_with": "client",
                              "client_role": "mother",
                              "current_help": "cp_plan"}, TODAY)  # fmt: skip
        clients.create_client(s, {"given_name": "Bo", "family_name": "Ray"}, TODAY,
                              key_worker_id=worker)  # fmt: skip
        s.flush()
        ids = (worker, boss.id, ada.id)
    db.worker_id = ids[1]  # the supervisor at the keyboard
    return ids


def _signed(db, held_on: date = TODAY) -> uuid.UUID:
    worker, boss, ada = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, held_on)
        record_case(s, sup.id, ada, DECIDED, held_on)
        figures = caseload_review(s, worker, held_on).to_json()["figures"]
        sign_off(s, sup.id, boss, NOW, figures=figures, trail_head="abc")
        return sup.id


def test_the_json_holds_every_figure_with_its_clients_and_the_session(db):
    session_id = _signed(db)
    worker = None
    with db.session() as s:
        worker = s.get(Worker, db.worker_id)  # the supervisor: find the worker by session
        from caseworker.supervision import get_session

        worker_id = get_session(s, session_id).worker_id
        review = caseload_review(s, worker_id, TODAY)
        content = json.loads(render_pack(supervision_pack(s, worker_id, TODAY), "json"))
        head = chain_head(s)
    assert worker is not None and worker.role == "supervisor"
    assert content["figures"].keys() == review.figures.keys()
    for key, fig in review.figures.items():
        entry = content["figures"][key]
        assert entry["count"] == fig.count
        assert entry["client_ids"] == [str(c) for c in fig.client_ids]
    assert content["figures"]["children_cp_plan"]["count"] == 1
    assert content["figures"]["parents_total"]["count"] == 1
    [case] = content["session"]["cases"]
    assert case["decision"] == DECIDED["decision"]
    assert case["actions"] == [{"what": "joint visit", "owner": "Sam Worker",
                                "due_on": "2026-12-07"}]  # fmt: skip
    assert content["session"]["signed_off_by"] == "Pat Supervisor"
    assert content["trail_head"] == {"seq": head[0], "hash": head[1]}
    assert [m["month"] for m in content["months"]] == ["2026-12"]


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf", "json"])
def test_each_format_is_written_whole_and_recorded(db, tmp_path, fmt):
    session_id = _signed(db)
    with db.session() as s:
        from caseworker.supervision import get_session

        worker_id = get_session(s, session_id).worker_id
        before = chain_head(s)[0]
        out = tmp_path / "out"
        out.mkdir()
        path = export_pack(s, worker_id, TODAY, out / f"pack.{fmt}", fmt)
    with db.session() as s:
        assert chain_head(s)[0] > before  # the export is on the trail
    assert path.exists() and [p.name for p in out.iterdir()] == [f"pack.{fmt}"]
    if fmt == "docx":
        import docx

        words = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        words += "\n".join(c.text for t in docx.Document(str(path)).tables for r in t.rows
                           for c in r.cells)  # fmt: skip
    elif fmt == "pdf":
        from pypdf import PdfReader

        words = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    else:
        words = path.read_text(encoding="utf-8")
    assert "Joint visit with the social worker" in " ".join(words.split())
    if fmt == "md":  # a children's figure names the children it counts, and whose
        assert "Sam Lee, child of Ada Lee" in words
    assert "Children on a child-protection plan" in " ".join(words.split()) or fmt == "json"


def test_a_bad_format_is_refused_before_anything_is_written(db, tmp_path):
    _signed(db)
    from caseworker.core.errors import ValidationFailed

    out = tmp_path / "out"
    out.mkdir()
    with db.session() as s, pytest.raises(ValidationFailed, match="json, md, docx or pdf"):
        export_pack(s, db.worker_id, TODAY, out / "pack.xls", "xls")
    assert list(out.iterdir()) == []


def test_months_keep_the_figures_of_the_last_signed_session_of_each(db):
    worker, boss, ada = _caseload(db)
    with db.session() as s:
        for held_on, cp in (
            (date(2026, 10, 5), 3),
            (date(2026, 11, 2), 2),
            (date(2026, 11, 28), 1),
            (date(2026, 11, 30), 4),  # held 30/11, signed 01/12: December's
        ):
            sup = open_session(s, worker, held_on)
            record_case(s, sup.id, ada, {**DECIDED, "actions": ""}, held_on)
            # Signed the day after it was held: the month is the signing day's.
            signed = datetime(held_on.year, held_on.month, held_on.day, 12, tzinfo=UTC)
            signed += timedelta(days=1)
            sign_off(s, sup.id, boss, signed, figures={"children_cp_plan": {"count": cp}})
        months = monthly_figures(s, worker)
        # An unsigned session keeps no month.
        open_session(s, worker, TODAY)
        assert len(monthly_figures(s, worker)) == 3
    assert [m.month for m in months] == ["2026-10", "2026-11", "2026-12"]
    assert series(months, "children_cp_plan") == [3, 1, 4]
    assert series(months, "no_contact") == [0, 0, 0]


def test_the_team_view_has_everyone_with_clients(db):
    _caseload(db)
    with db.session() as s:
        other = Worker(name="Kim Worker", role="worker")
        s.add(other)
        s.flush()
        clients.create_client(s, {"given_name": "Cy", "family_name": "Oak"}, TODAY,
                              key_worker_id=other.id)  # fmt: skip
        team = team_reviews(s, TODAY)
    assert [(r.worker_name, r.clients_reviewed) for r in team] == [
        ("Kim Worker", 1), ("Sam Worker", 2),
    ]  # fmt: skip
