"""Check a YAML document against one of the bundled file-format schemas.

Both registry.yaml and contract files have a JSON Schema describing their shape
(``schemas/*.schema.json``). Violations come back as (path, message) pairs so callers can
attach positions from the YAML marks.
"""

from __future__ import annotations

import json
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


def structure_violations(data: Any, schema_name: str) -> list[tuple[JsonPath, str]]:
    """Every place ``data`` breaks the named file-format schema, in document order."""
    found: list[tuple[JsonPath, str]] = []
    for error in _validator(schema_name).iter_errors(data):
        path: JsonPath = tuple(error.absolute_path)
        found.append((path, _describe(error)))
    found.sort(key=lambda item: [str(p) for p in item[0]])
    return found


def _describe(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "the file"
    if error.validator == "additionalProperties":
        return f"unknown key in {where}: {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "required":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"
