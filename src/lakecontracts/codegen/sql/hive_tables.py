"""Tables as the Hive metastore and the Glue Data Catalog hold them: what Athena DDL and Glue
TableInput both render, so the two cannot drift.

Which tables exist, their names, databases, locations and columns come from
:mod:`lakecontracts.codegen.governed_tables` (the same tables access control tags); this module
adds what a catalog needs besides: the storage format (SerDe, input/output format), partition
keys, table parameters (partition projection for bronze) and the column types as the catalog
spells them.

**Timestamps and dates stay ``string`` in bronze.** Bronze holds the record exactly as ingest
wrote it, and JSON has no timestamp type: the JSON SerDes parse timestamps from strings only
in their own formats (OpenX: ``yyyy-MM-dd HH:mm:ss[.f]`` or epoch numbers unless a
``timestamp.formats`` list is configured; Hive's SerDe: the same without that option). RFC 3339
values (``2026-01-02T03:04:05Z``, ``...05.123+02:00``) vary in fraction width and offset, so a
single pattern list either rejects valid values, making the whole query fail, or silently
turns them into NULL. A ``string`` column cannot fail and keeps the exact bytes, and
Silver/staging cast once, where the cast is visible and tested
(``from_iso8601_timestamp`` in Athena, ``CAST(... AS TIMESTAMP)`` in Spark). ``format: date``
values follow the same rule so bronze has one simple principle: JSON strings are strings.
Silver Parquet tables carry the real ``timestamp``/``date`` types from the shared mapping.

Several contract versions can feed one Silver table. Their mapped columns must agree on the
type: a disagreement (say ``amount`` was ``bigint`` in v1 and ``double`` in v2) is an error
naming the table, the column and every version's path, never a silent pick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from lakecontracts.codegen.governed_tables import (
    GovernedColumn,
    GovernedTable,
    governed_tables,
)
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.sql.dialects import AthenaDDL
from lakecontracts.codegen.types import STRING, ColumnType, TypeMapper, UnsupportedSchemaError
from lakecontracts.errors import ContractsError
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.resolved import ResolvedEvent

#: Glue limits a column comment to 255 characters; DDL uses the same text so both agree.
COMMENT_LIMIT = 255
#: Glue limits a table description to 2048 characters.
DESCRIPTION_LIMIT = 2048
#: First day partition projection enumerates. Bronze is append-only and older data may be
#: backfilled, so the range starts well before the registry existed and ends at NOW.
PROJECTION_START = "2020-01-01"
#: Kinds that bronze keeps as JSON strings (see the module docstring).
BRONZE_STRING_KINDS = frozenset({"timestamp", "date"})


class SilverColumnConflictError(ContractsError):
    """Two contract versions feed one Silver column with different types."""


@dataclass(frozen=True)
class StorageFormat:
    """How the files under a table's location are read and written."""

    serde: str
    input_format: str
    output_format: str
    serde_parameters: tuple[tuple[str, str], ...]
    classification: str


JSON_LINES = StorageFormat(
    serde="org.openx.data.jsonserde.JsonSerDe",
    input_format="org.apache.hadoop.mapred.TextInputFormat",
    output_format="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    # A malformed line in immutable bronze is corruption: fail the query, do not hide it.
    serde_parameters=(("ignore.malformed.json", "false"),),
    classification="json",
)
PARQUET = StorageFormat(
    serde="org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    input_format="org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    output_format="org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serde_parameters=(("serialization.format", "1"),),
    classification="parquet",
)
STORAGE_BY_LAYER: dict[str, StorageFormat] = {"bronze": JSON_LINES, "silver": PARQUET}


@dataclass(frozen=True)
class HiveColumn:
    """A catalog column: lowercase name, type and a one-line comment."""

    name: str
    type: ColumnType
    comment: str


@dataclass(frozen=True)
class HiveTable:
    """One external table of the catalog."""

    layer: str
    database: str
    name: str
    description: str
    columns: tuple[HiveColumn, ...]
    partition_keys: tuple[HiveColumn, ...]
    storage: StorageFormat
    location: str
    parameters: tuple[tuple[str, str], ...]  # sorted by key
    sources: tuple[str, ...]  # event@v keys

    @property
    def path(self) -> str:
        """``<database>/<table>``: where the target files of this table go."""
        return f"{self.database}/{self.name}"


class CatalogTypes(AthenaDDL):
    """Type strings as the catalog stores them: struct field names lowercase, unquoted."""

    name = "hive-catalog"

    def quote_field(self, name: str) -> str:
        return name.lower()


CATALOG_TYPES = CatalogTypes()


