"""Check a YAML document against one of the bundled file-format schemas.

Both registry.yaml and contract files have a JSON Schema describing their shape
(``schemas/*.schema.json``). Violations come back as (path, message) pairs so callers can
attach positions from the YAML marks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lakecontracts.registry.yamlsource import JsonPath


@cache
def bundled_schema(name: str) -> dict[str, Any]:
    """Load ``schemas/<name>.schema.json`` shipped with the package."""
    text = resources.files("lakecontracts.registry").joinpath(f"schemas/{name}.schema.json")
    data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return data


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft7Validator, FormatChecker

    return Draft7Validator(bundled_schema(name), format_checker=FormatChecker(["date"]))


@dataclass(frozen=True)
class Violation:
    """One place a file breaks its format; ``at_key`` points at a mapping key."""

    path: JsonPath
    message: str
    at_key: bool = False


@cache
def _fast_check(name: str) -> Any:
    import fastjsonschema

    return fastjsonschema.compile(bundled_schema(name), use_default=False)


def structure_violations(data: Any, schema_name: str) -> list[Violation]:
    """Every place ``data`` breaks the named file-format schema, in a stable order.

    A compiled fastjsonschema check answers the common case (valid) quickly; only an invalid
    document pays for jsonschema, which reports every error with its path.
    """
    import fastjsonschema

    floats = _integral_floats(data, schema_name)
    try:
        _fast_check(schema_name)(data)
        return floats
    except fastjsonschema.JsonSchemaException:
        pass
    found: list[Violation] = list(floats)
    for error in _validator(schema_name).iter_errors(data):
        found.extend(_describe(error))
    found.sort(key=lambda v: [str(p) for p in v.path])
    return found


#: Top-level keys that hold integers: JSON Schema counts 1.0 as an integer, contracts do not
#: (``v: 1.0`` would name artifacts ``__v1.0``).
INTEGER_KEYS = {"contract": ("v", "supersedes")}


def _integral_floats(data: Any, schema_name: str) -> list[Violation]:
    if not isinstance(data, dict):
        return []
    return [
        Violation(
            (key,),
            f"{key}: {data[key]!r} must be written as a whole number, e.g. "
            f"{int(data[key]) if data[key].is_integer() else 1}",
        )
        for key in INTEGER_KEYS.get(schema_name, ())
        if isinstance(data.get(key), float)
    ]


def _describe(error: Any) -> list[Violation]:
    path: JsonPath = tuple(error.absolute_path)
    where = "/".join(str(p) for p in path) or "the top level"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        return [
            Violation(
                (*path, key),
                f"unknown key '{key}' in {where}; allowed: {', '.join(allowed)}",
                at_key=True,
            )
            for key in error.instance
            if key not in allowed
        ]
    return [Violation(path, f"{where}: {error.message}")]
