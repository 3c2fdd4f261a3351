"""Every compatibility rule has old/new fixtures; each checks verdicts, rule IDs, paths, witnesses.

Fixtures live in ``fixtures/<RULE_ID>/<case>/`` with ``old.json``, ``new.json`` and
``expect.json``::

    {"why": "one line: what the case shows",
     "backward": true | false | "unknown", "forward": ...,
     "changes": [{"rule", "path", "direction", "compatible", "reason_contains"?}]}

``changes`` lists every change that is not compatible (order-insensitive; compatible notes
are not listed). Each reported witness is re-checked with the jsonschema reference validator:
the writer's schema accepts it, the reader's rejects it.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.model import NO_VALUE, Change, CompatResult, Direction
from lakecontracts.compat.table import ENGINE_RULES, RULES
from lakecontracts.errors import SchemaResolutionError
from lakecontracts.reporting.vocabulary import Verdict
from tests.compat.reference import accepts, pointer_parent_exists

FIXTURES = Path(__file__).parent / "fixtures"
RULE_IDS = [rule.id for rule in RULES] + list(ENGINE_RULES)
#: Rules that only match sub-schemas and hand them on: their breaks carry the inner rule's ID.
DESCENDING = {"PROPERTIES_COVERED", "PATTERN_PROPERTIES_COVERED", "ITEMS_COVERED", "ALL_OF_COVERED"}
CASES = sorted(p.parent for p in FIXTURES.glob("*/*/expect.json"))


def _load(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _case_id(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


def _compare(folder: Path) -> CompatResult:
    return compare_schemas(_load(folder, "old.json"), _load(folder, "new.json"))


def _key(rule: str, path: str, direction: str, compatible: Any) -> tuple[str, str, str, str]:
    return (rule, path, direction, json.dumps(compatible))


def _problems(result: CompatResult) -> list[Change]:
    return [c for c in result.changes if c.compatible is not Verdict.COMPATIBLE]


def _writer_reader(folder: Path, direction: Direction) -> tuple[Any, Any]:
    old, new = _load(folder, "old.json"), _load(folder, "new.json")
    return (old, new) if direction is Direction.BACKWARD else (new, old)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_a_breaking_fixture(rule_id: str) -> None:
    cases = sorted((FIXTURES / rule_id).glob("*/expect.json"))
    assert cases, f"{rule_id} has no fixture folder under {FIXTURES / rule_id}"
    wanted = None if rule_id in DESCENDING else rule_id
    breaking = [
        case
        for case in cases
        for change in _load(case.parent, "expect.json")["changes"]
        if change["compatible"] is not True and wanted in (None, change["rule"])
    ]
    assert breaking, f"no fixture of {rule_id} expects a breaking or unknown change"


def test_fixture_expectations_only_name_known_rules() -> None:
    assert len(CASES) >= 60
    for folder in CASES:
        assert folder.parent.name in RULE_IDS, f"{folder}: not a rule ID"
        for change in _load(folder, "expect.json")["changes"]:
            assert change["rule"] in RULE_IDS, (folder, change)
            assert change["direction"] in ("backward", "forward"), (folder, change)
            assert change["compatible"] in (False, "unknown"), (folder, change)


@pytest.mark.parametrize("folder", CASES, ids=_case_id)
def test_verdicts_and_changes_match_expectation(folder: Path) -> None:
    expect = _load(folder, "expect.json")
    result = _compare(folder)
    found = sorted(
        _key(c.rule, c.path, c.direction, c.compatible.to_json()) for c in _problems(result)
    )
    wanted = sorted(
        _key(c["rule"], c["path"], c["direction"], c["compatible"]) for c in expect["changes"]
    )
    assert found == wanted, [c.to_json() for c in _problems(result)]
    assert (result.backward, result.forward) == (
        Verdict(expect["backward"]),
        Verdict(expect["forward"]),
    )
    for change in expect["changes"]:
        if "reason_contains" in change:
            reasons = [
                c.reason
                for c in result.changes
                if (c.rule, c.path, c.direction)
                == (change["rule"], change["path"], change["direction"])
            ]
            assert any(change["reason_contains"] in r for r in reasons), reasons


@pytest.mark.parametrize("folder", CASES, ids=_case_id)
def test_every_break_has_a_witness_the_reference_validator_confirms(folder: Path) -> None:
    for change in _compare(folder).changes:
        assert change.reason, change
        if change.compatible is not Verdict.INCOMPATIBLE:
            assert change.witness is NO_VALUE, "only confirmed breaks carry a witness"
            continue
        assert change.witness is not NO_VALUE, f"break without witness: {change}"
        writer, reader = _writer_reader(folder, change.direction)
        assert accepts(writer, change.witness), f"writer rejects the witness: {change}"
        assert not accepts(reader, change.witness), f"reader accepts the witness: {change}"
        assert pointer_parent_exists(change.witness, change.path), (
            f"witness is not a whole instance holding {change.path}: {change.witness!r}"
        )


def test_open_model_break_is_explained_with_a_witness_holding_the_new_name() -> None:
    result = _compare(FIXTURES / "PROPERTIES_COVERED" / "open_model_optional_added")
    (change,) = _problems(result)
    assert change.direction is Direction.BACKWARD and change.path == "/x"
    assert "open content model" in change.reason
    assert isinstance(change.witness, dict) and "x" in change.witness
    assert not isinstance(change.witness["x"], str)  # old data may hold a non-string 'x'


def test_unknown_changes_say_why() -> None:
    # a back-reference is beyond the automata: containment is not decided
    old = {"type": "string", "pattern": "^(a+)\\1$"}
    result = compare_schemas(old, {"type": "string", "pattern": "^a+$"})
    (unknown,) = [c for c in result.changes if c.compatible is Verdict.UNKNOWN]
    assert "cannot decide" in unknown.reason and "(a+)" in unknown.reason


REMOTE = {"type": "object", "properties": {"a": {"$ref": "https://example.com/a.json"}}}


@pytest.mark.parametrize("side", ["old", "new"])
def test_remote_ref_is_a_clear_error_and_never_a_network_call(
    side: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    local = {"type": "object"}
    pair = (REMOTE, local) if side == "old" else (local, REMOTE)
    with pytest.raises(SchemaResolutionError) as caught:
        compare_schemas(*pair)
    assert "https://example.com/a.json" in str(caught.value)
    assert "#/properties/a" in str(caught.value)
    assert caught.value.hint and "network" in caught.value.hint


def test_unresolvable_local_ref_is_a_clear_error() -> None:
    broken = {"type": "object", "properties": {"a": {"$ref": "#/definitions/missing"}}}
    with pytest.raises(SchemaResolutionError, match="#/definitions/missing"):
        compare_schemas({"type": "object"}, broken)


def test_invalid_schema_is_a_clear_error_naming_the_place() -> None:
    with pytest.raises(SchemaResolutionError, match="#/properties/a/type"):
        compare_schemas({"type": "object"}, {"type": "object", "properties": {"a": {"type": 5}}})
