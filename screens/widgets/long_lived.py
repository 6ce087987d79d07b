"""What lives all session (Textual and its screens, the database layer, the record's kept
screen) taken out of Python's full garbage collections, once the app is built.

A full collection looks at every object alive: here some millions, 65 ms of the event
loop at 10,000 clients, and it comes every few seconds of use. The key or the opening it
lands on is drawn that much later (bench/benchmark.py: one opening in six took 110 ms).
Frozen (gc.freeze), the objects alive when the app had settled are not looked at again,
and a full collection looks only at what was made since (about 12 ms).
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Once per process, at a quiet moment (screens.record.kept calls it when the record's
    screen is built ahead): a full collection, so that no garbage is frozen with the rest,
    then everything alive frozen."""
    if gc.get_freeze_count():
        return  # settled already: a second freeze would keep this session's garbage
    gc.collect()
    gc.freeze()
