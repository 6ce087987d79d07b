"""The key-encryption key from a passphrase: Argon2id, with the parameters each key file
stores (KdfParams). keyfile wraps and unwraps the data key with what this derives."""

from __future__ import annotations

from dataclasses import dataclass


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


def derive(passphrase: str, salt: bytes, params: KdfParams, threads: int | None = None) -> bytes:
    """Argon2id of the passphrase. ``threads``: how many threads share the work (the key
    is the same: the lanes, ``params.parallelism``, make it); None, one a lane."""
    from argon2.low_level import Type, hash_secret_raw

    # surrogatepass: a passphrase holding half a character (an env var of stray bytes) is
    # simply not the passphrase, never an encoding crash. Setup refuses one.
    secret = passphrase.encode("utf-8", "surrogatepass")
    if threads is not None and 0 < threads < params.parallelism:
        return _derive_on_threads(secret, salt, params, threads)
    return hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _derive_on_threads(secret: bytes, salt: bytes, params: KdfParams, threads: int) -> bytes:
    """The same derivation on fewer threads than lanes, through libargon2's own context
    (argon2-cffi's documented low-level ``core``): hash_secret_raw always runs a thread a
    lane, which on a two-core laptop takes the core the app is starting on."""
    from argon2.low_level import ARGON2_VERSION, HashingError, Type, core, error_to_str, ffi, lib

    out = ffi.new("uint8_t[]", 32)
    pwd, salt_c = ffi.new("uint8_t[]", secret), ffi.new("uint8_t[]", salt)
    context = ffi.new(
        "argon2_context *",
        {
            "out": out, "outlen": 32, "pwd": pwd, "pwdlen": len(secret),
            "salt": salt_c, "saltlen": len(salt), "secret": ffi.NULL, "secretlen": 0,
            "ad": ffi.NULL, "adlen": 0, "t_cost": params.time_cost,
            "m_cost": params.memory_kib, "lanes": params.parallelism, "threads": threads,
            "version": ARGON2_VERSION, "allocate_cbk": ffi.NULL, "free_cbk": ffi.NULL,
            "flags": lib.ARGON2_DEFAULT_FLAGS,
        },
    )  # fmt: skip
    result = core(context, Type.ID.value)
    if result != lib.ARGON2_OK:
        raise HashingError(error_to_str(result))
    return bytes(ffi.buffer(out, 32))
