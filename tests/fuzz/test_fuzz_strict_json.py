"""Fuzz target ``strict_json``: the strict JSON parser behind ``contracts hash`` and ``diff``.

Invariant: any bytes or text either parse to a value that canonicalizes (RFC 8785) or raise a
:class:`ContractsError` naming the place; nothing else escapes, nothing hangs.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lakecontracts.errors import ContractsError
from lakecontracts.registry.canonical import canonical_bytes, parse_json_strict
from tests.fuzz.counting import tried
from tests.fuzz.settings import fuzz_settings, seed_files
from tests.fuzz.strategies import JSON_VALUES, json_text, spliced

TEXTS = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    JSON_VALUES.map(json_text),
    JSON_VALUES.flatmap(lambda v: spliced(json_text(v).encode("utf-8", "surrogatepass"))),
    st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 5000).map(lambda n: '{"a":' * n + "1" + "}" * n),
)


@fuzz_settings("strict_json", default_examples=60)
@given(TEXTS)
@example(b'{"a": 1, "a": 2}')
@example("[1e400]")
@example('"\\ud800"')
@example("9" * 5000)
def test_strict_json_parses_or_raises_a_typed_error(text: str | bytes) -> None:
    tried("strict_json")
    check(text)


@pytest.mark.parametrize("seed", seed_files("strict_json"), ids=lambda p: p.name)
def test_saved_inputs(seed: Path) -> None:
    check(seed.read_bytes())


def check(text: str | bytes) -> None:
    with contextlib.suppress(ContractsError):
        parse_json_strict(text, "fuzz.json", exact_integers=True)  # how `diff` reads schemas
    try:
        value = parse_json_strict(text, "fuzz.json")
    except ContractsError:
        return
    with contextlib.suppress(ContractsError):
        canonical_bytes(value)
