"""Differential tests: generated validators against the jsonschema reference, per contract.

For every example contract, hypothesis draws envelopes from the resolved schema and single
mutations of them (dropped field, wrong type, out-of-range number, bad enum/format/pattern,
extra property, ...). Verdicts must agree with ``jsonschema`` (Draft7Validator, FormatChecker
asserting uuid/date-time/date) and the error paths must be the reference's error paths.

The reference's ``pattern`` keyword runs on ``regress`` (an ECMA-262 engine), because
draft 7 patterns are ECMA-262 and jsonschema itself uses Python's ``re``; see
``test_validators.py::test_known_differences_from_jsonschema`` for the other differences.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import regress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from lakecontracts.codegen.validators import render_module
from lakecontracts.pointers import to_pointer
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent, resolve_all
from tests.codegen.schema_strategies import mutate, mutation_sites, values
from tests.codegen.validator_loading import fast_verdicts, import_source
from tests.conftest import EXAMPLE_REGISTRY


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and regress.Regex(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Reference = jsonschema.validators.extend(Draft7Validator, {"pattern": _ecma_pattern})


@functools.cache
def _events() -> list[ResolvedEvent]:
    return resolve_all(Registry.open(EXAMPLE_REGISTRY))


@functools.cache
def _compiled(event: str, version: int, folder: Path) -> tuple[ModuleType, Any]:
    resolved = next(e for e in _events() if (e.event, e.v) == (event, version))
    module = import_source(render_module(resolved, "urn:test").decode(), folder)
    return module, Reference(resolved.schema, format_checker=FormatChecker())


def _check(module: ModuleType, reference: Any, instance: Any) -> bool:
    expected = bool(reference.is_valid(instance))
    verdict = module.is_valid(instance)
    assert isinstance(verdict, bool) and verdict == expected, instance  # a bool, not truthy
    verdicts = fast_verdicts(module, instance)
    assert verdicts and (not any(verdicts) or expected), ("the fast path accepted", instance)
    errors = module.validate(instance)
    assert (errors == []) == expected, (instance, errors)
    reference_paths = {to_pointer(error.absolute_path) for error in reference.iter_errors(instance)}
    assert {path for path, _ in errors} == reference_paths, (instance, errors)
    assert all(message for _, message in errors)
    return expected


EVENT_IDS = sorted({(e.event, e.v) for e in _events()})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("validators")


def _differential(event: str, version: int, folder: Path, data: st.DataObject) -> None:
    module, reference = _compiled(event, version, folder)
    schema = reference.schema
    envelope = data.draw(values(schema, schema), label="envelope")
    _check(module, reference, envelope)
    sites = mutation_sites(schema, envelope, schema)
    path, kind = data.draw(st.sampled_from(sites), label="site")
    _check(module, reference, mutate(envelope, path, kind, data.draw))


IDS = [f"{e}@v{v}" for e, v in EVENT_IDS]
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@pytest.mark.parametrize(("event", "version"), EVENT_IDS, ids=IDS)
@settings(max_examples=12, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_envelopes_and_mutations_agree_with_jsonschema(
    event: str, version: int, folder: Path, data: st.DataObject
) -> None:
    _differential(event, version, folder, data)


@pytest.mark.slow
@pytest.mark.parametrize(("event", "version"), EVENT_IDS, ids=IDS)
@settings(max_examples=100, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_many_envelopes_and_mutations_agree_with_jsonschema(
    event: str, version: int, folder: Path, data: st.DataObject
) -> None:
    _differential(event, version, folder, data)


@pytest.mark.parametrize(("event", "version"), EVENT_IDS[:3])
def test_most_generated_envelopes_are_valid(event: str, version: int, folder: Path) -> None:
    """Guards the generator itself: a differential test over only invalid data proves little."""
    module, reference = _compiled(event, version, folder)
    verdicts: list[bool] = []

    @settings(max_examples=30, deadline=None, database=None)
    @given(values(reference.schema, reference.schema))
    def collect(instance: Any) -> None:
        verdicts.append(_check(module, reference, instance))

    collect()
    assert sum(verdicts) >= 0.8 * len(verdicts)


@pytest.mark.parametrize(("event", "version"), EVENT_IDS, ids=IDS)
def test_the_fast_path_accepts_valid_envelopes(event: str, version: int, folder: Path) -> None:
    """Every example contract has a fast path, and it decides generated valid envelopes alone.

    (A fast path that returned False for everything would pass the differential tests: the
    full check would decide every instance, correctly and slowly.)
    """
    module, reference = _compiled(event, version, folder)
    accepted: list[bool] = []

    @settings(max_examples=25, deadline=None, database=None)
    @given(values(reference.schema, reference.schema))
    def collect(instance: Any) -> None:
        if reference.is_valid(instance):
            accepted.extend(fast_verdicts(module, instance))

    collect()
    assert accepted and sum(accepted) >= 0.9 * len(accepted), accepted
