"""The key file: a random 256-bit data key, wrapped by the passphrase.

The data key is SQLCipher's raw key and never changes, so a passphrase change
rewrites only this small file, never the database. Argon2id stretches the
passphrase; AES-GCM wraps the data key, so a wrong passphrase is detected here
(authentication tag mismatch) before SQLCipher is ever touched.

A damaged file would fail that same tag check, and be taken for a wrong passphrase: so
the file also carries a SHA-256 checksum of its own fields ("check"), tested before the
passphrase is, and a damaged file is named as damaged. (Not a secret: anyone could
recompute it; tampering is what the tag is for.) A file written before the checksum was
added gets it the first time it unlocks.

Since version 3 the file holds one slot per person on the caseload: the same data key,
wrapped by each person's own passphrase (own salt, nonce and Argon2 settings), named by
the person's id. Unlocking tries each slot, so the passphrase also says who is at the
keyboard. A file of before slots (one unnamed wrap) still opens, and is taken as the slot
of the caseload's first owner: open_database rewrites it with that slot (give_slots).
Anyone who can unlock holds the data key and so could rewrite this file: the slots say who
typed a passphrase, they are not a lock against someone already inside the caseload.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from caseworker.core.errors import KeyFileDamaged, KeyFileError, KeyFileMissing, WrongPassphrase
from caseworker.core.files import atomic_file
from caseworker.core.paths import KEY_FILENAME
from caseworker.store.kdf import KdfParams, derive

# 3: one slot per person; 2: one unnamed wrap with the checksum; 1 (the first release): without
KEYFILE_VERSION = 3
_ONE_WRAP = 2  # the newest format of before slots (what `wrap` still writes, for upgrades)
# The fields of one wrap of the data key (a v1/v2 file, or one slot of a v3 file).
_WRAP_FIELDS = ("kdf", "time_cost", "memory_kib", "parallelism", "salt", "nonce", "wrapped_key")
MAX_SLOTS = 64  # a damaged or hostile file cannot make an unlock run Argon2 for hours


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"))


def checksum(doc: dict) -> str:
    import hashlib

    fields = {k: v for k, v in doc.items() if k != "check"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _damaged(why: str) -> KeyFileDamaged:
    return KeyFileDamaged(
        f"The key file {KEY_FILENAME} is damaged ({why}), so no passphrase can open it. "
        "Copy caseworker.key back from a backup of this caseload (the data key never "
        "changes, so any backup's key file opens it, with the passphrase it had then)."
    )


@dataclass(frozen=True)
class Unlocked:
    """What a passphrase opened: the data key, and whose slot it was (None: a file of
    before slots, whose one wrap belongs to the caseload's first owner)."""

    data_key: bytes = field(repr=False)
    person_id: uuid.UUID | None


def _wrap_fields(data_key: bytes, passphrase: str, params: KdfParams | None) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = params or KdfParams()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    kek = derive(passphrase, salt, params)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, b"caseworker-data-key")
    return {
        "kdf": "argon2id",
        "time_cost": params.time_cost,
        "memory_kib": params.memory_kib,
        "parallelism": params.parallelism,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
    }


def _sealed(doc: dict) -> dict:
    doc = {k: v for k, v in doc.items() if k != "check"}
    return {**doc, "check": checksum(doc)}


def wrap(data_key: bytes, passphrase: str, params: KdfParams | None = None) -> dict:
    """A key file of before slots (version 2: one unnamed wrap). New caseloads get
    ``new_key_file``; this stays for files that must still open, and for their tests."""
    return _sealed({"version": _ONE_WRAP, **_wrap_fields(data_key, passphrase, params)})


def new_key_file(
    data_key: bytes, passphrase: str, person_id: uuid.UUID, params: KdfParams | None = None
) -> dict:
    """A version 3 key file with one slot: the caseload's first person."""
    slot = {"person": str(person_id), **_wrap_fields(data_key, passphrase, params)}
    return _sealed({"version": KEYFILE_VERSION, "slots": [slot]})


def _checked(doc: object) -> dict:
    """The document, once its checksum (or, in a v1 file, its absence) is as it should be."""
    if not isinstance(doc, dict):
        raise _damaged("it is not a key document")
    if "check" not in doc and doc.get("version") != 1:
        raise _damaged("its checksum is missing")
    if "check" in doc and doc["check"] != checksum(doc):
        raise _damaged("its contents do not match its checksum")
    return doc


