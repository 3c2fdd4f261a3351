"""The one mapping from resolved JSON Schema to column types, shared by every SQL target.

A JSON Schema becomes a dialect-neutral :class:`ColumnType`; each dialect renders it with
its own type table (see :mod:`lakecontracts.codegen.sql.dialects`). Constructs no column type can
express (mixed unions, open objects without a value schema, combinators) raise
:class:`UnsupportedSchemaError` naming the event and the JSON path: never a silent fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeGuard

from lakecontracts.errors import ContractsError
from lakecontracts.localref import follow_local, is_pointer_ref, local_target
from lakecontracts.registry.json_types import declared_types, json_type
from lakecontracts.registry.tiers import field_pii

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
DECIMAL_PRECISION = 38


class UnsupportedSchemaError(ContractsError):
    """A schema construct has no column type in the target."""


@dataclass(frozen=True)
class ColumnType:
    """A column type: a scalar kind, or array / struct / map of further types."""

    kind: str  # string|int|bigint|double|decimal|boolean|date|timestamp|array|struct|map
    element: ColumnType | None = None  # array element, map value
    fields: tuple[Column, ...] = ()  # struct fields, in declared order
    precision: int = 0
    scale: int = 0


@dataclass(frozen=True)
class Column:
    """A named column or struct field with its governance facts."""

    name: str
    type: ColumnType
    nullable: bool = True
    description: str = ""
    pii: str = "none"
    path: str = ""  # dotted source path, e.g. payload.amount_minor
    annotations: dict[str, Any] = field(default_factory=dict, compare=False)


STRING = ColumnType("string")
BIGINT = ColumnType("bigint")


class TypeMapper:
    """Maps the sub-schemas of one resolved event schema (with its definitions) to types."""

    def __init__(self, root: dict[str, Any], event: str) -> None:
        self.root = root
        self.event = event

    def fail(self, path: str, message: str) -> UnsupportedSchemaError:
        return UnsupportedSchemaError(
            f"{self.event}: {path or '(root)'}: {message}",
            hint="give the field one type (optionally nullable) that a column can hold",
        )

    def deref(self, schema: dict[str, Any], path: str) -> dict[str, Any]:
        target, ref = follow_local(self.root, schema)
        if target is not None:
            return target
        if (
            ref is not None
            and is_pointer_ref(ref)
            and not isinstance(local_target(self.root, ref), dict)
        ):
            raise self.fail(path, f"$ref {ref!r} does not resolve")
        raise self.fail(path, f"$ref {ref!r} cannot be mapped (remote or recursive)")

    def column(self, name: str, schema: dict[str, Any], path: str, required: bool) -> Column:
        schema = self.deref(schema, path)
        column_type, nullable = self.type_of(schema, path)
        return Column(
            name=name,
            type=column_type,
            nullable=nullable or not required,
            description=str(schema.get("description", "")),
            pii=field_pii(schema),
            path=path,
            annotations={k: v for k, v in schema.items() if str(k).startswith("x-")},
        )

    def type_of(self, schema: dict[str, Any], path: str) -> tuple[ColumnType, bool]:
        """The column type of ``schema`` and whether it admits null."""
        schema = self.deref(schema, path)
        for keyword in ("allOf", "anyOf", "oneOf", "not", "if"):
            if keyword in schema:
                raise self.fail(path, f"'{keyword}' has no column type")
        types = _declared_types(schema)
        nullable = "null" in types
        concrete = [t for t in types if t != "null"]
        if "number" in concrete and "integer" in concrete:
            concrete.remove("integer")
        if len(concrete) != 1:
            raise self.fail(
                path, f"type {types or '(none)'} is not one type (optionally with null)"
            )
        return self._scalar_or_nested(concrete[0], schema, path), nullable

    def _scalar_or_nested(self, kind: str, schema: dict[str, Any], path: str) -> ColumnType:
        if kind == "string":
            return {"date": ColumnType("date"), "date-time": ColumnType("timestamp")}.get(
                str(schema.get("format")), STRING
            )
        if kind == "integer":
            return _integer_type(schema)
        if kind == "number":
            return _number_type(schema)
        if kind == "boolean":
            return ColumnType("boolean")
        if kind == "array":
            items = schema.get("items")
            if not isinstance(items, dict):
                raise self.fail(path, "an array needs one 'items' schema")
            element, _ = self.type_of(items, f"{path}[]")
            return ColumnType("array", element=element)
        if kind == "object":
            return self._object_type(schema, path)
        raise self.fail(path, f"type {kind!r} has no column type")

    def _object_type(self, schema: dict[str, Any], path: str) -> ColumnType:
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        if isinstance(properties, dict) and properties:
            required = set(schema.get("required", []))
            fields = tuple(
                self.column(name, sub, f"{path}.{name}" if path else name, name in required)
                for name, sub in properties.items()
                if isinstance(sub, dict)
            )
            return ColumnType("struct", fields=fields)
        if isinstance(extra, dict):
            value, _ = self.type_of(extra, f"{path}.*")
            return ColumnType("map", element=value)
        raise self.fail(path, "an object without properties needs an additionalProperties schema")

    def columns(self, schema: dict[str, Any], prefix: str = "") -> list[Column]:
        """Top-level columns of an object schema (e.g. the envelope: meta, context, payload)."""
        schema = self.deref(schema, prefix)
        required = set(schema.get("required", []))
        return [
            self.column(name, sub, f"{prefix}.{name}" if prefix else name, name in required)
            for name, sub in schema.get("properties", {}).items()
            if isinstance(sub, dict)
        ]

    def at_path(self, dotted: str) -> Column:
        """The column for a dotted path into the root object (``payload.amount_minor``)."""
        schema: dict[str, Any] = self.root
        required = True
        parts = dotted.split(".")
        for index, part in enumerate(parts):
            schema = self.deref(schema, ".".join(parts[:index]))
            properties = schema.get("properties", {})
            if not isinstance(properties, dict) or not isinstance(properties.get(part), dict):
                raise self.fail(dotted, "path does not exist in the schema")
            required = required and part in schema.get("required", [])
            schema = properties[part]
        return self.column(parts[-1], schema, dotted, required)


def _declared_types(schema: dict[str, Any]) -> list[str]:
    """The declared types, else those of the ``enum`` / ``const`` values."""
    if isinstance(schema.get("type"), str | list):
        return declared_types(schema)
    values = schema.get("enum", [schema["const"]] if "const" in schema else [])
    return sorted({json_type(v) for v in values})


def _integer_type(schema: dict[str, Any]) -> ColumnType:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if _is_number(low) and _is_number(high) and low >= INT32_MIN and high <= INT32_MAX:
        return ColumnType("int")
    return BIGINT


def _number_type(schema: dict[str, Any]) -> ColumnType:
    """double, or decimal(38, s) when multipleOf is a power-of-ten step such as 0.01."""
    step = schema.get("multipleOf")
    if _is_number(step) and 0 < step < 1:
        exponent = Decimal(str(step)).normalize().as_tuple()
        if exponent.digits == (1,) and isinstance(exponent.exponent, int):
            return ColumnType("decimal", precision=DECIMAL_PRECISION, scale=-exponent.exponent)
    return ColumnType("double")


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
