"""Types and value constraints that must map cleanly onto Athena columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.json_types import declared_types

JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "object", "array", "null"})
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}
_COMBINATORS = ("allOf", "anyOf", "oneOf", "$ref", "enum", "const")


def type_declared(ctx: LintContext) -> Iterator[Problem]:
    for site in ctx.properties:
        if "type" not in site.schema and not any(k in site.schema for k in _COMBINATORS):
            yield Problem(site.path, f"field '{site.key}' must declare a type", at_key=True)


def type_known(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        if "type" not in schema:
            continue
        declared = schema["type"]
        places = (
            [((*path, "type", i), v) for i, v in enumerate(declared)]
            if isinstance(declared, list)
            else [((*path, "type"), declared)]
        )
        for where, value in places:
            if not isinstance(value, str) or value not in JSON_TYPES:
                yield Problem(
                    where, f"unknown type {value!r}; use one of {', '.join(sorted(JSON_TYPES))}"
                )


def type_single_or_nullable(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        concrete = {t for t in declared_types(schema) if t in JSON_TYPES and t != "null"}
        if "number" in concrete:
            concrete.discard("integer")  # integer is a subset of number: still one column type
        if len(concrete) > 1:
            yield Problem(
                (*path, "type"),
                f"mixed-type union {sorted(concrete)} has no Athena column type; "
                "use one type (optionally with 'null')",
            )


def additional_properties_declared(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        if "object" in declared_types(schema) and "additionalProperties" not in schema:
            yield Problem(
                path,
                "object schema must declare additionalProperties (false for a closed model)",
            )


def array_items_declared(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        if "array" in declared_types(schema) and not isinstance(schema.get("items"), dict):
            where = (*path, "items") if "items" in schema else path
            yield Problem(where, "array schema must declare 'items' as one schema (a column type)")


def required_fields_defined(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        required = schema.get("required")
        props = schema.get("properties")
        if not isinstance(required, list):
            continue
        names = props if isinstance(props, dict) else {}
        for index, name in enumerate(required):
            if not isinstance(name, str):
                yield Problem((*path, "required", index), f"required entry {name!r} is not a name")
            elif name not in names and schema.get("additionalProperties") is not True:
                yield Problem(
                    (*path, "required", index), f"required field '{name}' is not in properties"
                )


def enum_non_empty(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        if "enum" in schema and (not isinstance(schema["enum"], list) or not schema["enum"]):
            yield Problem((*path, "enum"), "enum must list at least one value")


def enum_unique(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        seen: list[Any] = []
        for index, value in enumerate(values):
            if any(_same_json(value, other) for other in seen):
                yield Problem((*path, "enum", index), f"enum value {value!r} is listed twice")
            seen.append(value)


def enum_matches_type(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        values = schema.get("enum")
        types = declared_types(schema)
        if not isinstance(values, list) or not types:
            continue
        for index, value in enumerate(values):
            if not any(_is_type(value, t) for t in types):
                yield Problem(
                    (*path, "enum", index),
                    f"enum value {value!r} is not of the declared type {'/'.join(types)}",
                )


def numeric_bounds_ordered(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        low_key = "minimum" if "minimum" in schema else "exclusiveMinimum"
        high_key = "maximum" if "maximum" in schema else "exclusiveMaximum"
        low, high = _number(schema.get(low_key)), _number(schema.get(high_key))
        if low is not None and high is not None and low > high:
            yield Problem(
                (*path, low_key),
                f"{low_key} {low} is greater than {high_key} {high}: nothing is valid",
            )


def length_bounds_ordered(ctx: LintContext) -> Iterator[Problem]:
    pairs = (
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    )
    for path, schema in ctx.schemas:
        for low_key, high_key in pairs:
            low, high = _number(schema.get(low_key)), _number(schema.get(high_key))
            if low is not None and high is not None and low > high:
                yield Problem(
                    (*path, low_key), f"{low_key} {low} is greater than {high_key} {high}"
                )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _is_type(value: Any, type_name: str) -> bool:
    if type_name == "null":
        return value is None
    if isinstance(value, bool) and type_name != "boolean":
        return False
    if type_name == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _PYTHON_TYPES.get(type_name, ()))


def _same_json(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)
