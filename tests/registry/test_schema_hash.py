"""Schema hashing: RFC 8785 wherever it has an answer, exact integers beyond 2**53 otherwise.

The rule is documented in docs/reference/hashing.md and on ``schema_canonical_bytes``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.errors import JsonInputError
from lakecontracts.registry.canonical import (
    canonical_bytes,
    parse_json_strict,
    schema_canonical_bytes,
    schema_sha256_hex,
    sha256_hex,
)
from tests.conftest import EXAMPLE_REGISTRY

INT64_MAX = 2**63 - 1

_TEXT = st.text(max_size=8)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_without_big_integers_the_bytes_are_rfc8785(value: Any) -> None:
    assert schema_canonical_bytes(value) == canonical_bytes(value)
    assert schema_sha256_hex(value) == sha256_hex(value)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (INT64_MAX, b"9223372036854775807.0"),  # no double holds it: exact digits, marked
        (-(2**63), b"-9223372036854776000"),  # a double exactly: written as RFC 8785 does
        (2**63, b"9223372036854776000"),
        (2**53 + 1, b"9007199254740993.0"),
        (2**53 + 2, b"9007199254740994"),
        (2**64 - 1, b"18446744073709551615.0"),  # uint64
        (10**400, b"1" + b"0" * 400 + b".0"),  # beyond the largest double
    ],
)
def test_integers_beyond_2_pow_53(number: int, text: bytes) -> None:
    assert schema_canonical_bytes({"maximum": number}) == b'{"maximum":' + text + b"}"


def test_equal_numbers_spelled_as_int_or_float_hash_alike() -> None:
    assert schema_sha256_hex({"m": 2**60}) == schema_sha256_hex({"m": float(2**60)})
    assert schema_sha256_hex({"m": 2**70}) == schema_sha256_hex({"m": float(2**70)})


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2**53 + 1, max_value=2**80), st.integers(min_value=0, max_value=9))
def test_different_numbers_never_share_bytes(number: int, step: int) -> None:
    # The double nearest to `number` is written as ECMAScript pads it ("...847000"); the exact
    # digits of an integer that is no double carry ".0", so the two never collide.
    other = number + step
    nearest = float(number)
    assert (schema_canonical_bytes([number]) == schema_canonical_bytes([other])) == (step == 0)
    if int(nearest) != number:
        assert schema_canonical_bytes([number]) != schema_canonical_bytes([nearest])


def test_payload_hashing_still_refuses_big_integers() -> None:
    with pytest.raises(JsonInputError, match="outside -2\\*\\*53"):
        canonical_bytes({"amount": INT64_MAX})
    # and the schema rule does not leak into a later payload hash
    schema_canonical_bytes({"maximum": INT64_MAX})
    with pytest.raises(JsonInputError):
        sha256_hex({"amount": INT64_MAX})


def test_schema_rule_still_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(JsonInputError, match="not a JSON number"):
        schema_canonical_bytes({"maximum": float("inf")})


def test_parsed_schema_file_keeps_exact_bounds() -> None:
    text = '{"type": "integer", "maximum": 9223372036854775807, "minimum": -1}'
    schema = parse_json_strict(text, "s.json", exact_integers=True)
    assert schema["maximum"] == INT64_MAX
    assert b'"maximum":9223372036854775807.0' in schema_canonical_bytes(schema)


def _contracts(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lakecontracts", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_manifest_and_hash_command_agree_on_an_int64_bound(tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    contract = root / "events/booking/booking_confirmed/v1.yaml"
    text = contract.read_text()
    assert "maximum: 1000000000\n" in text
    contract.write_text(text.replace("maximum: 1000000000\n", f"maximum: {INT64_MAX}\n"))

    made = _contracts("manifest", cwd=root)
    assert made.returncode == 0, made.stderr
    manifest = json.loads((tmp_path / "generated/manifest.json").read_text())
    entry = next(
        e for e in manifest["events"] if e["event"] == "booking.booking_confirmed" and e["v"] == 1
    )
    shown = _contracts("show", "booking.booking_confirmed@1", cwd=root)
    assert shown.returncode == 0, shown.stderr
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(shown.stdout)
    assert str(INT64_MAX) in shown.stdout

    hashed = _contracts("hash", "--schema", str(schema_file), cwd=root)
    assert hashed.returncode == 0, hashed.stderr
    assert entry["schema_hash"] == "sha256:" + hashed.stdout.split()[0]

    refused = _contracts("hash", str(schema_file), cwd=root)  # as a payload: no exact form
    assert refused.returncode == 2
    assert "9223372036854775807" in refused.stderr
