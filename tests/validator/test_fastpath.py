"""The typed fast path: where it exists, that it only ever proves validity, and its limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from tests.codegen.validator_loading import load_validator

OBJECT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "n", "tags"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "n": {"type": "integer", "minimum": 0, "maximum": 9},
        "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
        "at": {"type": "string", "format": "date-time"},
        "kind": {"type": ["string", "null"], "enum": ["a", "b"]},
        "note": {"type": ["string", "null"], "maxLength": 3},
        "extra": {
            "type": "object",
            "properties": {"x": {"type": "boolean"}},
            "additionalProperties": {"type": "number", "exclusiveMaximum": 5},
        },
    },
}
VALID: dict[str, Any] = {"id": "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3b", "n": 3, "tags": ["x"]}


@pytest.mark.parametrize(
    ("change", "fast", "valid"),
    [
        ({}, True, True),
        ({"at": "2025-06-14T09:31:07Z", "note": None}, True, True),
        ({"n": 3.0}, False, True),  # an integral float is an integer
        ({"n": True}, False, False),
        ({"n": 10}, False, False),
        ({"kind": None}, False, False),  # the type allows null, the enum does not
        ({"kind": "b"}, True, True),
        ({"note": "long"}, False, False),
        ({"tags": ["x", "x"]}, False, False),
        ({"id": "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3é"}, False, False),
        ({"id": "0B7A4C7E-3F1D-4C55-9A4B-7D2E8F6A1C3B"}, False, True),  # upper case: full check
        ({"extra": {"x": False, "y": 4.5}}, True, True),
        ({"extra": {"x": 1}}, False, False),
        ({"extra": {"y": 5}}, False, False),
        ({"other": 1}, False, False),
    ],
)
def test_fast_path_verdicts(
    change: dict[str, Any], fast: bool, valid: bool, tmp_path: Path
) -> None:
    module = load_validator(OBJECT, tmp_path)
    instance = {**VALID, **change}
    reference = Draft7Validator(OBJECT, format_checker=FormatChecker()).is_valid(instance)
    assert reference is valid
    assert module._fast(instance) is fast
    assert module.is_valid(instance) is valid


def test_a_leap_second_is_left_to_the_full_check(tmp_path: Path) -> None:
    """Valid per the draft-7 suite (jsonschema's checker disagrees; see test_validators)."""
    module = load_validator(OBJECT, tmp_path)
    instance = {**VALID, "at": "1998-12-31T23:59:60Z"}
    assert module._fast(instance) is False
    assert module.is_valid(instance) is True


def test_a_missing_required_property_is_refused(tmp_path: Path) -> None:
    module = load_validator(OBJECT, tmp_path)
    for name in OBJECT["required"]:
        instance = {k: v for k, v in VALID.items() if k != name}
        assert module._fast(instance) is False
        assert module.is_valid(instance) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"type": "object", "properties": {"a": {"$ref": "#"}}},
        {"type": ["string", "integer"]},
        {"type": "number", "multipleOf": 2},
        {"type": "object", "patternProperties": {"^a": {"type": "string"}}},
    ],
)
def test_schemas_beyond_its_keywords_get_no_fast_path(schema: Any, tmp_path: Path) -> None:
    module = load_validator(schema, tmp_path)
    assert not hasattr(module, "_fast")
    assert module.is_valid("x") is Draft7Validator(schema).is_valid("x")


def test_fast_path_source_is_typed_for_mypyc(tmp_path: Path) -> None:
    module = load_validator(OBJECT, tmp_path)
    source = Path(str(module.__file__)).read_text()
    assert "def _fast(x0: object) -> bool:" in source
    assert "def is_valid(x0: object) -> bool:" in source
    assert ": Final = " in source
