"""Staging models: every version of an event unioned into its Silver shape, plus schema.yml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from lakecontracts.codegen.dbt import tests
from lakecontracts.codegen.dbt.layout import (
    NUMERIC_KINDS,
    DbtLayout,
    SilverColumn,
    SourceTable,
    StagingModel,
)
from lakecontracts.codegen.dbt.sql import LOADED_AT_FIELD, cast, path_sql, quote, typed_null
from lakecontracts.codegen.dbt.text import doc
from lakecontracts.codegen.types import BIGINT, ColumnType

ALIAS = "bronze"
TIMESTAMP = ColumnType("timestamp")
STRING = ColumnType("string")


@dataclass(frozen=True)
class Lineage:
    """Columns every staging row carries besides the Silver shape."""

    name: str
    path: str
    type: ColumnType
    description: str


LINEAGE = (
    Lineage("_event_id", "meta.event_id", STRING, "meta.event_id of the bronze record."),
    Lineage("_event_v", "meta.v", BIGINT, "Contract version the row was read with."),
    Lineage("_ingested_at", LOADED_AT_FIELD, TIMESTAMP, "When ingest wrote the bronze record."),
    Lineage(
        "_occurred_at", "meta.occurred_at", TIMESTAMP, "meta.occurred_at, in UTC: Silver's dt."
    ),
)

_ENV = Environment(
    loader=PackageLoader("lakecontracts.codegen.dbt", "templates"),
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class _Part:
    source: str
    table: str
    select: list[tuple[str, str]]
    empty: list[tuple[str, str]]  # the same columns, typed NULLs: a version with no bronze yet


def model_sql(model: StagingModel, source: str) -> str:
    parts = [_Part(source, t.name, _select(model, t), _empty(model)) for t in model.tables]
    versions = "v" + ", v".join(str(t.event.v) for t in model.tables)
    return _ENV.get_template("staging.sql.j2").render(model=model, parts=parts, versions=versions)


def _select(model: StagingModel, table: SourceTable) -> list[tuple[str, str]]:
    v = table.event.v
    select = [
        (cast(path_sql(ALIAS, c.feeds[v].path) if v in c.feeds else "null", c.type), quote(c.name))
        for c in model.columns
    ]
    select += [(cast(path_sql(ALIAS, x.path), x.type), quote(x.name)) for x in LINEAGE]
    return select


def _empty(model: StagingModel) -> list[tuple[str, str]]:
    select = [(typed_null(c.type), quote(c.name)) for c in model.columns]
    return select + [(typed_null(x.type), quote(x.name)) for x in LINEAGE]


def models_document(layout: DbtLayout) -> Any:
    return {"version": 2, "models": [_model(m) for m in layout.models]}


def _model(model: StagingModel) -> dict[str, Any]:
    versions = [t.event.v for t in model.tables]
    entry: dict[str, Any] = {
        "name": model.name,
        "description": doc(
            f"{model.event} in the shape of Silver table {model.silver_table}: versions "
            f"{', '.join(map(str, versions))} unioned through their silver.columns mappings."
        ),
        "config": {
            "meta": {
                "event": model.event,
                "versions": versions,
                "silver_table": model.silver_table,
                "natural_key": list(model.natural_key),
                "references": dict(sorted(model.references.items())),
            }
        },
        "columns": [
            *(_column(c) for c in model.columns),
            *({"name": x.name, "description": x.description} for x in LINEAGE),
        ],
    }
    return entry


def _column(column: SilverColumn) -> dict[str, Any]:
    data_tests: list[tests.DataTest] = []
    if column.not_null:
        data_tests.append(tests.not_null())
    values = tests.enum_values(column.enum)
    if values:
        data_tests.append(tests.accepted_values(values))
    newest = column.feeds[max(column.feeds)].schema
    bounds = tests.value_range(newest)
    if bounds is not None and column.type.kind in NUMERIC_KINDS:
        data_tests.append(bounds)
    matches = tests.pattern(newest) if column.type.kind == "string" else None
    if matches is not None:
        data_tests.append(matches)
    entry: dict[str, Any] = {"name": column.name, "description": doc(column.description)}
    if data_tests:
        entry["data_tests"] = data_tests
    return entry
