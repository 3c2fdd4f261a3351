"""Fused string checks: which regexes may fuse, and that fused validators stay exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from lakecontracts.validator import fusion, grammar
from lakecontracts.validator.compile import compile_module
from tests.codegen.validator_loading import load_validator


@pytest.mark.parametrize(
    ("regex", "safe"),
    [
        (grammar.UUID, True),
        (grammar.DATE_TIME, True),
        ("u-[0-9a-z]{6,40}", True),
        ("(?:ab|c\\d)+?x", True),
        ("[^a]", False),  # a negated class matches NUL
        ("[\\x00-\\x1f]", False),
        ("\\x00", False),
        (".", False),
        ("a(?=b)", False),  # a lookahead would see the next value
        ("a\\b", False),
        ("(?i)a", False),  # flags would spread to every piece
        ("(?P<n>a)(?P=n)", False),  # names and backreferences clash when joined
        ("[\\W]", False),
    ],
)
def test_separator_safety(regex: str, safe: bool) -> None:
    assert fusion.separator_safe(regex) is safe


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "at", "code"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "at": {"type": "string", "format": "date-time"},
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "day": {"type": "string", "format": "date"},
        "user": {"type": ["string", "null"], "pattern": "^u-[0-9a-z]{2,4}$"},
    },
}
VALID: dict[str, Any] = {
    "id": "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3b",
    "at": "2025-06-14T09:31:07Z",
    "code": "EUR",
}


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"day": "2024-02-29"},
        {"day": "2023-02-29"},
        {"user": None},
        {"user": "u-ab"},
        {"user": "u-a"},
        {"user": 1},
        {"code": "EUR\x00"},  # the separator inside a value
        {"code": "EU", "at": "R\x002025-06-14T09:31:07Z"},  # same joined text as valid
        {"code": 3},
        {"at": "1998-12-31T23:59:60Z"},  # leap second: decided by the per-value check
        {"at": "1998-12-31T23:58:60Z"},
        {"id": None},
    ],
)
def test_fused_validator_agrees_with_the_reference(change: dict[str, Any], tmp_path: Path) -> None:
    instance = {**VALID, **change}
    module = load_validator(SCHEMA, tmp_path)
    reference = Draft7Validator(SCHEMA, format_checker=FormatChecker()).is_valid(instance)
    leap = change.get("at") == "1998-12-31T23:59:60Z"  # the reference refuses leap seconds
    assert module.is_valid(instance) is (reference or leap)
    assert (module.validate(instance) == []) is module.is_valid(instance)


def test_fused_check_is_emitted() -> None:
    text = compile_module(SCHEMA, "t", {})
    assert "'\\x00'.join((" in text
    assert "{None: 'u-00'}.get" in text  # null and missing read as a witness the piece accepts
