"""TOP (Treatment Outcomes Profile): the validated 28-day record and review-vs-start change,
and the data file (top.json) that defines it."""

from __future__ import annotations

import json

import pytest

from caseworker.content.instruments import ContentFileError, available
from caseworker.content.top import definition_path, load_definition, load_definition_file
from caseworker.screening.top import TopRecord, compare

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


# The keys every stored TOP (Screening.answers) has held since the first release: the
# shipped file must keep them, or older records would no longer line up with new ones.
STORED_KEYS = list(START)


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
    with pytest.raises(ValueError, match=r"TOP field 'quality_of_life' is required"):
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
    others = [key for key in STORED_KEYS if key != "substance_days"]
    assert sorted(keys[len(substances) :]) == sorted(others)


def test_data_file_matches_the_record_and_is_not_a_scored_instrument():
    definition = load_definition()
    assert [f.id for f in definition.fields] == STORED_KEYS
    ratings = [f for f in definition.fields if f.kind == "rating"]
    assert {(f.min, f.max) for f in ratings} == {(0, 20)}
    days = [f for f in definition.fields if f.kind in ("days", "days_per_substance")]
    assert {(f.min, f.max) for f in days} == {(0, 28)}
    assert "top" not in available()


def test_a_malformed_top_file_names_the_file(tmp_path):
    raw = json.loads(definition_path().read_text(encoding="utf-8"))
    raw["fields"].append(next(f for f in raw["fields"] if f["id"] == "injecting_days"))
    path = tmp_path / "top.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ContentFileError, match=r"top.json: field 'injecting_days' appears twice"):
        load_definition_file(path)
    raw = json.loads(definition_path().read_text(encoding="utf-8"))
    raw["fields"][0]["max"] = "28"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ContentFileError, match="needs whole-number min and max"):
        load_definition_file(path)


# ---------------------------------------------------------------- the data file, strictly


def shipped() -> dict:
    return json.loads(definition_path().read_text(encoding="utf-8"))


def refused(tmp_path, raw: dict) -> str:
    path = tmp_path / "top.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ContentFileError) as err:
        load_definition_file(path)
    assert str(err.value).startswith(f"{path}: ")
    return str(err.value)


@pytest.mark.parametrize(
    ("where", "key", "named"),
    [
        (None, "recorded_at", "the file has unknown field(s) 'recorded_at'"),
        (("fields", 2), "maxx", "field 'injecting_days' has unknown field(s) 'maxx'"),
        (("fields", 0), "short_lable", "field 'substance_days' has unknown field(s) 'short_lable'"),
        (("substances", 1), "short", "substance 'opiates' has unknown field(s) 'short'"),
        (("sections", 2), "label", "section 'crime' has unknown field(s) 'label'"),
        (("occasions", 2), "title", "occasion 'exit' has unknown field(s) 'title'"),
    ],
)
def test_unknown_keys_anywhere_in_top_json_are_refused(tmp_path, where, key, named):
    raw = shipped()
    target = raw if where is None else raw[where[0]][where[1]]
    target[key] = 1
    message = refused(tmp_path, raw)
    assert named in message and "allowed: " in message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda raw: raw.pop("occasions"), "the file is missing the field 'occasions'"),
        (lambda raw: raw["occasions"].pop(), "occasions must be start, review, exit, each once"),
        (
            lambda raw: raw["occasions"].append({"id": "midway", "label": "Midway"}),
            "found exit, midway, review, start",
        ),
        (lambda raw: raw["occasions"][0].pop("label"), "occasion 'start' is missing the field"),
        (lambda raw: raw.update(id="outcomes"), "id must be 'top'"),
        (lambda raw: raw["fields"][3].update(max=1), "field 'shared_needles' is yes/no: max"),
        (lambda raw: raw["fields"][0].update(optional=True), "'substance_days': optional does"),
        (lambda raw: raw["fields"][1].update(optional="yes"), "optional must be true or false"),
        (lambda raw: raw["fields"][2].update(short_label=""), "short_label must be non-empty"),
        (lambda raw: raw["fields"][2].update(id="Days-Injected"), "needs an id (lower-case"),
        (lambda raw: raw["fields"][2].update(id="days_crack"), "'days_crack' has the name"),
        (lambda raw: raw["substances"].append({"id": "crack", "label": "x"}), "'crack' appears"),
        (
            lambda raw: raw["sections"].append({"id": "spare", "title": "5. Spare"}),
            "section(s) 'spare' have no fields",
        ),
    ],
)
def test_top_json_mistakes_are_named(tmp_path, change, problem):
    raw = shipped()
    change(raw)
    assert problem in refused(tmp_path, raw)


@pytest.fixture
def local_top(tmp_path, monkeypatch):
    """Point the TOP definition at an edited copy of the shipped file."""
    from caseworker.content import top as top_file

    def use(raw: dict):
        path = tmp_path / "top.json"
        path.write_text(json.dumps(raw), encoding="utf-8")
        monkeypatch.setattr(top_file, "definition_path", lambda: path)
        load_definition.cache_clear()
        return load_definition()

    yield use
    load_definition.cache_clear()


