"""The treatment session contract: after which sessions a contract review falls due.

With the default contract (the local protocol's [session_contract]: a first contract of 6
sessions reviewed after the 5th, then blocks of 4 each reviewed after its 3rd
[000 §4.7]) the reviews fall after sessions 5, 9, 13, 17, ... These are pure functions of
the session number; the meetings that count the sessions attended are not here.
"""

from __future__ import annotations

from caseworker.content import SessionContract, load_protocol
from caseworker.core.errors import TimerError


def _contract(contract: SessionContract | None) -> SessionContract:
    return contract if contract is not None else load_protocol().session_contract


def contract_review_after(session: int, contract: SessionContract | None = None) -> bool:
    """Whether a contract review falls due after session number `session` (from 1)."""
    c = _contract(contract)
    if session < 1:
        raise TimerError(f"sessions are numbered from 1, got {session}")
    if session <= c.sessions:
        return session == c.review_after
    # Sessions after the first contract, numbered from 1 within their block.
    return (session - c.sessions - 1) % c.block + 1 == c.block_review_after


def next_contract_review(after_session: int = 0, contract: SessionContract | None = None) -> int:
    """The first session after `after_session` (0: before the first) after which a
    contract review falls due: 0 -> 5, 5 -> 9, 9 -> 13 with the default contract."""
    c = _contract(contract)
    if after_session < 0:
        raise TimerError(f"sessions are numbered from 1, got {after_session}")
    session = after_session + 1
    while not contract_review_after(session, c):  # at most a block and a contract away
        session += 1
    return session
