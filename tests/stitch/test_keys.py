"""Keyed hashing: HMAC-SHA256, versioned, never a default key."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from lakecontracts.errors import StitchKeyError
from lakecontracts.stitch.keys import StitchKey, hash_identifier, hash_identifiers, load_key

SECRET = "k3y-for-tests-0123456789abcdef"


def test_hash_is_hmac_sha256_of_kind_and_value() -> None:
    key = load_key(1, environ={"CONTRACTS_STITCH_KEY_V1": SECRET})
    expected = hmac.new(SECRET.encode(), b"user_id\x1fu-abc123", hashlib.sha256).hexdigest()
    assert hash_identifier(key, "user_id", "u-abc123") == expected
    assert hash_identifier(key, "anon_id", "u-abc123") != expected
    assert hash_identifiers(key, "user_id", ["u-abc123", "u-x"]) == [
        expected,
        hash_identifier(key, "user_id", "u-x"),
    ]


def test_versions_use_their_own_keys() -> None:
    env = {"CONTRACTS_STITCH_KEY_V1": SECRET, "CONTRACTS_STITCH_KEY_V2": SECRET + "-two"}
    one, two = load_key(1, environ=env), load_key(2, environ=env)
    assert (one.version, two.version) == (1, 2)
    assert hash_identifier(one, "user_id", "u-a") != hash_identifier(two, "user_id", "u-a")


def test_missing_key_is_an_error_naming_the_variable() -> None:
    with pytest.raises(StitchKeyError, match="CONTRACTS_STITCH_KEY_V3 is not set"):
        load_key(3, environ={"CONTRACTS_STITCH_KEY_V1": SECRET})


def test_short_key_is_refused_without_showing_it() -> None:
    with pytest.raises(StitchKeyError) as info:
        load_key(1, environ={"CONTRACTS_STITCH_KEY_V1": "short-secret"})
    assert "short-secret" not in str(info.value) + info.value.hint


def test_key_file(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text(SECRET + "\n")
    key = load_key(1, key_file=path, environ={})
    assert key.secret == SECRET.encode()
    assert SECRET not in repr(key)
    with pytest.raises(StitchKeyError, match="cannot read"):
        load_key(1, key_file=tmp_path / "missing", environ={})


@pytest.mark.parametrize("secret_bytes", [16, 63, 64, 65, 200])
def test_many_values_hash_like_the_standard_hmac_for_any_key_length(secret_bytes: int) -> None:
    key = StitchKey(1, (b"k" * secret_bytes))
    values = ["u-abc123", "", "é-ünïcode", "x" * 1000]
    expected = [
        hmac.new(key.secret, b"ids.thread_id\x1f" + v.encode(), hashlib.sha256).hexdigest()
        for v in values
    ]
    assert hash_identifiers(key, "ids.thread_id", values) == expected