def one_line(text: str, limit: int) -> str:
    """Whitespace and control characters (NUL, line separators: Glue's comment pattern
    refuses them) collapsed to single spaces, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def bronze_type(column_type: ColumnType) -> ColumnType:
    """``column_type`` with every timestamp/date, however nested, kept as a JSON string."""
    if column_type.kind in BRONZE_STRING_KINDS:
        return STRING
    return replace(
        column_type,
        element=bronze_type(column_type.element) if column_type.element else None,
        fields=tuple(replace(f, type=bronze_type(f.type)) for f in column_type.fields),
    )


def check_silver_types(events: Iterable[ResolvedEvent]) -> None:
    """Fail when versions feeding one Silver column disagree on its type (or cannot map it)."""
    seen: dict[tuple[str, str], list[tuple[ResolvedEvent, str, str]]] = {}
    for event in events:
        silver = event.contract.silver
        if silver is None:
            continue
        mapper = TypeMapper(event.schema, event.contract.key)
        for column, path in silver.columns.items():
            spelled = CATALOG_TYPES.type_sql(_mapped_type(event, mapper, column, path))
            seen.setdefault((silver.table, column), []).append((event, path, spelled))
    for (table, column), feeds in sorted(seen.items()):
        if len({spelled for _event, _path, spelled in feeds}) > 1:
            raise _conflict(table, column, feeds)


def _mapped_type(event: ResolvedEvent, mapper: TypeMapper, column: str, path: str) -> ColumnType:
    try:
        return mapper.at_path(path).type
    except UnsupportedSchemaError as error:
        raise UnsupportedSchemaError(
            f"Silver column {column!r}: {error.message}",
            location=event.contract.document.location(("silver", "columns", column)),
            hint=error.hint,
        ) from None


def _conflict(
    table: str, column: str, feeds: list[tuple[ResolvedEvent, str, str]]
) -> SilverColumnConflictError:
    newest = max(feeds, key=lambda feed: feed[0].v)[0]
    versions = "; ".join(f"{e.contract.key} {path} is {spelled}" for e, path, spelled in feeds)
    return SilverColumnConflictError(
        f"Silver table {table!r} column {column!r} has different types across versions: {versions}",
        location=newest.contract.document.location(("silver", "columns", column)),
        hint="map the column from fields of one type in every version, or give it a new name",
    )


def hive_tables(config: RegistryConfig, events: list[ResolvedEvent]) -> list[HiveTable]:
    """Every bronze and Silver table of the registry, bronze first, each layer by name."""
    check_silver_types(events)
    by_key = {event.contract.key: event for event in events}
    return [_hive_table(table, by_key) for table in governed_tables(config, events)]


def _hive_table(table: GovernedTable, by_key: dict[str, ResolvedEvent]) -> HiveTable:
    sources = [by_key[key] for key in table.sources]
    storage = STORAGE_BY_LAYER[table.layer]
    parameters = {
        "classification": storage.classification,
        "contract.sources": ",".join(table.sources),
        **PARAMETERS_BY_LAYER[table.layer](table, sources),
    }
    return HiveTable(
        layer=table.layer,
        database=table.database.lower(),
        name=table.name.lower(),
        description=one_line(DESCRIPTIONS_BY_LAYER[table.layer](table, sources), DESCRIPTION_LIMIT),
        columns=tuple(_column(c, table.layer) for c in table.columns if not c.partition),
        partition_keys=tuple(_column(c, table.layer) for c in table.columns if c.partition),
        storage=storage,
        location=table.location,
        parameters=tuple(sorted(parameters.items())),
        sources=table.sources,
    )


def _column(column: GovernedColumn, layer: str) -> HiveColumn:
    return HiveColumn(
        column.name.lower(),
        TYPES_BY_LAYER[layer](column.column.type),
        one_line(column.column.description, COMMENT_LIMIT),
    )


def _bronze_parameters(table: GovernedTable, sources: list[ResolvedEvent]) -> dict[str, str]:
    return {
        "projection.enabled": "true",
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy-MM-dd",
        "projection.dt.range": f"{PROJECTION_START},NOW",
        "projection.dt.interval": "1",
        "projection.dt.interval.unit": "DAYS",
        "projection.hour.type": "integer",
        "projection.hour.range": "0,23",
        "projection.hour.digits": "2",
        "storage.location.template": f"{table.location}dt=${{dt}}/hour=${{hour}}/",
    }


def _silver_parameters(table: GovernedTable, sources: list[ResolvedEvent]) -> dict[str, str]:
    """Parquet written by the Silver models under ``<location>dt=YYYY-MM-DD/``, found by
    partition projection (no MSCK REPAIR, no Glue partitions to keep in step with dbt). The
    range ends a day after today: an event's date can run ahead of the clock that ingested it."""
    return {
        "parquet.compression": "SNAPPY",
        "projection.enabled": "true",
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy-MM-dd",
        "projection.dt.range": f"{PROJECTION_START},NOW+1DAYS",
        "projection.dt.interval": "1",
        "projection.dt.interval.unit": "DAYS",
        "storage.location.template": f"{table.location}dt=${{dt}}/",
    }


def _bronze_description(table: GovernedTable, sources: list[ResolvedEvent]) -> str:
    (event,) = sources
    return f"Bronze {event.contract.key} as ingested (NDJSON). {event.contract.description}"


def _silver_description(table: GovernedTable, sources: list[ResolvedEvent]) -> str:
    return f"Silver {table.name}, fed by {', '.join(table.sources)}."


TYPES_BY_LAYER: dict[str, Callable[[ColumnType], ColumnType]] = {
    "bronze": bronze_type,
    "silver": lambda column_type: column_type,
}
PARAMETERS_BY_LAYER: dict[str, Callable[[GovernedTable, list[ResolvedEvent]], dict[str, str]]] = {
    "bronze": _bronze_parameters,
    "silver": _silver_parameters,
}
DESCRIPTIONS_BY_LAYER: dict[str, Callable[[GovernedTable, list[ResolvedEvent]], str]] = {
    "bronze": _bronze_description,
    "silver": _silver_description,
}


def run_hive_tables(inp: GenerationInput) -> list[HiveTable]:
    """``hive_tables`` of the run's registry, built once for the targets that share it."""
    return list(inp.once("hive_tables", lambda: hive_tables(inp.registry.config, inp.events)))
