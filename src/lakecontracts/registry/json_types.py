"""The JSON Schema type of a JSON value: one answer for every consumer (codegen, compat).

Draft-07 counts any number with a zero fractional part as an ``integer`` (``1.0`` is an
integer), so ``1.0`` is "integer" here, as the runtime also normalises it to ``1``."""

from __future__ import annotations

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
