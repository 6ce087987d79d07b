"""TOP (Treatment Outcomes Profile): the validated 28-day record and review-vs-start change."""

from __future__ import annotations

import dataclasses
import json

import pytest

from caseworker.content.instruments import ContentFileError, available
from caseworker.content.top import (
    TopRecord,
    compare,
    definition_path,
    load_definition,
    load_definition_file,
)

START = {
    "substance_days": {"opiates": 28, "crack": 12, "alcohol": 4},
    "alcohol_units_per_day": 6,
    "injecting_days": 20,
    "shared_needles": False,
    "shared_paraphernalia": True,
    "shoplifting_days": 8,
    "selling_drugs_days": 0,
    "vehicle_theft": False,
    "property_theft": True,
    "fraud": False,
    "assault": False,
    "psychological_health": 6,
    "paid_work_days": 0,
    "education_days": 0,
    "physical_health": 9,
    "acute_housing_problem": False,
    "risk_of_eviction": True,
    "quality_of_life": 5,
}


def record(**changes) -> TopRecord:
    return TopRecord(**{**START, **changes})


def test_a_valid_record_fills_unlisted_substances_with_zero_days():
    r = record()
    assert r.substance_days == {
        "alcohol": 4,
        "opiates": 28,
        "crack": 12,
        "cocaine": 0,
        "amphetamines": 0,
        "cannabis": 0,
        "other": 0,
    }
    assert r.to_dict()["injecting_days"] == 20


def test_boundaries_are_accepted():
    record(injecting_days=0, shoplifting_days=28, quality_of_life=0, physical_health=20)
    record(substance_days={"cannabis": 28, "other": 0}, alcohol_units_per_day=None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("injecting_days", 29),
        ("injecting_days", -1),
        ("shoplifting_days", 29),
        ("selling_drugs_days", 2.5),
        ("paid_work_days", 29),
        ("education_days", "3"),
        ("psychological_health", 21),
        ("physical_health", -1),
        ("quality_of_life", 21),
        ("quality_of_life", None),
        ("quality_of_life", True),
        ("alcohol_units_per_day", -1),
    ],
)
def test_out_of_range_numbers_name_the_field(field, value):
    with pytest.raises(ValueError, match=rf"TOP field '{field}' must be a whole number from"):
        record(**{field: value})


@pytest.mark.parametrize("field", ["shared_needles", "vehicle_theft", "risk_of_eviction", "fraud"])
def test_yes_no_fields_must_be_booleans(field):
    with pytest.raises(ValueError, match=rf"TOP field '{field}' must be yes \(True\) or no"):
        record(**{field: 1})


def test_substance_days_are_checked_per_substance():
    with pytest.raises(
        ValueError, match=r"'substance_days.opiates' must be a whole number from 0 to 28"
    ):
        record(substance_days={"opiates": 29})
    with pytest.raises(ValueError, match=r"'substance_days.heroin': unknown substance; known: alc"):
        record(substance_days={"heroin": 3})
    with pytest.raises(ValueError, match=r"'substance_days' must map substance to days used"):
        record(substance_days=[3])


def test_every_field_is_required_except_alcohol_units():
    partial = dict(START)
    del partial["quality_of_life"]
    with pytest.raises(TypeError):
        TopRecord(**partial)
    rest = {k: v for k, v in START.items() if k != "alcohol_units_per_day"}
    assert TopRecord(**rest).alcohol_units_per_day is None


def test_compare_gives_per_field_change_and_direction():
    start = record()
    review = record(
        substance_days={"opiates": 10, "crack": 12, "alcohol": 6},
        injecting_days=0,
        shared_paraphernalia=False,
        property_theft=True,
        fraud=True,
        psychological_health=11,
        physical_health=7,
        paid_work_days=5,
        alcohol_units_per_day=None,
    )
    changes = compare(start, review)
    assert changes["substance_days.opiates"].change == -18
    assert changes["substance_days.opiates"].direction == "better"
    assert changes["substance_days.alcohol"].direction == "worse"
    assert changes["substance_days.crack"].direction == "same"
    assert changes["substance_days.cannabis"].change == 0
    assert (changes["injecting_days"].start, changes["injecting_days"].review) == (20, 0)
    assert changes["injecting_days"].change == -20
    assert changes["shared_paraphernalia"].direction == "better"
    assert changes["shared_paraphernalia"].change is None
    assert changes["property_theft"].direction == "same"
    assert changes["fraud"].direction == "worse"
    assert (changes["psychological_health"].change, changes["psychological_health"].direction) == (
        5,
        "better",
    )
    assert changes["physical_health"].direction == "worse"
    assert changes["paid_work_days"].direction == "better"
    assert changes["alcohol_units_per_day"].direction is None
    assert changes["quality_of_life"].direction == "same"
    assert changes["substance_days.opiates"].label == "Opiates (illicit): days used"


def test_compare_covers_every_field_in_form_order():
    keys = list(compare(record(), record()))
    substances = [s for s, _ in load_definition().substances]
    assert keys[: len(substances)] == [f"substance_days.{s}" for s in substances]
    others = [f.name for f in dataclasses.fields(TopRecord) if f.name != "substance_days"]
    assert sorted(keys[len(substances) :]) == sorted(others)


def test_data_file_matches_the_record_and_is_not_a_scored_instrument():
    definition = load_definition()
    assert {f.id for f in definition.fields} == {f.name for f in dataclasses.fields(TopRecord)}
    ratings = [f for f in definition.fields if f.kind == "rating"]
    assert {(f.min, f.max) for f in ratings} == {(0, 20)}
    days = [f for f in definition.fields if f.kind in ("days", "days_per_substance")]
    assert {(f.min, f.max) for f in days} == {(0, 28)}
    assert "top" not in available()


def test_a_malformed_top_file_names_the_file(tmp_path):
    raw = json.loads(definition_path().read_text(encoding="utf-8"))
    raw["fields"] = [f for f in raw["fields"] if f["id"] != "injecting_days"]
    path = tmp_path / "top.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ContentFileError, match=r"top.json: fields must be exactly"):
        load_definition_file(path)
    raw = json.loads(definition_path().read_text(encoding="utf-8"))
    raw["fields"][0]["max"] = "28"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ContentFileError, match="needs whole-number min and max"):
        load_definition_file(path)
