"""The caseload's first page read with the raw driver, before the ORM is loaded: the same
page as fetch_page's, and no SQLAlchemy imported to read it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from caseworker.caseload import read_first_page
from caseworker.caseload.page import fetch_page
from caseworker.demo import populate
from caseworker.store import raw

# The raw SQLCipher driver reads the local encrypted file: there is none on a server.
pytestmark = pytest.mark.sqlcipher


def test_the_first_page_read_without_the_orm_is_the_orms_first_page(db, today):
    populate(db, 60, today=today, seed=3)
    first = read_first_page(db.data_dir, db.data_key, today)
    with db.session() as s:
        page = fetch_page(s, today=today)
    assert first is not None
    assert first.page == page
    assert first.service_name == "Riverside DAS"
    # The comparison means something: rows with children, due items, overdue and flags.
    rows = first.page.rows
    assert len(rows) == 15 and first.page.has_next and first.page.total > 15
    assert any(r.children for r in rows) and any(r.next_due for r in rows)
    assert any(r.overdue for r in rows) and any(r.flags for r in rows)


def test_an_empty_caseload_reads_as_the_orm_reads_it(db, today):
    first = read_first_page(db.data_dir, db.data_key, today)
    with db.session() as s:
        page = fetch_page(s, today=today)
    assert first is not None and first.page == page and first.page.rows == []


def test_a_caseload_that_needs_migrating_is_left_to_the_orm(db, today):
    assert db.data_key is not None
    conn = raw.connect(db.path, db.data_key)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    assert read_first_page(db.data_dir, db.data_key, today) is None
    assert read_first_page(db.data_dir, b"\0" * 32, today) is None  # not this file's key


def test_reading_the_first_page_imports_no_sqlalchemy(db, today):
    populate(db, 5, today=today, seed=1)
    code = (
        "import sys, datetime, pathlib\n"
        "from caseworker.caseload import read_first_page\n"
        f"first = read_first_page(pathlib.Path({str(db.data_dir)!r}), "
        f"bytes.fromhex({db.data_key.hex()!r}), datetime.date.today())\n"
        "print(len(first.page.rows), sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'pydantic')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["5", "[]"]


def test_opening_ahead_unwraps_the_key_then_reads_the_same_first_page(db, today):
    from caseloads import PASSPHRASE

    from caseworker.caseload import open_ahead
    from caseworker.core.errors import WrongPassphrase

    populate(db, 30, today=today, seed=5)
    key, page = open_ahead(db.data_dir, PASSPHRASE, today)
    assert key.result().data_key == db.data_key
    assert page.result() == read_first_page(db.data_dir, db.data_key, today)
    key, page = open_ahead(db.data_dir, "not the passphrase", today)
    with pytest.raises(WrongPassphrase):
        key.result()
    with pytest.raises(WrongPassphrase):  # no page without the key: the same refusal
        page.result()


@pytest.mark.skipif(sys.platform != "linux", reason="the child process is Linux's (a fork)")
def test_the_command_line_opens_ahead_in_a_child_process(db, today):
    """`caseworker` with the passphrase given, still one thread: the key is unwrapped and
    the first page read in a child (caseload.opening), so neither the cipher nor Argon2
    is imported here; the same key and page as read here, and a wrong passphrase is
    refused as on a thread."""
    from caseloads import PASSPHRASE

    populate(db, 30, today=today, seed=5)
    code = f"""
import sys, datetime, pathlib
from caseworker.caseload import opening, read_first_page
from caseworker.core.errors import WrongPassphrase
folder = pathlib.Path({str(db.data_dir)!r})
today = datetime.date.fromisoformat({today.isoformat()!r})
from caseworker.core.forking import may_fork
assert may_fork()
key, page = opening.open_ahead(folder, {PASSPHRASE!r}, today)
unlocked, first = key.result(timeout=60), page.result(timeout=60)
here = sorted(m for m in sys.modules if m.split(".")[0] in ("cryptography", "argon2"))
same = first == read_first_page(folder, unlocked.data_key, today)
key, page = opening.open_ahead(folder, "not the passphrase", today)
refused = []
for future in (key, page):
    try:
        future.result(timeout=60)
    except WrongPassphrase:
        refused.append(True)
print(unlocked.data_key.hex(), first.page.total, here, same, refused)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    key_hex, total, here, same, refused = out.stdout.split(maxsplit=4)
    assert key_hex == db.data_key.hex() and int(total) >= 15
    assert here == "[]" and same == "True"
    assert refused.split() == ["[True,", "True]"]
    assert out.stderr == ""  # nothing from the child or the thread that waits for it


@pytest.mark.skipif(sys.platform != "linux", reason="the child process is Linux's (a fork)")
def test_a_child_that_is_killed_or_cannot_be_made(db, today):
    """Killed (Ctrl+C as the app starts): an error on both futures, not a second Argon2
    and no traceback; no process to be had: the same work on a thread."""
    from caseloads import PASSPHRASE

    populate(db, 5, today=today, seed=1)
    code = f"""
import os, signal, datetime, pathlib
from caseworker.caseload import opening
from caseworker.core.errors import StorageError
folder = pathlib.Path({str(db.data_dir)!r})
today = datetime.date.fromisoformat({today.isoformat()!r})
real = opening._child
opening._child = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
key, page = opening.open_ahead(folder, {PASSPHRASE!r}, today)
said = []
for future in (key, page):
    try:
        future.result(timeout=60)
    except StorageError as error:
        said.append("unwrapped" in str(error))
opening._child = real
def no_process():
    raise BlockingIOError(11, "Resource temporarily unavailable")
os.fork = no_process
key, page = opening.open_ahead(folder, {PASSPHRASE!r}, today)
print(said, key.result(timeout=60).data_key.hex(), page.result(timeout=60).page.total)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    said, key_hex, total = out.stdout.rsplit(maxsplit=2)
    assert said == "[True, True]" and key_hex == db.data_key.hex() and int(total) == 5
    assert out.stderr == ""
