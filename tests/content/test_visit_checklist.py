"""The visit checklist file: the shipped one loads; a broken one is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseworker.content import content_problems
from caseworker.content.visit_checklist import (
    MEDICATION_AND_CHILD,
    load_visit_checklist,
    load_visit_checklist_file,
    visit_checklist_path,
)
from caseworker.core.errors import ContentFileError


def test_the_shipped_checklist_asks_what_the_domain_names():
    checklist = load_visit_checklist()
    ids = [i.id for i in checklist.items]
    needed = (
        "home_condition", "food", "sleeping", "hazards", "medication_storage", "signs_of_use",
        "children_presentation", "child_returned", "new_adult",
    )  # fmt: skip
    assert set(needed) <= set(ids)
    assert checklist.item("medication_storage").asked == MEDICATION_AND_CHILD
    assert checklist.item("child_returned").trigger == "child_returned"
    assert checklist.item("new_adult").trigger == "new_adult"

    # Storage is asked only when there is take-home medication and a child; the
    # children's presentation only when there is a child.
    def asked(**facts):
        return {i.id for i in checklist.asked(**facts)}

    assert "medication_storage" in asked(child=True, medication=True)
    assert "medication_storage" not in asked(child=True, medication=False)
    assert "medication_storage" not in asked(child=False, medication=True)
    assert "children_presentation" not in asked(child=False, medication=True)
    assert {"home_condition", "new_adult"} <= asked(child=False, medication=False)


# The first item's "asked" (the words also appear in a comment above it).
CLEAN = 'asked = "always"\nhint = "Clean'


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = visit_checklist_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "visit.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('answers = "seen"', 'answers = "sean"', "answers 'sean'"),
        (CLEAN, CLEAN.replace("always", "sometimes"), "asked 'sometimes'"),
        ('trigger = "new_adult"', 'trigger = "new_dog"', "trigger 'new_dog'"),
        ('id = "food"', 'id = "home_condition"', "appears twice"),
        ('label = "Hazards"', 'lable = "Hazards"', "unknown field"),
        ('[answer_sets.change]\nno = "No"\nyes = "Yes"', '[answer_sets.change]\nno = "No"',
         "must include 'yes'"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_naming_the_problem(tmp_path, old, new, says):
    with pytest.raises(ContentFileError, match=says):
        load_visit_checklist_file(_broken(tmp_path, old, new))


def test_check_reports_a_broken_visit_checklist(monkeypatch, tmp_path):
    from caseworker.content import visit_checklist

    path = _broken(tmp_path, CLEAN, CLEAN.replace("always", "never"))
    monkeypatch.setattr(visit_checklist, "visit_checklist_path", lambda: path)
    [problem] = content_problems()
    assert "visit.toml" in problem and "never" in problem