def _slots(doc: dict) -> list[tuple[uuid.UUID | None, dict]]:
    """Each wrap of the data key in the (checked) document, with whose it is."""
    if doc.get("version") != KEYFILE_VERSION:
        return [(None, doc)]
    slots = doc.get("slots")
    if not isinstance(slots, list) or not slots:
        raise _damaged("it has no slots")
    if len(slots) > MAX_SLOTS:
        raise _damaged("it has too many slots")
    found: list[tuple[uuid.UUID | None, dict]] = []
    for slot in slots:
        try:
            found.append((uuid.UUID(slot["person"]), slot))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _damaged("a slot does not name its person") from None
    if len({person for person, _ in found}) != len(found):
        raise _damaged("a person has two slots")
    return found


def _parsed(fields: dict) -> tuple[KdfParams, bytes, bytes, bytes]:
    try:
        params = KdfParams(fields["time_cost"], fields["memory_kib"], fields["parallelism"])
        salt, nonce, wrapped = (_unb64(fields[k]) for k in ("salt", "nonce", "wrapped_key"))
    except KeyError:
        raise _damaged("a field is missing") from None
    except (ValueError, TypeError, AttributeError):
        raise _damaged("a field is not what it should be") from None
    if (len(salt), len(nonce), len(wrapped)) != (16, 12, 48):
        raise _damaged("a field has the wrong length")
    # Bounds, so a damaged or tampered file cannot ask for gigabytes or hours.
    for value, lo, hi in ((params.time_cost, 1, 20), (params.memory_kib, 8, 1 << 20),
                          (params.parallelism, 1, 16)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise _damaged("key-derivation settings out of range")
    return params, salt, nonce, wrapped


def open_document(doc: object, passphrase: str, threads: int | None = None) -> Unlocked:
    """Try the passphrase on each slot (one Argon2 each, on ``threads``: see kdf.derive):
    the data key and whose slot opened. Every slot is checked for damage before any
    passphrase is tried."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    slots = [(person, _parsed(fields)) for person, fields in _slots(_checked(doc))]
    for person, (params, salt, nonce, wrapped) in slots:
        kek = derive(passphrase, salt, params, threads)
        try:
            return Unlocked(AESGCM(kek).decrypt(nonce, wrapped, b"caseworker-data-key"), person)
        except InvalidTag:
            continue
    raise WrongPassphrase("That passphrase is not right.")


def unwrap(doc: dict, passphrase: str) -> bytes:
    """The data key the passphrase opens (whoever's slot it is)."""
    return open_document(doc, passphrase).data_key


def slot_people(doc: object) -> list[uuid.UUID]:
    """Whose slots a (version 3) key file holds; none for a file of before slots."""
    return [p for p, _ in _slots(_checked(doc)) if p is not None]


def read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileMissing(
            f"The key file {path.name} is missing from {path.parent}. The caseload cannot be "
            "opened without it: copy it back from a backup of this caseload."
        ) from None
    except UnicodeDecodeError:
        raise _damaged("it is not text") from None
    except OSError as exc:
        raise KeyFileError(f"Cannot read the key file {path}: {exc.strerror}.") from None
    try:
        return json.loads(text)
    except ValueError:
        raise _damaged("it is not JSON" if text.strip() else "it is empty") from None


def unlock(path: Path, passphrase: str, threads: int | None = None) -> Unlocked:
    """Read the key file and unwrap the data key (Argon2 on ``threads``: see kdf.derive);
    give a file from before the checksum its checksum (best effort: a read-only folder
    simply keeps the old file)."""
    doc = read(path)
    unlocked = open_document(doc, passphrase, threads)
    if isinstance(doc, dict) and "check" not in doc:
        from caseworker.core.errors import StorageError

        try:
            write_atomic(path, _sealed({**doc, "version": _ONE_WRAP}))
        except (OSError, StorageError):
            pass
    return unlocked


def give_slots(path: Path, owner_id: uuid.UUID) -> bool:
    """Rewrite a file of before slots as a version 3 file whose one slot is the caseload's
    first owner's (the same wrap: no passphrase needed, no Argon2). Best effort, like the
    checksum upgrade: False if the file stays as it was (read-only, or already slotted)."""
    from caseworker.core.errors import StorageError

    try:
        doc = _checked(read(path))
        if doc.get("version") == KEYFILE_VERSION:
            return False
        slot = {"person": str(owner_id), **{k: doc[k] for k in _WRAP_FIELDS if k in doc}}
        slot.setdefault("kdf", "argon2id")
        _parsed(slot)
        write_atomic(path, _sealed({"version": KEYFILE_VERSION, "slots": [slot]}))
    except (OSError, StorageError, KeyFileError):
        return False
    return True


def _slotted(path: Path) -> dict:
    doc = _checked(read(path))
    if doc.get("version") != KEYFILE_VERSION:
        raise KeyFileError(
            f"The key file {path.name} is of an older kind that holds one passphrase only "
            "and could not be brought up to date (is the folder read-only?)."
        )
    return doc


def add_slot(
    path: Path,
    data_key: bytes,
    person_id: uuid.UUID,
    passphrase: str,
    kdf: KdfParams | None = None,
) -> None:
    """Wrap the data key for one more person, under their own passphrase."""
    doc = _slotted(path)
    if person_id in slot_people(doc):
        raise KeyFileError("That person already has a passphrase on this caseload.")
    slot = {"person": str(person_id), **_wrap_fields(data_key, passphrase, kdf)}
    write_atomic(path, _sealed({**doc, "slots": [*doc["slots"], slot]}))


def remove_slot(path: Path, person_id: uuid.UUID) -> dict:
    """Take one person's slot out (never the last); returns it, to put back on failure."""
    doc = _slotted(path)
    kept = [s for s in doc["slots"] if s.get("person") != str(person_id)]
    if len(kept) == len(doc["slots"]):
        raise KeyFileError("That person has no passphrase on this caseload.")
    if not kept:
        raise KeyFileError("The last passphrase of a caseload cannot be removed.")
    write_atomic(path, _sealed({**doc, "slots": kept}))
    return next(s for s in doc["slots"] if s.get("person") == str(person_id))


def put_back_slot(path: Path, slot: dict) -> None:
    doc = _slotted(path)
    write_atomic(path, _sealed({**doc, "slots": [*doc["slots"], slot]}))


def write_atomic(path: Path, doc: dict) -> None:
    """A crash never leaves half a key file (temporary file, fsync, rename)."""
    with atomic_file(path) as fh:
        json.dump(doc, fh, indent=2)


def change_passphrase(
    data_dir: Path, old: str, new: str, *, kdf: KdfParams | None = None
) -> uuid.UUID | None:
    """Re-wrap the data key under a new passphrase, in the slot of whoever's passphrase
    ``old`` is (the others' slots are left exactly as they were). The database is not
    rewritten. Returns whose slot it was (None: a file of before slots)."""
    path = Path(data_dir) / KEY_FILENAME
    doc = read(path)
    unlocked = open_document(doc, old)
    if unlocked.person_id is None:
        write_atomic(path, wrap(unlocked.data_key, new, kdf))
        return None
    others = [s for s in doc["slots"] if s["person"] != str(unlocked.person_id)]
    if others:
        refuse_shared_passphrase(_sealed({**doc, "slots": others}), new)
    slots = [
        {"person": s["person"], **_wrap_fields(unlocked.data_key, new, kdf)}
        if s["person"] == str(unlocked.person_id)
        else s
        for s in doc["slots"]
    ]
    write_atomic(path, _sealed({**doc, "slots": slots}))
    return unlocked.person_id


def refuse_shared_passphrase(doc: dict, passphrase: str) -> None:
    """Two people with one passphrase could not be told apart at the keyboard. (Whose it
    is is not said; and anyone who can unlock could try it on the key file anyway.)"""
    from caseworker.core.errors import SetupError

    try:
        open_document(doc, passphrase)
    except WrongPassphrase:
        return
    raise SetupError("That passphrase is already in use on this caseload: choose another.")


def unwrap_in_background(
    path: Path, passphrase: str, threads: int | None = None
) -> Future[Unlocked]:
    """Start unwrapping the data key on a thread and return at once.

    Argon2 runs in C without the GIL, so the app's imports go on meanwhile:
    start-up pays for the slower of the two, not their sum. ``threads`` (see kdf.derive):
    1 while the app itself is starting, so that the derivation keeps off its core.
    """
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unwrap")
    future = pool.submit(lambda: unlock(path, passphrase, threads))
    pool.shutdown(wait=False)
    return future


def new_data_key() -> bytes:
    return os.urandom(32)
