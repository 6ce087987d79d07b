"""The pre-CAF checklist file (data/checklists/precaf.toml): what it holds, the vocabulary
that words it, and a broken copy refused naming the file and the key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from caseworker.content import checklist, content_problems, screening_problems
from caseworker.content.checklist import (
    DECISIONS,
    RATINGS,
    SOURCES,
    checklist_path,
    load_checklist,
    load_checklist_file,
)
from caseworker.content.protocol import load_protocol, local_protocol_path
from caseworker.core.errors import ContentFileError

# The elements exactly as issue 10 lists them (and domain.md "Pre-CAF: what is assessed"),
# substance_use_impact added to the substance-specific section as the issue names it.
EXPECTED = {
    "child_development": [
        "health", "emotional_behavioural", "identity", "family_social_relationships",
        "self_care", "learning",
    ],
    "parenting_capacity": [
        "basic_care_safety", "emotional_warmth", "guidance_boundaries", "stimulation",
    ],
    "family_environment": [
        "family_history", "wider_family", "housing", "employment_income", "social_integration",
    ],
    "substance_use": [
        "use_pattern", "substance_use_impact", "procurement", "storage", "supervision",
        "domestic_abuse", "mental_health", "child_caring_role", "parent_view", "child_view",
        "protective_factors", "high_risk_periods",
    ],
}  # fmt: skip


def test_the_shipped_checklist_has_every_domain_and_element():
    c = load_checklist("caf")
    assert {d.id: list(d.elements) for d in c.domains} == EXPECTED
    assert [e.id for e in c.elements] == [i for ids in EXPECTED.values() for i in ids]
    for e in c.elements:
        assert e.id in EXPECTED[e.domain] and e.label.strip()
    safety = {e.id for e in c.elements if e.safety}
    assert {"domestic_abuse", "substance_use_impact", "child_caring_role",
            "basic_care_safety"} <= safety  # fmt: skip
    assert "housing" not in safety and "parent_view" not in safety
    assert c.element("wider_family").hint.startswith("Grandparents and kinship carers")
    assert [r for r, _ in c.ratings] == list(RATINGS)
    assert [s for s, _ in c.sources] == list(SOURCES)
    assert c.source_label("confirmed_by_agency") == "Confirmed by an agency"
    assert [d for d, _ in c.decisions] == list(DECISIONS)


def test_labels_follow_the_vocabulary():
    caf, early_help = load_checklist("caf"), load_checklist("early_help")
    assert (caf.title, caf.decision_label("caf")) == ("Pre-CAF assessment", "CAF")
    assert (early_help.title, early_help.decision_label("caf")) == (
        "Early Help pre-assessment",
        "Early Help assessment",
    )
    assert caf.decision_label("csc") == early_help.decision_label("csc")
    assert [e.id for e in caf.elements] == [e.id for e in early_help.elements]


def test_the_protocol_setting_chooses_the_vocabulary():
    assert load_checklist().vocabulary == "caf"  # the shipped default
    local_protocol_path().write_text('vocabulary = "early_help"\n', encoding="utf-8")
    load_protocol.cache_clear()
    assert load_checklist().title == "Early Help pre-assessment"


def test_a_misspelt_vocabulary_is_refused_naming_the_file_and_key():
    path = local_protocol_path()
    path.write_text('vocabulary = "early help"\n', encoding="utf-8")
    load_protocol.cache_clear()
    with pytest.raises(ContentFileError, match='vocabulary must be "caf" or "early_help"') as err:
        load_protocol()
    assert err.value.path == str(path)


# ---- a broken copy ----------------------------------------------------------------------


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped file with one piece of text changed."""
    text = checklist_path().read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path = tmp_path / "precaf.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('id = "health"\nlabel', 'id = "health"\nlabl',
         r"element 'health' has unknown field\(s\) 'labl'"),
        ('safety = true\nhint = "Physical', 'safety = "yes"\nhint = "Physical',
         r"element 'health' safety must be true or false"),
        ('id = "housing"', 'id = "learning"', r"element 'learning' appears twice"),
        ('id = "domestic_abuse"', 'id = "domestic_violence"',
         r"the element 'domestic_abuse' is missing"),
        ('safety = true\nhint = "Caring for', 'safety = false\nhint = "Caring for',
         r"element 'child_caring_role' must be a safety element"),
        ('label = "Housing"', 'label = "Housing and {assesment}"',
         r"element 'housing' label uses \{assesment\}"),
        ('label = "Housing"', 'label = "Housing {"', r"element 'housing' label .* stray brace"),
        ('assessment = "Early Help assessment"', 'assesment = "Early Help assessment"',
         r"vocabulary.caf and vocabulary.early_help must have the same keys"),
        ('not_known = "Not known"\n', "", r"ratings is missing the field 'not_known'"),
        ('observed = "Observed"', 'seen = "Seen"', r"sources has unknown field\(s\) 'seen'"),
        ('id = "precaf"', 'id = "pre_caf"', r"id must be 'precaf'"),
        ('title = "Family and environment"', 'title = ""',
         r"domain 'family_environment' title must be non-empty"),
        ('[[domains]]\nid = "child_development"', '[[domains]]\nid = "Child development"',
         r"domain id 'Child development' must be lower-case"),
        ('version = "1"', 'version = 1\nversion = 2', r"is not valid TOML: .*line"),
    ],
)  # fmt: skip
def test_a_broken_checklist_is_refused_naming_the_file_and_the_key(tmp_path, old, new, problem):
    path = broken(tmp_path, old, new)
    for vocabulary in ("caf", "early_help"):
        with pytest.raises(ContentFileError, match=problem) as err:
            load_checklist_file(path, vocabulary)
        assert err.value.path == str(path)
        assert str(err.value).startswith(f"{path}: ")


def test_a_missing_checklist_is_refused(tmp_path):
    with pytest.raises(ContentFileError, match="file not found"):
        load_checklist_file(tmp_path / "precaf.toml")


def test_content_problems_reports_a_broken_shipped_checklist(tmp_path, monkeypatch):
    assert content_problems() == []
    path = broken(tmp_path, 'label = "Housing"', 'lable = "Housing"')
    monkeypatch.setattr(checklist, "checklist_path", lambda: path)
    checklist.clear_cache()
    try:
        problems = content_problems()
        assert problems == [
            f"{path}: element 'housing' has unknown field(s) 'lable'; "
            "allowed: hint, id, label, safety"
        ]
        # Screening does not read the checklist: a broken one must not stop a screening.
        assert screening_problems() == []
    finally:
        monkeypatch.undo()
        checklist.clear_cache()


def test_every_safety_element_says_why_in_the_file():
    # Each safety = true is a judgement from the seeds: the file says which, just above it.
    text = checklist_path().read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    blocks = text.split("[[domains.elements]]")[1:]
    safety = [e["id"] for d in raw["domains"] for e in d["elements"] if e["safety"]]
    assert len(safety) == 7
    for block in blocks:
        if "safety = true" in block:
            comment = block.split("safety = true")[0]
            assert "# Safety:" in comment, block.splitlines()[1]
