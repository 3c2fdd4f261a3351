"""The RFC 8785 reference test vectors (cyberphone/json-canonicalization) in shared/.

Each ``testdata/input/X.json`` must canonicalize to exactly the bytes of
``testdata/output/X.json``; ``testdata/outhex/X.txt`` holds the same bytes in hex. The folder
is found beside the repository (``<repo>/../shared``) or through ``CONTRACTS_SHARED_DIR``,
which points at the ``shared`` folder itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.registry.canonical import canonical_bytes, parse_json_strict
from tests.conftest import corpus_missing, shared_dir

VECTOR_DIR = shared_dir() / "conformance" / "rfc8785" / "testdata"
NAMES = sorted(p.stem for p in (VECTOR_DIR / "input").glob("*.json"))


@pytest.fixture
def vectors() -> Path:
    if not NAMES:
        pytest.skip(corpus_missing("rfc8785", VECTOR_DIR))
    return VECTOR_DIR


def test_every_input_has_its_expected_output(vectors: Path) -> None:
    outputs = sorted(p.stem for p in (vectors / "output").glob("*.json"))
    outhex = sorted(p.stem for p in (vectors / "outhex").glob("*.txt"))
    assert NAMES == outputs == outhex
    assert len(NAMES) >= 6  # arrays, french, structures, unicode, values, weird


@pytest.mark.parametrize("name", NAMES or ["absent"])
def test_vector_canonicalizes_to_expected_bytes(vectors: Path, name: str) -> None:
    source = f"input/{name}.json"
    expected = (vectors / "output" / f"{name}.json").read_bytes()
    value = parse_json_strict((vectors / source).read_bytes(), source)
    assert canonical_bytes(value) == expected


@pytest.mark.parametrize("name", NAMES or ["absent"])
def test_vector_hex_agrees_with_output(vectors: Path, name: str) -> None:
    expected = bytes.fromhex((vectors / "outhex" / f"{name}.txt").read_text())
    value = parse_json_strict((vectors / "input" / f"{name}.json").read_bytes(), name)
    assert canonical_bytes(value) == expected


@pytest.mark.parametrize("name", NAMES or ["absent"])
def test_canonical_output_is_a_fixed_point(vectors: Path, name: str) -> None:
    expected = (vectors / "output" / f"{name}.json").read_bytes()
    assert canonical_bytes(parse_json_strict(expected, name)) == expected
