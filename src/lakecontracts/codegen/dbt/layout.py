"""What the dbt target generates, decided once: source tables, staging models, Silver columns.

Every non-draft event version is a bronze source table; every event whose versions map into
Silver gets one staging model that unions those versions. A Silver column's type is the one
of the newest version feeding it (older versions are cast to it); versions that do not feed
a column select NULL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lakecontracts.codegen.types import Column, ColumnType, TypeMapper, UnsupportedSchemaError
from lakecontracts.registry.fields import PROPERTIES, walk_fields
from lakecontracts.registry.naming import versioned_name
from lakecontracts.registry.resolved import ResolvedEvent

#: Statuses whose data can be in bronze: drafts never reach production.
BRONZE_STATUSES = ("active", "deprecated", "retired")
#: Kinds a Silver column may change between versions without breaking the cast.
NUMERIC_KINDS = frozenset({"int", "bigint", "double", "decimal"})


@dataclass(frozen=True)
class Leaf:
    """A field of the envelope reachable by a dotted path through structs."""

    path: str
    schema: dict[str, Any]
    column: Column
    required: bool  # required at every level from the root

    @property
    def enum(self) -> tuple[Any, ...]:
        values = self.schema.get("enum", [])
        return tuple(v for v in values if v is not None) if isinstance(values, list) else ()


@dataclass(frozen=True)
class SourceTable:
    """One event version as a bronze source table."""

    event: ResolvedEvent
    name: str  # booking__leg_created__v2
    leaves: dict[str, Leaf]


@dataclass(frozen=True)
class SilverColumn:
    """A Silver column of a staging model and, per version, the path that feeds it."""

    name: str
    type: ColumnType
    description: str
    feeds: dict[int, Leaf]  # version -> source leaf
    not_null: bool
    enum: tuple[Any, ...]


@dataclass(frozen=True)
class StagingModel:
    """The staging model of one event: every version with a Silver mapping, unioned."""

    event: str
    name: str  # stg_booking__leg_created
    silver_table: str
    tables: tuple[SourceTable, ...]  # oldest first
    columns: tuple[SilverColumn, ...]
    natural_key: tuple[str, ...]
    references: dict[str, str]


@dataclass(frozen=True)
class DbtLayout:
    sources: tuple[SourceTable, ...]
    models: tuple[StagingModel, ...]

    def models_feeding(self, silver_table: str) -> list[StagingModel]:
        return [m for m in self.models if m.silver_table == silver_table]


def source_table_name(event: str, v: int) -> str:
    """The dbt source table of an event version: the bronze table's name."""
    return versioned_name(event, v)


def staging_model_name(event: str) -> str:
    return f"stg_{event.replace('.', '__')}"


def build_layout(events: list[ResolvedEvent]) -> DbtLayout:
    sources = tuple(
        SourceTable(e, source_table_name(e.event, e.v), _leaves(e))
        for e in events
        if e.contract.status in BRONZE_STATUSES
    )
    by_event: dict[str, list[SourceTable]] = {}
    for table in sources:
        if table.event.contract.silver is not None:
            by_event.setdefault(table.event.event, []).append(table)
    models = tuple(_staging_model(name, tables) for name, tables in sorted(by_event.items()))
    return DbtLayout(sources, models)


def _leaves(event: ResolvedEvent) -> dict[str, Leaf]:
    """Every property of the envelope reachable through objects with properties."""
    mapper = TypeMapper(event.schema, event.event)
    sites = walk_fields(event.schema, into=PROPERTIES, deref=mapper.deref)
    return {
        site.name: Leaf(
            site.name,
            site.schema,
            mapper.column(site.key, site.schema, site.name, site.always),
            site.always,
        )
        for site in sites
    }


def _staging_model(event: str, tables: list[SourceTable]) -> StagingModel:
    newest = tables[-1].event.contract.silver
    assert newest is not None  # only versions with a Silver mapping are grouped
    names: list[str] = []
    for table in reversed(tables):  # newest version's column order first
        silver = table.event.contract.silver
        assert silver is not None
        names += [n for n in silver.columns if n not in names]
    references: dict[str, str] = {}
    for table in tables:  # newer versions override older ones
        assert table.event.contract.silver is not None
        references.update(table.event.contract.silver.references)
    return StagingModel(
        event=event,
        name=staging_model_name(event),
        silver_table=newest.table,
        tables=tuple(tables),
        columns=tuple(_silver_column(name, tables, newest.natural_key) for name in names),
        natural_key=newest.natural_key,
        references=references,
    )


def _silver_column(name: str, tables: list[SourceTable], key: tuple[str, ...]) -> SilverColumn:
    feeds = {t.event.v: _feeding_leaf(t, name) for t in tables if _maps(t, name)}
    newest = feeds[max(feeds)]
    for v, leaf in feeds.items():
        _check_castable(tables[0].event.event, name, v, leaf, newest)
    enum: list[Any] = []
    for v in sorted(feeds, reverse=True):
        enum += [value for value in feeds[v].enum if value not in enum]
    fed_by_all = len(feeds) == len(tables)
    never_null = all(leaf.required and not leaf.column.nullable for leaf in feeds.values())
    return SilverColumn(
        name=name,
        type=newest.column.type,
        description=newest.column.description,
        feeds=feeds,
        not_null=name in key or (fed_by_all and never_null),
        enum=tuple(enum),
    )


def _maps(table: SourceTable, name: str) -> bool:
    silver = table.event.contract.silver
    return silver is not None and name in silver.columns


def _feeding_leaf(table: SourceTable, name: str) -> Leaf:
    silver = table.event.contract.silver
    assert silver is not None
    path = silver.columns[name]
    leaf = table.leaves.get(path)
    if leaf is None:
        raise UnsupportedSchemaError(
            f"{table.event.contract.key}: silver.columns.{name}: path '{path}' is not a field "
            "reachable through objects with properties",
            hint="map the column to a field under meta, context or payload (not inside a map or "
            "array); `contracts lint` names the valid paths",
        )
    return leaf


def _check_castable(event: str, name: str, v: int, leaf: Leaf, newest: Leaf) -> None:
    old, new = leaf.column.type, newest.column.type
    if old == new or {old.kind, new.kind} <= NUMERIC_KINDS:
        return
    raise UnsupportedSchemaError(
        f"{event}@{v}: silver column '{name}' is {old.kind} but the newest version feeding it "
        f"makes it {new.kind}",
        hint="keep a Silver column's type across versions (only numeric widening is allowed), "
        "or map the new meaning to a new column",
    )
