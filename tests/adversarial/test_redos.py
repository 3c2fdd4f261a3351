"""Issue #10 item 4: a catastrophic contract pattern must not stall validation.

``^(a+){1,32}$``, ``^(.*a){20}$``, ``(?=(a+)+$)`` and ``a*a*a*a*b`` passed lint, and a 30-byte
value then took 98 s in ingest. Now lint flags every such shape, and the generated validators
run patterns ``re`` is not proven to run in linear time on RE2 (linear in the input) or, for
what RE2 cannot spell, on a matcher with a step budget. Nothing here measures time: each test
asserts which engine runs the pattern, the budget the bounded matcher stops at, and the outcome.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from lakecontracts.lint.engine import lint_paths
from lakecontracts.regex.bounded import program
from lakecontracts.regex.ecma import to_python
from lakecontracts.regex.re2 import to_re2
from lakecontracts.regex.safety import catastrophic_shape
from lakecontracts.registry.registry import Registry
from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.validator import boundedmatch, native_build
from lakecontracts.validator.compile import compile_module
from tests.codegen.validator_loading import import_file
from tests.conftest import EXAMPLE_REGISTRY
from tests.runtime.conftest import build_generated

HOSTILE = {
    "^(a+){1,32}$": "a" * 29 + "!",
    "^(.*a){20}$": "a" * 19 + "b" * 11,
    "(?=(a+)+$)": "a" * 29 + "!",
    "a*a*a*a*b": "a" * 30,
    "^(a|aa)+$": "a" * 29 + "!",
    "^([a-z]+)*[0-9]$": "a" * 29 + "!",
    "^(\\w+)\\1(a+)+$": "a" * 29 + "!",
}
#: Patterns RE2 cannot spell (lookaround, back-reference): the bounded matcher runs them.
NOT_RE2 = {"(?=(a+)+$)", "^(\\w+)\\1(a+)+$"}


@pytest.mark.parametrize("pattern", sorted(HOSTILE))
def test_lint_flags_the_shape(pattern: str) -> None:
    assert catastrophic_shape(pattern) is not None


@pytest.mark.parametrize("pattern", sorted(HOSTILE))
def test_the_pattern_runs_on_re2_unless_it_cannot(pattern: str) -> None:
    spelled = to_re2(_body(pattern))
    assert (spelled is None) is (pattern in NOT_RE2)


@pytest.mark.parametrize("pattern", sorted(NOT_RE2))
def test_the_bounded_matcher_stops_at_its_budget(pattern: str) -> None:
    found = program(_body(pattern))
    assert found is not None
    steps, slots = [boundedmatch._RX_STEPS], [-1] * (2 * found[1])
    text = HOSTILE[pattern]
    with pytest.raises(boundedmatch._RxBudget):
        for start in range(len(text) + 1):
            boundedmatch._rx_seq(found[0], 0, text, start, slots, steps, lambda end: False)
    assert steps[0] == -1  # it stopped exactly when the budget ran out
    assert boundedmatch._rx_run(found[0], "search", found[1], text) is None


def _body(pattern: str) -> str:
    return to_python(pattern)


@pytest.fixture(scope="module")
def hostile_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example registry with one pattern-checked property per hostile pattern."""
    root = tmp_path_factory.mktemp("registry")
    shutil.copytree(EXAMPLE_REGISTRY, root, dirs_exist_ok=True)
    path = root / "events" / "funnel" / "search_performed" / "v1.yaml"
    contract: dict[str, Any] = yaml.safe_load(path.read_text())
    for number, pattern in enumerate(sorted(HOSTILE)):
        contract["payload"]["properties"][f"code_{number}"] = {
            "type": "string",
            "pattern": pattern,
            "description": "A hostile pattern.",
        }
    path.write_text(yaml.safe_dump(contract, sort_keys=False))
    return root


def test_lint_flags_every_hostile_pattern_in_a_contract(hostile_registry: Path) -> None:
    report = lint_paths(Registry.open(hostile_registry))
    flagged = [f for f in report.findings if f.rule == "PATTERN_NOT_CATASTROPHIC"]
    assert len(flagged) == len(HOSTILE)


def test_the_runtime_validator_refuses_each_hostile_value(
    hostile_registry: Path, tmp_path: Path
) -> None:
    example = load_index(build_generated(tmp_path / "example"))
    line = samples(example, pick_route(example, "funnel.search_performed"), 1, seed=3)[0].line
    envelope = orjson.loads(line)
    index = load_index(build_generated(tmp_path / "generated", hostile_registry))
    route = pick_route(index, "funnel.search_performed")
    for number, pattern in enumerate(sorted(HOSTILE)):
        envelope["payload"][f"code_{number}"] = HOSTILE[pattern]
        assert not route.is_valid(envelope)
        errors = route.validate(envelope)
        assert [message for path, message in errors] == [
            f"must match pattern {pattern!r} (a value costing the matcher more than its step "
            "budget is refused)"
        ]
        del envelope["payload"][f"code_{number}"]
    assert route.is_valid(envelope)


@pytest.mark.slow
def test_a_mypyc_build_refuses_each_hostile_value_too(tmp_path: Path) -> None:
    """The compiled module (``contracts compile-validators``) runs the same engines."""
    properties = {
        f"code_{number}": {"type": "string", "pattern": pattern}
        for number, pattern in enumerate(sorted(HOSTILE))
    }
    source = tmp_path / "hostile_probe.py"
    schema = {"type": "object", "properties": properties}
    source.write_text(compile_module(schema, "hostile probe", {}))
    built = native_build.compile_module(source)
    module = import_file(tmp_path / built.path, "hostile_probe")
    assert str(module.__file__).endswith(".so")
    for number, pattern in enumerate(sorted(HOSTILE)):
        instance = {f"code_{number}": HOSTILE[pattern]}
        assert not module.is_valid(instance)
        assert len(module.validate(instance)) == 1
