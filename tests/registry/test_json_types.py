"""One answer to "what JSON type is this value" for codegen and compat (#11)."""

from __future__ import annotations

from typing import Any

import pytest

from lakecontracts.codegen.types import _declared_types
from lakecontracts.registry.json_types import json_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "boolean"),
        (1, "integer"),
        (1.0, "integer"),
        (-0.0, "integer"),
        (1.5, "number"),
        ("1", "string"),
        ([], "array"),
        ({}, "object"),
    ],
)
def test_json_type_follows_draft_07(value: Any, expected: str) -> None:
    assert json_type(value) == expected


def test_codegen_infers_an_integral_float_enum_as_integer_like_compat() -> None:
    assert _declared_types({"enum": [1.0, 2]}) == ["integer"]
