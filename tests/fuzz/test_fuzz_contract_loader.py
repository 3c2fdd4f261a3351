"""Fuzz target ``contract_loader``: one contract file through load, lint and resolve.

The file sits in a copy of the example registry (``events/booking/leg_created/v1.yaml`` is
replaced). Inputs are random text, real contracts with a line replaced or a slice of bytes
spliced, and real contracts' data with one node replaced, dumped as YAML.

Invariant: ``Registry.load_contract`` + ``resolve_schema`` and ``lint_paths`` either succeed
or raise a :class:`ContractsError`; nothing else escapes, nothing hangs.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from lakecontracts.errors import ContractsError
from lakecontracts.lint.engine import lint_paths
from lakecontracts.registry.config import load_registry_config
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolve import resolve_schema
from tests.conftest import EXAMPLE_REGISTRY
from tests.fuzz.counting import tried
from tests.fuzz.settings import fuzz_settings, seed_files
from tests.fuzz.strategies import JSON_VALUES, mutated_json, spliced

TARGET = Path("events/booking/leg_created/v1.yaml")
SEEDS = sorted(EXAMPLE_REGISTRY.glob("events/*/*/v*.yaml"))
SEED_TEXTS = [p.read_bytes() for p in SEEDS]
SEED_DATA = [yaml.safe_load(t) for t in SEED_TEXTS]
FRAGMENTS = st.sampled_from(
    [
        "v: 1.0",
        "v: 99999999999999999999999999",
        'event: \'a"""b\'',
        'event: "x\\x00y"',
        "payload: &a {type: string}",
        "x: *a",
        "!!python/object:os.system {}",
        "payload: {type: object, properties: {a: {$ref: 'http://x/y'}}}",
        "payload: {type: object, properties: {a: {pattern: '(a+)+$'}}}",
        "description: .nan",
        "? [a]\n: b",
        "status: active\nstatus: draft",
        "\t",
        "---\n---",
        "%YAML 1.1",
        "payload: " + "[" * 200,
    ]
)


@st.composite
def line_replaced(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from(SEED_TEXTS)).decode().splitlines()
    index = draw(st.integers(0, len(lines)))
    new = draw(FRAGMENTS | st.text(max_size=40))
    return "\n".join([*lines[:index], new, *lines[index + 1 :]]).encode("utf-8", "surrogatepass")


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode(
        "utf-8", "surrogatepass"
    )


CONTRACT_FILES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    line_replaced(),
    st.sampled_from(SEED_TEXTS).flatmap(spliced),
    st.sampled_from(SEED_DATA).flatmap(mutated_json).map(_dump),
    st.sampled_from(SEED_DATA)
    .flatmap(lambda d: mutated_json({"payload": d["payload"]}))
    .map(lambda p: _dump({**SEED_DATA[0], **p}) if isinstance(p, dict) else _dump(p)),
    JSON_VALUES.map(_dump),
)


@pytest.fixture(scope="module")
def registry_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-registry") / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    return root


@fuzz_settings("contract_loader", default_examples=30)
@given(CONTRACT_FILES)
@example(b"event: booking.leg_created\nv: 1\n" + b"a: " + b"9" * 5000 + b"\n")
@example(b"\xff\xfe")
@example(b"[" * 100 + b"]" * 100)
def test_contract_loads_or_raises_a_typed_error(registry_root: Path, text: bytes) -> None:
    tried("contract_loader")
    check(registry_root, text)


@pytest.mark.parametrize("seed", seed_files("contract_loader"), ids=lambda p: p.name)
def test_saved_inputs(registry_root: Path, seed: Path) -> None:
    check(registry_root, seed.read_bytes())


def check(registry_root: Path, text: bytes) -> None:
    path = registry_root / TARGET
    path.write_bytes(text)
    registry = Registry(config=load_registry_config(registry_root))
    try:
        contract = registry.load_contract(path)
        resolve_schema(contract, registry.config)
    except ContractsError:
        pass
    with contextlib.suppress(ContractsError):
        lint_paths(registry, [path])
