"""Property tests: every function that records a screening (an instrument's draft and its
answers, completing it, continuing into the full AUDIT, the parental screen, TOP), given
any text, any date, any number and any value an import could carry, either saves or
raises one of the project's own errors. Never a bare exception, and never an error from
the database (which would mean validation let something through)."""

from __future__ import annotations

from typing import Any

import pytest
from caseloads import TODAY
from hostile import anything, assert_stored_text_is_clean, examples, form, texts, todays
from hypothesis import event, example, given
from hypothesis import strategies as st

from caseworker.core import vocab
from caseworker.core.errors import CaseworkerError, StorageError, ValidationFailed
from caseworker.people import create_client
from caseworker.screening import (
    DOMESTIC_ABUSE,
    EFFECT_ON_CARE,
    STORAGE,
    complete,
    complete_parental,
    continue_into_full,
    instruments,
    record_answer,
    record_top,
    start,
    substance_field,
    top_definition,
    top_occasions,
)

PARENTAL = form(
    text=("help_received", "coping", "preferred_times", "mental_health", "agencies",
          "consent_recipient", "notes", "other_under_18s"),
    due=("due_date",),
    choices={"occasion": vocab.SCREENING_OCCASIONS, "parental_status": vocab.PARENTAL_STATUS,
             "use_affects_care": EFFECT_ON_CARE, "storage": STORAGE,
             "domestic_abuse": DOMESTIC_ABUSE, "consent_state": vocab.CONSENT_STATES},
    flags=("children_confirmed", "pregnant_client", "pregnant_partner", "child_caring_role",
           "treatment_pushes_caring", "childcare_needed"),
    required=("parental_status",),
)  # fmt: skip


@st.composite
def _top_form(draw: st.DrawFn) -> tuple[dict[str, Any], Any]:
    """A plausible TOP with up to three fields replaced by anything at all."""
    definition = top_definition()
    numbers = [substance_field(s) for s, _ in definition.substances]
    numbers += [f.id for f in definition.fields if f.kind not in ("yes_no", "days_per_substance")]
    flags = [f.id for f in definition.fields if f.kind == "yes_no"]
    raw: dict[str, Any] = {name: str(draw(st.integers(0, 28))) for name in numbers}
    raw |= {name: draw(st.booleans()) for name in flags}
    raw["occasion"] = draw(st.sampled_from([o for o, _ in top_occasions()]))
    fields = st.sampled_from(sorted(raw))
    for name in draw(st.lists(fields, min_size=1, max_size=3, unique=True)):
        raw[name] = draw(st.one_of(texts, anything))
    return raw, draw(todays)


TOP = _top_form()


def mostly(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Three times in four `common` (st.one_of would weigh every branch of `rare` alike)."""
    return st.integers(0, 3).flatmap(lambda n: rare if n == 0 else common)


INSTRUMENTS = mostly(st.sampled_from(instruments.available()), texts)
OCCASIONS = mostly(st.sampled_from(sorted(vocab.values(vocab.SCREENING_OCCASIONS))), texts)
ANSWERS = st.one_of(
    st.dictionaries(st.integers(1, 3), st.integers(0, 4), max_size=3),
    st.dictionaries(st.integers(-2, 12), st.integers(-2, 6), max_size=12),
    st.dictionaries(st.one_of(texts, st.integers()), anything, max_size=3),
    anything,
)


@pytest.fixture
def caseload(db):
    with db.session() as s:
        client = create_client(s, {"given_name": "Ann", "family_name": "Base"}, TODAY)
        client_id = client.id
    return db, client_id


def attempt(db, change) -> Any:
    """One change in its own unit of work: saved, or the project's own error."""
    try:
        with db.session() as s:
            saved = change(s)
            s.flush()
            if saved is not None and hasattr(saved, "__table__"):
                assert_stored_text_is_clean(saved)
        event("saved")
        return saved
    except StorageError:
        raise  # the database refused what validation passed: validation is incomplete
    except ValidationFailed as exc:
        assert exc.errors and all(e.label and e.message for e in exc.errors)
        event("refused")
    except CaseworkerError as exc:
        event(type(exc).__name__)
    return None


@examples
@example(form=({"parental_status": "all_live_with", "notes": "a\x00"}, TODAY))
@example(form=({"parental_status": "all_live_with", "consent_recipient": "GP\ud800",
                "consent_state": "given"}, TODAY))  # fmt: skip
@example(form=({"parental_status": "all_live_with", "agencies": "CSC, \ud800"}, TODAY))
@example(form=({"parental_status": "all_live_with", "pregnant_client": True,
                "due_date": "01/01/9999"}, TODAY))  # fmt: skip
@given(form=PARENTAL)
def test_complete_parental(caseload, form):
    db, client_id = caseload
    raw, today = form
    attempt(db, lambda s: complete_parental(s, client_id, raw, today))


@examples
@given(form=TOP)
def test_record_top(caseload, form):
    db, client_id = caseload
    raw, today = form
    attempt(db, lambda s: record_top(s, client_id, raw, today))


@examples
@given(instrument=INSTRUMENTS, occasion=OCCASIONS, answers=ANSWERS, today=todays)
def test_start_a_screening(caseload, instrument, occasion, answers, today):
    db, client_id = caseload
    attempt(db, lambda s: start(s, client_id, instrument, today, occasion=occasion,
                                answers=answers))  # fmt: skip


@examples
@given(
    instrument=st.sampled_from(instruments.available()),
    steps=st.lists(st.tuples(st.one_of(st.integers(-1, 12), anything),
                             st.one_of(st.integers(-1, 6), anything)), max_size=12),
    today=todays,
)  # fmt: skip
def test_answer_complete_and_continue(caseload, instrument, steps, today):
    """Answers of any item and option, then completing and continuing: each step either
    saves or is refused, and what is saved stays usable for the next step."""
    db, client_id = caseload
    draft = attempt(db, lambda s: start(s, client_id, instrument, today))
    assert draft is not None  # a known instrument always starts
    for item, option in steps:
        attempt(db, lambda s, i=item, o=option: record_answer(s, draft.id, i, o))
    attempt(db, lambda s: complete(s, draft.id, today))
    attempt(db, lambda s: continue_into_full(s, draft.id, today))
    # Left for the next example to start afresh: complete or not, the draft is not reused.
    attempt(db, lambda s: complete(s, draft.id, today))
