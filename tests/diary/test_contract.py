"""The session contract: reviews after session 5 of the first 6, then after the 3rd of each
block of 4 (sessions 9, 13, 17, ...), or whatever the local protocol's contract says."""

from __future__ import annotations

import pytest

from caseworker.content import SessionContract, load_protocol, local_protocol_path
from caseworker.core.errors import TimerError
from caseworker.diary import contract_review_after, next_contract_review


def reviews(upto: int, contract: SessionContract | None = None) -> list[int]:
    return [n for n in range(1, upto + 1) if contract_review_after(n, contract)]


def test_the_default_contract_reviews_after_sessions_5_9_13():
    assert reviews(30) == [5, 9, 13, 17, 21, 25, 29]
    assert str(load_protocol().session_contract) == (
        "review after session 5 of 6, then blocks of 4 reviewed after the 3rd"
    )


@pytest.mark.parametrize(
    ("after", "expected"), [(0, 5), (4, 5), (5, 9), (6, 9), (8, 9), (9, 13), (10, 13), (13, 17)]
)
def test_the_next_review_after_a_session(after, expected):
    assert next_contract_review(after) == expected


def test_another_contract():
    c = SessionContract(sessions=8, review_after=6, block=6, block_review_after=5)
    assert reviews(26, c) == [6, 13, 19, 25]
    assert next_contract_review(6, c) == 13
    every = SessionContract(sessions=1, review_after=1, block=1, block_review_after=1)
    assert reviews(4, every) == [1, 2, 3, 4]


def test_the_local_protocol_sets_the_contract():
    local_protocol_path().write_text(
        "[session_contract]\nblock = 6\nblock_review_after = 4\n", encoding="utf-8"
    )
    load_protocol.cache_clear()
    assert reviews(22) == [5, 10, 16, 22]


def test_sessions_are_numbered_from_1():
    with pytest.raises(TimerError, match="numbered from 1, got 0"):
        contract_review_after(0)
    with pytest.raises(TimerError, match="numbered from 1, got -1"):
        next_contract_review(-1)