def test_occasions_and_their_labels_come_from_the_file(local_top):
    from caseworker import screening
    from caseworker.screening import top as outcomes

    assert outcomes.top_occasions() == (("start", "Start"), ("review", "Review"), ("exit", "Exit"))
    raw = shipped()
    raw["occasions"] = [
        {"id": "start", "label": "Start of treatment"},
        {"id": "exit", "label": "Leaving treatment"},
        {"id": "review", "label": "Six-monthly review"},
    ]
    local_top(raw)
    expected = (
        ("start", "Start of treatment"),
        ("exit", "Leaving treatment"),
        ("review", "Six-monthly review"),
    )
    assert outcomes.top_occasions() == expected
    assert screening.top_occasions() == expected


def test_the_record_follows_the_fields_in_the_file(local_top):
    raw = shipped()
    raw["fields"] = [f for f in raw["fields"] if f["id"] != "injecting_days"]
    raw["fields"].append({"id": "sleep_days", "section": "health", "kind": "days", "min": 0,
                          "max": 28, "better": "higher", "label": "Days slept well"})  # fmt: skip
    local_top(raw)
    values = {k: v for k, v in START.items() if k != "injecting_days"}
    with pytest.raises(ValueError, match=r"TOP field 'sleep_days' is required"):
        TopRecord(**values)
    with pytest.raises(ValueError, match=r"TOP field 'sleep_days' must be a whole number from 0"):
        TopRecord(**values, sleep_days=29)
    with pytest.raises(ValueError, match=r"TOP field 'injecting_days' is not in top.json"):
        TopRecord(**values, sleep_days=3, injecting_days=2)
    start, review = TopRecord(**values, sleep_days=3), TopRecord(**values, sleep_days=10)
    assert "injecting_days" not in start.to_dict()
    change = compare(start, review)["sleep_days"]
    assert (change.label, change.change, change.direction) == ("Days slept well", 7, "better")

    from test_top_recording import BASE

    from caseworker.screening.top import parse_top_form

    form = {k: v for k, v in BASE.items() if k != "injecting_days"}
    assert parse_top_form({**form, "sleep_days": "12"}).sleep_days == 12


def test_stored_answers_keep_their_shape_and_read_back():
    r = record()
    stored = r.to_dict()
    assert list(stored) == STORED_KEYS
    assert type(stored["substance_days"]) is dict
    assert stored["substance_days"] == r.substance_days
    assert json.loads(json.dumps(stored)) == stored  # what the JSON column holds
    assert TopRecord.stored(stored) == r
    assert r["injecting_days"] == r.injecting_days == 20
    with pytest.raises(AttributeError, match="TOP has no field 'injecting'"):
        _ = r.injecting


def test_a_record_saved_under_an_older_file_still_compares(local_top):
    old = record().to_dict()
    raw = shipped()
    raw["substances"].append({"id": "ketamine", "label": "Ketamine"})
    raw["fields"].append({"id": "sleep_days", "section": "health", "kind": "days", "min": 0,
                          "max": 28, "better": "higher", "label": "Days slept well"})  # fmt: skip
    local_top(raw)
    start = TopRecord.stored(old)  # lacks ketamine and sleep_days
    review = TopRecord(**START, sleep_days=4)
    changes = compare(start, review)
    assert changes["sleep_days"].start is None and changes["sleep_days"].direction is None
    assert changes["substance_days.ketamine"].start is None
    assert changes["substance_days.ketamine"].review == 0
    assert changes["injecting_days"].direction == "same"


def test_short_labels_come_from_the_file_and_fit_the_form():
    definition = load_definition()
    raw = {f["id"]: f for f in shipped()["fields"]}
    for spec in definition.fields:
        if spec.kind != "days_per_substance":
            assert "short_label" in raw[spec.id], f"{spec.id} has no short_label"
            assert spec.short_label == raw[spec.id]["short_label"]
            assert len(spec.short_label) <= 33, spec.short_label
    no_short = definition.field("substance_days")
    assert no_short.short_label == no_short.label  # a field without one uses its label


def test_a_broken_top_file_does_not_stop_the_capabilities_importing(tmp_path):
    """Nothing reads top.json at import: the app opens, and says what is wrong with the
    file when TOP is used (a fresh process, as the app starts)."""
    import subprocess
    import sys
    from pathlib import Path

    broken = tmp_path / "top.json"
    broken.write_text('{"kind": "outcome-profile"', encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import caseworker.content.top as top_file\n"
        "top_file.definition_path = lambda: Path(sys.argv[1])\n"
        "import caseworker.caseload, caseworker.agenda, caseworker.screening\n"
        "from caseworker.core.errors import ContentFileError\n"
        "try:\n"
        "    caseworker.screening.top_occasions()\n"
        "except ContentFileError as exc:\n"
        "    print(exc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{broken}: cannot be read as JSON")
