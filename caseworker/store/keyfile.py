"""The key file: a random 256-bit data key, wrapped by the passphrase.

The data key is SQLCipher's raw key and never changes, so a passphrase change
rewrites only this small file, never the database. Argon2id stretches the
passphrase; AES-GCM wraps the data key, so a wrong passphrase is detected here
(authentication tag mismatch) before SQLCipher is ever touched.
"""

from __future__ import annotations

import base64
import json
import os
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from caseworker.core.errors import KeyFileError, WrongPassphrase
from caseworker.core.files import atomic_file
from caseworker.core.paths import KEY_FILENAME

KEYFILE_VERSION = 1


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
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def wrap(data_key: bytes, passphrase: str, params: KdfParams | None = None) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = params or KdfParams()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    kek = _derive(passphrase, salt, params)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, b"caseworker-data-key")
    return {
        "version": KEYFILE_VERSION,
        "kdf": "argon2id",
        "time_cost": params.time_cost,
        "memory_kib": params.memory_kib,
        "parallelism": params.parallelism,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
    }


def unwrap(doc: dict, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        params = KdfParams(doc["time_cost"], doc["memory_kib"], doc["parallelism"])
        salt, nonce, wrapped = (_unb64(doc[k]) for k in ("salt", "nonce", "wrapped_key"))
    except (KeyError, ValueError, TypeError) as exc:
        raise KeyFileError(f"the key file is damaged ({exc.__class__.__name__})") from None
    # Bounds, so a damaged or tampered file cannot ask for gigabytes or hours.
    for value, lo, hi in ((params.time_cost, 1, 20), (params.memory_kib, 8, 1 << 20),
                          (params.parallelism, 1, 16)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise KeyFileError("the key file is damaged (key-derivation settings out of range)")
    kek = _derive(passphrase, salt, params)
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, b"caseworker-data-key")
    except InvalidTag:
        raise WrongPassphrase("That passphrase is not right.") from None


def read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"key file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.__class__.__name__}") from None


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
    future = pool.submit(lambda: unwrap(read(path), passphrase))
    pool.shutdown(wait=False)
    return future


def new_data_key() -> bytes:
    return os.urandom(32)
