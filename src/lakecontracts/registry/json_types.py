"""The JSON Schema type of a JSON value: one answer for every consumer (codegen, compat), and
the types a schema declares (codegen, lint).

Draft-07 counts any number with a zero fractional part as an ``integer`` (``1.0`` is an
integer), so ``1.0`` is "integer" here, as the runtime also normalises it to ``1``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def json_type(value: Any) -> str:
    """``null``, ``boolean``, ``integer``, ``number``, ``string``, ``array`` or ``object``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def declared_types(schema: Mapping[str, Any]) -> list[str]:
    """A schema's ``type`` as a list of names (empty when absent or malformed)."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []
