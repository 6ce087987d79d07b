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
"""

from __future__ import annotations

import base64
import json
import os
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from caseworker.core.errors import KeyFileDamaged, KeyFileError, KeyFileMissing, WrongPassphrase
from caseworker.core.files import atomic_file
from caseworker.core.paths import KEY_FILENAME

KEYFILE_VERSION = 2  # 2: with its checksum; 1 (the first release): without


@dataclass(frozen=True)
class KdfParams:
    # Argon2id, memory-hard: 64 MiB in one pass over 4 lanes. OWASP's first setting
    # (46 MiB, t=1) with more memory; RFC 9106's 64 MiB in one pass, not three, so that
    # the derivation fits beside Textual's start-up (README, "Key derivation"). Lanes cost
    # an attacker nothing extra and shorten the wait on a laptop with more cores. Each
    # key file stores its own parameters, so files written with others still open.
    time_cost: int = 1
    memory_kib: int = 65536
    parallelism: int = 4

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        return cls(time_cost=1, memory_kib=8192, parallelism=1)


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"))


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        # surrogatepass: a passphrase holding half a character (an env var of stray
        # bytes) is simply not the passphrase, never an encoding crash. Setup refuses one.
        secret=passphrase.encode("utf-8", "surrogatepass"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


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


def wrap(data_key: bytes, passphrase: str, params: KdfParams | None = None) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = params or KdfParams()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    kek = _derive(passphrase, salt, params)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, b"caseworker-data-key")
    doc = {
        "version": KEYFILE_VERSION,
        "kdf": "argon2id",
        "time_cost": params.time_cost,
        "memory_kib": params.memory_kib,
        "parallelism": params.parallelism,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
    }
    doc["check"] = checksum(doc)
    return doc


def unwrap(doc: dict, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not isinstance(doc, dict):
        raise _damaged("it is not a key document")
    if "check" not in doc and doc.get("version") != 1:
        raise _damaged("its checksum is missing")
    if "check" in doc and doc["check"] != checksum(doc):
        raise _damaged("its contents do not match its checksum")
    try:
        params = KdfParams(doc["time_cost"], doc["memory_kib"], doc["parallelism"])
        salt, nonce, wrapped = (_unb64(doc[k]) for k in ("salt", "nonce", "wrapped_key"))
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
    kek = _derive(passphrase, salt, params)
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, b"caseworker-data-key")
    except InvalidTag:
        raise WrongPassphrase("That passphrase is not right.") from None


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


def unlock(path: Path, passphrase: str) -> bytes:
    """Read the key file and unwrap the data key; give a file from before the checksum
    its checksum (best effort: a read-only folder simply keeps the old file)."""
    doc = read(path)
    data_key = unwrap(doc, passphrase)
    if isinstance(doc, dict) and "check" not in doc:
        from caseworker.core.errors import StorageError

        try:
            upgraded = {**doc, "version": KEYFILE_VERSION}
            write_atomic(path, {**upgraded, "check": checksum(upgraded)})
        except (OSError, StorageError):
            pass
    return data_key


def write_atomic(path: Path, doc: dict) -> None:
    """A crash never leaves half a key file (temporary file, fsync, rename)."""
    with atomic_file(path) as fh:
        json.dump(doc, fh, indent=2)


def change_passphrase(data_dir: Path, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
    """Re-wrap the data key under a new passphrase. The database is not rewritten."""
    path = Path(data_dir) / KEY_FILENAME
    data_key = unwrap(read(path), old)
    write_atomic(path, wrap(data_key, new, kdf))


def unwrap_in_background(path: Path, passphrase: str) -> Future[bytes]:
    """Start unwrapping the data key on a thread and return at once.

    Argon2 runs in C without the GIL, so the app's imports go on meanwhile:
    start-up pays for the slower of the two, not their sum.
    """
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unwrap")
    future = pool.submit(lambda: unlock(path, passphrase))
    pool.shutdown(wait=False)
    return future


def new_data_key() -> bytes:
    return os.urandom(32)
