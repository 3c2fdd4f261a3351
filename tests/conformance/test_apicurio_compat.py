"""The 145 labelled schema pairs of Apicurio Registry's JSON Schema compatibility tests.

Labels: "backward" (the updated schema reads data of the original), "both" (and vice versa),
"none". Our verdicts are semantic and proven; where they differ from a label, the pair is
listed in docs/compat/apicurio-disagreements.md with the reason, and this file checks the
witness or the proof that shows ours is right. ``unknown`` counts as disagreement: a pair
agrees only when the verdicts its label needs are decided and equal to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.content import asserting
from lakecontracts.compat.model import CompatResult
from lakecontracts.reporting.vocabulary import Verdict
from tests.conftest import REPO_ROOT, corpus_missing, shared_dir

DATA = shared_dir() / "conformance" / "apicurio-compatibility" / "compatibility-test-data.json"
DISAGREEMENTS_DOC = REPO_ROOT / "docs" / "compat" / "apicurio-disagreements.md"

#: Pairs where the label is wrong; the value says how our verdict is shown to be right.
KNOWN_DISAGREEMENTS = {
    "Const": "both schemas accept nothing (a string must equal an array), so each reads the other",
    "Complex: oneOf 1": "witness: 6-character string matches one original branch, two updated",
    "Complex: oneOf 3": "witness: empty string matches both updated branches",
    "String: pattern 1": "proof: '[a-z]*' matches the empty string: re.search accepts every string",
    "String: pattern 2": "proof: '[a-z]*' and '[A-Z]*' both match every string (empty match)",
    "Conditional: if": "proof: then and else patterns match every string; the if does not matter",
    "Conditional: then": "proof: the then pattern '[a-z]*' matches every string",
    "Conditional: else": "proof: the else pattern '[A-Z]*' matches every string",
    "Complex: anyOf 1": "proof by cases: strings meet {type: string}, other types {maxLength: n}",
}
#: Pairs whose label disagrees because a pattern that matches the empty string was read as a
#: restriction: checked below with re itself.
UNIVERSAL_PATTERN_PAIRS = (
    "String: pattern 1",
    "String: pattern 2",
    "Conditional: if",
    "Conditional: then",
    "Conditional: else",
)


def _tests() -> list[dict[str, Any]]:
    if not DATA.is_file():
        pytest.skip(corpus_missing("apicurio-compatibility", DATA))
    tests: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))["tests"]
    return tests


def _label(result: CompatResult) -> str | None:
    """The Apicurio label our verdicts give, or None when a verdict it needs is unknown."""
    if result.backward is Verdict.INCOMPATIBLE:
        return "none"
    if result.backward is Verdict.COMPATIBLE and result.forward is Verdict.COMPATIBLE:
        return "both"
    if result.backward is Verdict.COMPATIBLE and result.forward is Verdict.INCOMPATIBLE:
        return "backward"
    return None


def _accepts(schema: Any, instance: Any) -> bool:
    """jsonschema's validator for the schema's draft, content keywords asserted."""
    cls = asserting(validator_for(schema))
    return bool(cls(schema, format_checker=FormatChecker()).is_valid(instance))


def test_agreement_counts_unknown_against_and_disagreements_are_documented() -> None:
    tests = _tests()
    disagreements, unknown = {}, 0
    for case in tests:
        result = compare_schemas(case["original"], case["updated"])
        unknown += Verdict.UNKNOWN in (result.backward, result.forward)
        label = _label(result)
        if label != case["compatibility"]:
            disagreements[(case["id"], case["compatibility"])] = label
    assert None not in disagreements.values(), disagreements  # no label-deciding unknown
    assert unknown / len(tests) < 0.02, unknown
    assert {case_id for case_id, _ in disagreements} <= set(KNOWN_DISAGREEMENTS), disagreements
    assert 1 - len(disagreements) / len(tests) >= 0.93  # against the labels as published
    doc = DISAGREEMENTS_DOC.read_text(encoding="utf-8")
    for case_id, label in disagreements:
        assert f"`{case_id}`" in doc, f"{case_id} ({label}) is not explained in {DISAGREEMENTS_DOC}"


@pytest.mark.parametrize("case_id", UNIVERSAL_PATTERN_PAIRS)
def test_pattern_labels_are_refuted_by_patterns_that_match_every_string(case_id: str) -> None:
    case = next(c for c in _tests() if c["id"] == case_id)
    patterns = {m.group(1) for m in re.finditer(r'"pattern": "([^"]*)"', json.dumps(case))}
    assert patterns
    for pattern in patterns:
        assert re.search(pattern, "") is not None  # an empty match: every string contains one
        for probe in ["", "\n", "ABC", "abc", "0-9", "\u00e9"]:
            assert _accepts({"type": "string", "pattern": pattern}, probe)
    assert _label(compare_schemas(case["original"], case["updated"])) == "both"


def test_any_of_label_is_refuted_by_cases() -> None:
    case = next(c for c in _tests() if c["id"] == "Complex: anyOf 1")
    for schema in (case["original"], case["updated"]):
        for probe in ["", "x" * 20, 0, 1.5, None, True, [], {}, [1] * 20]:
            assert _accepts(schema, probe)
    assert _label(compare_schemas(case["original"], case["updated"])) == "both"


def test_every_reported_witness_is_confirmed_by_the_reference_validator() -> None:
    checked = 0
    for case in _tests():
        result = compare_schemas(case["original"], case["updated"])
        for change in result.changes:
            body = change.to_json()
            if "witness" not in body:
                continue
            writer, reader = (
                (case["original"], case["updated"])
                if change.direction == "backward"
                else (case["updated"], case["original"])
            )
            assert _accepts(writer, body["witness"]), (case["id"], body)
            assert not _accepts(reader, body["witness"]), (case["id"], body)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("case_id", ["Complex: oneOf 1", "Complex: oneOf 3"])
def test_disagreeing_oneof_labels_are_refuted_by_a_witness(case_id: str) -> None:
    case = next(c for c in _tests() if c["id"] == case_id and c["compatibility"] == "backward")
    result = compare_schemas(case["original"], case["updated"])
    assert result.backward is Verdict.INCOMPATIBLE
    witness = next(
        c.witness
        for c in result.changes
        if c.direction == "backward" and c.compatible is Verdict.INCOMPATIBLE
    )
    assert _accepts(case["original"], witness)
    assert not _accepts(case["updated"], witness)


def test_unsatisfiable_const_pair_accepts_nothing() -> None:
    case = next(c for c in _tests() if c["id"] == "Const" and c["compatibility"] == "none")
    for schema in (case["original"], case["updated"]):
        assert schema["type"] == "string" and isinstance(schema["const"], list)
        for probe in ["", "π", "3.141592653589793238462643383279", schema["const"], 0, None]:
            assert not _accepts(schema, probe)
    assert _label(compare_schemas(case["original"], case["updated"])) == "both"


def test_comparisons_never_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for case in _tests():
        compare_schemas(case["original"], case["updated"])


if __name__ == "__main__":  # pragma: no cover - a helper to regenerate the doc's table
    for case in _tests():
        r = compare_schemas(case["original"], case["updated"])
        print(case["id"], case["compatibility"], _label(r), Path(DATA).name)
