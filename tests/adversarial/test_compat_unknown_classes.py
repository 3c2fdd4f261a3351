"""Classes of schema change that came back ``unknown`` on real schemas (#13 item 3): each is
now decided, a break by a witness the reference validator confirms, compatibility by proof."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.model import Direction
from lakecontracts.reporting.vocabulary import Verdict

DRAFT = "https://json-schema.org/draft/2020-12/schema"
YES, NO = Verdict.COMPATIBLE, Verdict.INCOMPATIBLE
INTS = {"type": "array", "contains": {"type": "integer"}}

CASES: dict[str, tuple[dict[str, Any], dict[str, Any], Verdict, Verdict]] = {
    "minContains raised": ({**INTS, "minContains": 1}, {**INTS, "minContains": 2}, NO, YES),
    "maxContains lowered": ({**INTS, "maxContains": 3}, {**INTS, "maxContains": 2}, NO, YES),
    "maxContains raised": ({**INTS, "maxContains": 2}, {**INTS, "maxContains": 3}, YES, NO),
    "unevaluatedProperties closes a partly open model": (
        {"type": "object", "properties": {"a": {}}, "patternProperties": {"^x_": {}}},
        {
            "type": "object",
            "properties": {"a": {}},
            "patternProperties": {"^x_": {}},
            "unevaluatedProperties": False,
        },
        NO,
        YES,
    ),
    "unevaluatedItems closes a tuple": (
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"type": "array", "prefixItems": [{"type": "string"}], "unevaluatedItems": False},
        NO,
        YES,
    ),
    "oneOf gains an overlapping branch": (
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]},
        NO,
        NO,
    ),
    "anyOf with an integer branch": (
        {"type": "number"},
        {"anyOf": [{"type": "integer"}, {"type": "number", "multipleOf": 0.5}]},
        NO,
        YES,
    ),
    "anyOf number narrowed to integer": (
        {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        {"anyOf": [{"type": "number"}, {"type": "string"}]},
        YES,
        NO,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_class_is_decided_and_witnesses_are_confirmed(name: str) -> None:
    old, new, backward, forward = CASES[name]
    old, new = {"$schema": DRAFT, **old}, {"$schema": DRAFT, **new}
    result = compare_schemas(old, new)
    assert (result.backward, result.forward) == (backward, forward), result.to_json()
    for change in result.changes:
        if change.compatible is not Verdict.INCOMPATIBLE:
            continue
        writer, reader = (old, new) if change.direction is Direction.BACKWARD else (new, old)
        assert Draft202012Validator(writer).is_valid(change.witness), change
        assert not Draft202012Validator(reader).is_valid(change.witness), change
