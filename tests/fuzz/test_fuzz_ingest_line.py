"""Fuzz target ``ingest_line``: one input line through the pipeline (route, verify, validate).

Lines are random bytes, valid sample envelopes with one node replaced (meta, payload,
context), and sample lines with bytes spliced. Invariants: ``Pipeline.process`` never raises;
it gives one result per line, bronze with a line that parses back, or quarantine with a
reason, or a duplicate; what reaches bronze is valid under the reference validator (jsonschema
with ECMA-262 patterns, as in the codegen differential tests; ``format`` is left out, where
the generated validators differ from jsonschema on purpose); nothing hangs.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jsonschema import FormatChecker

from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.records import Outcome
from lakecontracts.runtime.sample import samples
from tests.codegen.test_validators_differential import Reference
from tests.fuzz.counting import tried
from tests.fuzz.settings import fuzz_settings, seed_files
from tests.fuzz.strategies import mutated_json, spliced
from tests.runtime.conftest import build_generated
from tests.runtime.helpers import FakeClock


@functools.cache
def _reference(schema_file: Path) -> Any:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return Reference(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ManifestIndex:
    return load_index(build_generated(tmp_path_factory.mktemp("fuzz-generated")))


@pytest.fixture(scope="module")
def seeds(index: ManifestIndex) -> list[bytes]:
    """Two valid sample lines per route: what the mutations start from."""
    lines: list[bytes] = []
    for route in index.routes.values():
        lines.extend(s.line for s in samples(index, route, 2, seed=11))
    return lines


@st.composite
def lines(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    base = draw(st.sampled_from(seeds))
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.binary(max_size=300))
    if choice == 1:
        return draw(spliced(base))
    value = draw(mutated_json(orjson.loads(base)))
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:  # integers beyond 64 bits: the standard library writes them
        import json

        return json.dumps(value).encode()


@fuzz_settings("ingest_line", default_examples=40)
@given(data=st.data())
@example(data=None)
def test_every_line_ends_in_bronze_quarantine_or_duplicate(
    index: ManifestIndex, seeds: list[bytes], data: st.DataObject | None
) -> None:
    tried("ingest_line")
    check(index, seeds[0] if data is None else data.draw(lines(seeds)))


@pytest.mark.parametrize("seed", seed_files("ingest_line"), ids=lambda p: p.name)
def test_saved_inputs(index: ManifestIndex, seed: Path) -> None:
    check(index, seed.read_bytes())


def check(index: ManifestIndex, line: bytes) -> None:
    pipeline = Pipeline(index, clock=FakeClock())
    results = pipeline.process([line, line], "fuzz.ndjson", 1)
    assert len(results) == 2
    first, second = results
    if first.outcome is Outcome.BRONZE:
        assert first.line is not None
        envelope = orjson.loads(first.line)
        assert isinstance(envelope, dict) and second.outcome is Outcome.DUPLICATE
        envelope.pop("ingest", None)
        reference = _reference(index.schema_path(str(first.event), int(first.v or 0)))
        problems = list(reference.iter_errors(envelope))
        assert all(e.validator == "format" for e in problems), [e.message for e in problems]
    elif first.outcome is Outcome.QUARANTINE:
        assert first.reason is not None
    else:
        pytest.fail(f"a first sighting cannot be a duplicate: {first}")
