"""An event version's payload as a flat list of fields, for people to read (catalog, diffs).

Nested objects are flattened with dotted names (``device.os``); array items and map values
add ``[]`` and ``.*`` (``legs[].amount``). Types come from the shared mapping in its Athena
spelling, so the catalog shows exactly what the tables hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.codegen.types import ColumnType, TypeMapper
from lakecontracts.registry.fields import FieldSite, walk_fields
from lakecontracts.registry.resolved import ResolvedEvent


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
    mapper = TypeMapper(event.schema, event.event)

    def deref(schema: dict[str, Any], name: str) -> dict[str, Any]:
        return mapper.deref(schema, f"payload.{name}" if name else "payload")

    sites = walk_fields(
        event.payload_schema, contract_tier=event.contract.privacy_tier, deref=deref
    )
    return [_row(mapper, site) for site in sites]


def _row(mapper: TypeMapper, site: FieldSite) -> FieldRow:
    column_type, nullable = mapper.type_of(site.schema, f"payload.{site.name}")
    return FieldRow(
        name=site.name,
        type=display_type(column_type),
        required=site.required,
        nullable=nullable,
        tier=site.tier,
        tier_inherited=site.tier_inherited,
        pii=site.pii,
        description=str(site.schema.get("description", "")),
        enum=_allowed_values(site.schema),
    )


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
