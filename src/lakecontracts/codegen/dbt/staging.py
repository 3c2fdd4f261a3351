"""Staging models: every version of an event unioned into its Silver shape, plus schema.yml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from lakecontracts.codegen.dbt import tests
from lakecontracts.codegen.dbt.layout import DbtLayout, SilverColumn, SourceTable, StagingModel
from lakecontracts.codegen.dbt.sql import LOADED_AT_FIELD, cast, path_sql, quote
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


def model_sql(model: StagingModel, source: str) -> str:
    parts = [_Part(source, t.name, _select(model, t)) for t in model.tables]
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


def models_document(layout: DbtLayout) -> Any:
    return {"version": 2, "models": [_model(layout, m) for m in layout.models]}


def _model(layout: DbtLayout, model: StagingModel) -> dict[str, Any]:
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
            *(_column(layout, model, c) for c in model.columns),
            *({"name": x.name, "description": x.description} for x in LINEAGE),
        ],
    }
    if len(model.natural_key) > 1:
        key = "(" + ", ".join(quote(name) for name in model.natural_key) + ")"
        entry["data_tests"] = [tests.unique_combination(key)]
    return entry


def _column(layout: DbtLayout, model: StagingModel, column: SilverColumn) -> dict[str, Any]:
    data_tests: list[tests.DataTest] = []
    if column.not_null:
        data_tests.append(tests.not_null())
    if model.natural_key == (column.name,):
        data_tests.append(tests.unique())
    values = tests.enum_values(column.enum)
    if values:
        data_tests.append(tests.accepted_values(values))
    reference = _reference(layout, model.references.get(column.name))
    if reference is not None:
        data_tests.append(reference)
    entry: dict[str, Any] = {"name": column.name, "description": doc(column.description)}
    if data_tests:
        entry["data_tests"] = data_tests
    return entry


def _reference(layout: DbtLayout, target: str | None) -> tests.DataTest | None:
    """relationships against the one staging model feeding the referenced Silver table.

    A Silver table fed by no event of the registry (built elsewhere) or by several (no single
    model holds all its keys) cannot be checked here; the reference stays in the model's meta.
    """
    if target is None or "." not in target:
        return None
    table, field = target.split(".", 1)
    feeding = layout.models_feeding(table)
    if len(feeding) != 1 or all(c.name != field for c in feeding[0].columns):
        return None
    return tests.relationships(f"ref('{feeding[0].name}')", field)
