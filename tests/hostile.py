"""Hostile input, shared by the property tests and the screen tests: text that looks like
markup, control characters, lone surrogates, text at and past every length limit, dates
from year 1 to 9999, and the non-text values an import could carry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from caseworker.core import vocab
from caseworker.core.validation import NOTES, text_problem

# Names that Textual would read as markup, and text a screen must show as typed.
MARKUP_LIKE = (
    "Zed[/",
    "[bold]Aardvark",
    "[red]x[/red]",
    "\\[",
    "[@click=app.quit]",
    "Zoë 👩‍👧‍👦 🇬🇧",
    "مريم العلي",  # right to left
    "x\\",
    "[/]",
)

# At least 200 examples of each function (the bar), with no deadline: a loaded
# machine must not fail a test for being slow. A setting, not a profile: loading a
# profile would change every other test file too.
examples = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)  # fmt: skip


def uk(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# One character no field may hold (or, for one-line fields, a line break or a tab).
bad_characters = st.one_of(
    st.characters(categories=("Cc", "Cs")),  # st.text() alone never makes a surrogate
    st.sampled_from(["\x00", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\n", "\r\n", "\t"]),
)
# A plausible value with one bad character in it: refused for that character alone.
spoiled = st.builds(lambda a, c, b: a + c + b, st.sampled_from(["", "Ann", "Zed[/"]),
                    bad_characters, st.sampled_from(["", "Lee", "x"]))  # fmt: skip
texts = st.one_of(
    st.text(),  # any code points but surrogates: NUL, escape, right-to-left marks...
    st.sampled_from(MARKUP_LIKE),
    spoiled,
    st.text(st.characters(categories=("Cc", "Cs", "Cf", "Zs", "Zl", "Zp")), max_size=4),
    st.integers(38, 4100).map(lambda n: "x" * n),  # at and past each limit
    st.sampled_from(["Anna", "Smith", "  ", ""]),
)
date_texts = st.one_of(
    st.dates().map(uk),  # year 1 to 9999
    st.dates(date(1895, 1, 1), date(2030, 12, 31)).map(uk),  # about the plausible edges
    st.sampled_from(["0999-01-01", "01/01/0999", "31/02/2024", "00/00/0000", "1/1/1900"]),
    st.text(max_size=12),
)
# What an import's JSON (or a careless caller) might hand over instead of text.
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
anything = st.one_of(texts, date_texts, junk)
todays = st.dates(date(1990, 1, 1), date(2100, 12, 31))


clean_texts = st.one_of(
    st.sampled_from(MARKUP_LIKE),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40),
)


def form(
    *,
    text: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
    due: tuple[str, ...] = (),
    choices: dict[str, vocab.Choices] | None = None,
    flags: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
) -> st.SearchStrategy[tuple[dict[str, Any], date]]:
    """(raw values, today) for a form: a plausible filling (the `required` fields always
    there) with up to three fields replaced by anything at all, so that both what saves
    and what is refused are tried."""
    choices = choices or {}

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
        today = draw(todays)
        plausible: dict[str, st.SearchStrategy[Any]] = {}
        for name in text:
            plausible[name] = clean_texts
        for name in dates:  # from the earliest any kind allows to today
            plausible[name] = st.dates(date(1970, 1, 1), today).map(uk)
        for name in due:
            plausible[name] = st.dates(today, today + timedelta(weeks=44)).map(uk)
        for name, options in choices.items():
            plausible[name] = st.sampled_from(sorted(vocab.values(options)))
        for name in flags:
            plausible[name] = st.booleans()
        raw = {name: draw(values) for name, values in plausible.items()
               if name in required or draw(st.booleans())}  # fmt: skip
        attacked = st.lists(st.sampled_from(sorted(plausible)), min_size=1, max_size=3, unique=True)
        for name in draw(attacked):
            hostile = date_texts if name in dates or name in due else st.one_of(texts, spoiled)
            raw[name] = draw(st.one_of(hostile, hostile, anything))
        return raw, today

    return build()


def assert_stored_text_is_clean(record: Any) -> None:
    """Whatever a capability saved holds no text the validators refuse."""
    for name, value in vars(record).items():
        if isinstance(value, str) and not name.startswith("_"):
            problem = text_problem(value, max_len=NOTES, lines=True)
            assert problem is None, f"{name} {problem}"
