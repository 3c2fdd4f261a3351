"""An event version's payload as a flat list of fields, for people to read (catalog, diffs).

Nested objects are flattened with dotted names (``device.os``); array items and map values
add ``[]`` and ``.*`` (``legs[].amount``). Types come from the shared mapping in its Athena
spelling, so the catalog shows exactly what the tables hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.codegen.types import ColumnType, TypeMapper
from lakecontracts.registry.resolved import ResolvedEvent
from lakecontracts.registry.tiers import field_pii, field_tier, tier_inherited

#: How a container's children are named: array items and map values.
CHILD_SUFFIX = {"array": "[]", "map": ".*"}


@dataclass(frozen=True)
class FieldRow:
    """One payload field with the facts the catalog shows and the diff compares."""

    name: str  # dotted path inside the payload
    type: str  # Athena spelling; nested structs shortened to ``struct`` (their fields follow)
    required: bool  # listed in its parent's ``required``
    nullable: bool  # the type admits null
    tier: str  # registry.tiers.field_tier: x-privacy-tier, else the event's tier
    tier_inherited: bool
    pii: str
    description: str
    enum: tuple[str, ...]  # allowed values in JSON spelling; empty when any value goes


def payload_fields(event: ResolvedEvent) -> list[FieldRow]:
    """Every field of the payload, parents before their children, in declared order."""
    walker = _Walker(TypeMapper(event.schema, event.event), event.contract.privacy_tier)
    return list(walker.object_fields(event.payload_schema, "", "payload"))


@dataclass(frozen=True)
class _Walker:
    mapper: TypeMapper
    event_tier: str

    def object_fields(self, schema: dict[str, Any], prefix: str, path: str) -> Iterator[FieldRow]:
        schema = self.mapper.deref(schema, path)
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return
        required = set(schema.get("required", []))
        for name, sub in properties.items():
            if isinstance(sub, dict):
                yield from self.field(f"{prefix}{name}", sub, f"{path}.{name}", name in required)

    def field(
        self, name: str, schema: dict[str, Any], path: str, required: bool
    ) -> Iterator[FieldRow]:
        node = self.mapper.deref(schema, path)
        column_type, nullable = self.mapper.type_of(node, path)
        yield FieldRow(
            name=name,
            type=display_type(column_type),
            required=required,
            nullable=nullable,
            tier=field_tier(node, self.event_tier),
            tier_inherited=tier_inherited(node),
            pii=field_pii(node),
            description=str(node.get("description", "")),
            enum=_allowed_values(node),
        )
        yield from self.children(name, node, column_type, path)

    def children(
        self, name: str, node: dict[str, Any], column_type: ColumnType, path: str
    ) -> Iterator[FieldRow]:
        """Fields inside a struct, also when it sits in arrays or maps (``legs[].amount``)."""
        while column_type.kind in CHILD_SUFFIX and column_type.element is not None:
            suffix = CHILD_SUFFIX[column_type.kind]
            inner = node.get("items" if column_type.kind == "array" else "additionalProperties")
            if not isinstance(inner, dict):
                return
            name, path = name + suffix, path + suffix
            node, column_type = self.mapper.deref(inner, path), column_type.element
        if column_type.kind == "struct":
            yield from self.object_fields(node, f"{name}.", path)


def display_type(column_type: ColumnType) -> str:
    """The Athena type, with struct members left out: the catalog lists them as fields."""
    return DIALECTS["athena"].type_sql(_shallow(column_type)).replace("struct<>", "struct")


def _shallow(column_type: ColumnType) -> ColumnType:
    if column_type.kind == "struct":
        return replace(column_type, fields=())
    if column_type.element is not None:
        return replace(column_type, element=_shallow(column_type.element))
    return column_type


def _allowed_values(node: dict[str, Any]) -> tuple[str, ...]:
    values = node.get("enum", [node["const"]] if "const" in node else [])
    if not isinstance(values, list):
        return ()
    return tuple(json.dumps(value, ensure_ascii=False, sort_keys=True) for value in values)
