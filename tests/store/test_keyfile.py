"""The key file: the data key wrapped by the passphrase (Argon2id + AES-GCM)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from caseworker.core.errors import KeyFileDamaged, KeyFileMissing
from caseworker.store import kdf, keyfile
from caseworker.store.keyfile import KdfParams, KeyFileError, WrongPassphrase

FAST = KdfParams.fast_for_tests()


def test_wrap_unwrap_round_trip():
    key = keyfile.new_data_key()
    assert len(key) == 32
    doc = keyfile.wrap(key, "correct horse", FAST)
    assert keyfile.unwrap(doc, "correct horse") == key


def test_wrapped_document_does_not_hold_the_key_or_passphrase():
    key = keyfile.new_data_key()
    text = json.dumps(keyfile.wrap(key, "correct horse", FAST))
    assert key.hex() not in text
    assert "correct horse" not in text
    # The parameters needed to unwrap later are recorded with it.
    doc = json.loads(text)
    assert doc["kdf"] == "argon2id"
    assert (doc["time_cost"], doc["memory_kib"], doc["parallelism"]) == (1, 8192, 1)


def test_same_key_wraps_differently_each_time():
    key = keyfile.new_data_key()
    a, b = keyfile.wrap(key, "pw-pw-pw-pw", FAST), keyfile.wrap(key, "pw-pw-pw-pw", FAST)
    assert a["salt"] != b["salt"] and a["wrapped_key"] != b["wrapped_key"]


def test_wrong_passphrase_is_detected():
    doc = keyfile.wrap(keyfile.new_data_key(), "correct horse", FAST)
    with pytest.raises(WrongPassphrase, match="not right"):
        keyfile.unwrap(doc, "correct horsf")


def test_tampered_wrapped_key_is_not_accepted():
    doc = keyfile.wrap(keyfile.new_data_key(), "correct horse", FAST)
    raw = bytearray(keyfile._unb64(doc["wrapped_key"]))
    raw[0] ^= 1
    doc["wrapped_key"] = keyfile._b64(bytes(raw))
    # Damaged (the checksum no longer matches): named as damaged, not a wrong passphrase.
    with pytest.raises(KeyFileDamaged, match="damaged"):
        keyfile.unwrap(doc, "correct horse")
    # Altered on purpose, checksum recomputed: the tag still refuses it.
    doc["check"] = keyfile.checksum(doc)
    with pytest.raises(WrongPassphrase):
        keyfile.unwrap(doc, "correct horse")


def test_any_one_character_changed_in_the_file_is_damage_not_a_wrong_passphrase(tmp_path):
    path = tmp_path / "caseworker.key"
    keyfile.write_atomic(path, keyfile.wrap(keyfile.new_data_key(), "correct horse", FAST))
    text = path.read_text(encoding="utf-8")
    for i, char in enumerate(text):
        if char.isspace():
            continue  # JSON layout, not content
        path.write_text(text[:i] + ("B" if char == "A" else "A") + text[i + 1 :], "utf-8")
        with pytest.raises(KeyFileDamaged):
            keyfile.unlock(path, "correct horse")
    for broken in ("", text[: len(text) // 2], "\xff\xfe not text"):
        path.write_bytes(broken.encode("latin-1"))
        with pytest.raises(KeyFileDamaged, match="damaged"):
            keyfile.unlock(path, "correct horse")


def test_a_key_file_from_before_the_checksum_opens_and_gets_one(tmp_path):
    path = tmp_path / "caseworker.key"
    key = keyfile.new_data_key()
    legacy = keyfile.wrap(key, "correct horse", FAST)
    del legacy["check"]
    legacy["version"] = 1
    path.write_text(json.dumps(legacy), encoding="utf-8")
    with pytest.raises(WrongPassphrase):  # without a checksum it cannot tell: as before
        keyfile.unlock(path, "not the one")
    assert "check" not in keyfile.read(path)
    assert keyfile.unlock(path, "correct horse").data_key == key
    upgraded = keyfile.read(path)
    assert upgraded["version"] == 2 and upgraded["check"] == keyfile.checksum(upgraded)
    assert keyfile.unlock(path, "correct horse").data_key == key


@pytest.mark.parametrize("drop", ["salt", "nonce", "wrapped_key", "time_cost"])
def test_damaged_document_is_a_key_file_error(drop):
    doc = keyfile.wrap(keyfile.new_data_key(), "correct horse", FAST)
    del doc[drop]
    with pytest.raises(KeyFileError, match="damaged"):
        keyfile.unwrap(doc, "correct horse")


def test_read_missing_and_garbage(tmp_path):
    with pytest.raises(KeyFileMissing, match="missing"):
        keyfile.read(tmp_path / "nope.key")
    bad = tmp_path / "bad.key"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match=r"damaged \(it is not JSON"):
        keyfile.read(bad)


def test_write_atomic_is_private_and_leaves_no_temp(tmp_path):
    path = tmp_path / "caseworker.key"
    doc = keyfile.wrap(keyfile.new_data_key(), "correct horse", FAST)
    keyfile.write_atomic(path, doc)
    keyfile.write_atomic(path, doc)  # replacing an existing file works too
    assert keyfile.read(path) == doc
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caseworker.key"]


def test_default_kdf_params_are_not_the_test_ones():
    default = KdfParams()
    # At or above OWASP's Argon2id table: 46 MiB for one pass, 19 MiB for two.
    assert default.memory_kib >= (46 if default.time_cost == 1 else 19) * 1024
    assert FAST != default


def test_new_key_files_take_the_defaults_and_older_ones_still_open(tmp_path):
    # 64 MiB (2^16 KiB, RFC 9106's low-memory size), one pass, four lanes.
    assert (KdfParams().time_cost, KdfParams().memory_kib, KdfParams().parallelism) == (1, 65536, 4)
    data_key = keyfile.new_data_key()
    # Written with the parameters of the first releases (three passes, two lanes).
    path = tmp_path / "caseworker.key"
    keyfile.write_atomic(path, keyfile.wrap(data_key, "correct horse", KdfParams(3, 65536, 2)))
    assert keyfile.unwrap(keyfile.read(path), "correct horse") == data_key
    # A passphrase change rewrites the file with today's parameters; the data key is kept.
    keyfile.change_passphrase(tmp_path, "correct horse", "battery staple")
    doc = keyfile.read(path)
    assert (doc["time_cost"], doc["memory_kib"], doc["parallelism"]) == (1, 65536, 4)
    assert keyfile.unwrap(doc, "battery staple") == data_key


@pytest.mark.parametrize("lanes", [2, 4])
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_fewer_threads_than_lanes_derive_the_same_key(lanes, threads):
    # The lanes make the key; the threads (one while the app starts) only share the work.
    params = KdfParams(time_cost=2, memory_kib=8192, parallelism=lanes)
    salt = bytes(range(16))
    alone = kdf.derive("correct horse", salt, params)
    assert kdf.derive("correct horse", salt, params, threads) == alone
    assert kdf.derive("correct horsf", salt, params, threads) != alone
    assert kdf.derive("correct horse", salt[::-1], params, threads) != alone


def test_a_key_file_opens_on_one_thread(tmp_path):
    data_key = keyfile.new_data_key()
    path = tmp_path / "caseworker.key"
    keyfile.write_atomic(path, keyfile.wrap(data_key, "correct horse", KdfParams(1, 8192, 4)))
    assert keyfile.unwrap_in_background(path, "correct horse", 1).result().data_key == data_key
    with pytest.raises(WrongPassphrase):
        keyfile.unwrap_in_background(path, "battery staple", 1).result()
