"""The SQL pieces the dbt target writes, per dbt adapter, from the shared type mapping.

Models stay adapter-neutral: they cast through ``{{ lakecontracts_type('<hive type>') }}`` and
read bronze instants through ``{{ lakecontracts_instant(expr) }}``; a generated macro file
dispatches both per adapter from the tables below, so adding an adapter is a row here, never a
branch. An adapter missing from a table fails at compile time, naming the adapters generated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import ClassVar

from lakecontracts.codegen.escape import sql_string
from lakecontracts.codegen.sql.dialects import DIALECTS, Dialect, DuckDB
from lakecontracts.codegen.types import Column, ColumnType

#: dbt adapter type -> the dialect that spells its query types.
ADAPTER_DIALECTS: dict[str, Dialect] = {
    "duckdb": DIALECTS["duckdb"],
    "athena": DIALECTS["athena-dml"],
}
#: The neutral spelling models use as the key of a type (Hive, as in the Athena DDL).
KEY_DIALECT = DIALECTS["athena"]
#: dbt adapter type -> how an RFC 3339 instant read from bronze becomes a UTC timestamp (the
#: model then casts it to the adapter's ``timestamp``).
INSTANT_EXPRESSIONS: dict[str, str] = {
    # The Glue table keeps instants as JSON strings (codegen/sql/hive_tables.py) and Trino's
    # cast(varchar as timestamp) rejects the ISO 'T' form: parse with from_iso8601_timestamp
    # (offsets kept), then shift to UTC so the zone can be dropped.
    "athena": "(from_iso8601_timestamp({expression}) at time zone 'UTC')",
    # bronze is read as TIMESTAMPTZ so RFC 3339 offsets count; this drops the zone at UTC.
    "duckdb": "timezone('UTC', {expression})",
}
#: dbt adapter type -> a hex MD5 of the natural key's columns, joined by '|' (the surrogate key).
SURROGATE_KEYS: dict[str, str] = {
    "athena": "lower(to_hex(md5(to_utf8({expression}))))",
    "duckdb": "md5({expression})",
}

#: The generic data test for a contract's numeric bounds: rows outside them fail.
RANGE_TEST = """{# A value outside the contract's bounds (exclusive forms too); NULLs pass. #}
{% test lakecontracts_range(model, column_name, min_value=none, max_value=none,
                            exclusive_min=none, exclusive_max=none) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null and (false
  {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
  {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
  {%- if exclusive_min is not none %} or {{ column_name }} <= {{ exclusive_min }}{% endif %}
  {%- if exclusive_max is not none %} or {{ column_name }} >= {{ exclusive_max }}{% endif %})
{% endtest %}"""

#: What ingest adds to every bronze record (BRIEF §4). loaded_at_field reads ingested_at.
INGEST_COLUMN = Column(
    "ingest",
    ColumnType(
        "struct",
        fields=(
            Column("ingested_at", ColumnType("timestamp")),
            Column("partition_key", ColumnType("string")),
            Column("privacy_tier", ColumnType("string")),
            Column("manifest_hash", ColumnType("string")),
            Column("schema_hash", ColumnType("string")),
        ),
    ),
    description="Added at ingest: ingested_at, partition_key, privacy_tier, manifest_hash, "
    "schema_hash.",
)
LOADED_AT_FIELD = "ingest.ingested_at"
BRONZE_ROOT_VAR = "lakecontracts_bronze_root"
#: The bronze tables that hold files; unset means all (a deployment's bronze is complete).
BRONZE_TABLES_VAR = "lakecontracts_bronze_tables"


class DuckDBBronzeRead(DuckDB):
    """DuckDB types for reading bronze NDJSON: instants keep their RFC 3339 offset."""

    name = "duckdb-bronze-read"
    scalars: ClassVar[dict[str, str]] = {**DuckDB.scalars, "timestamp": "TIMESTAMPTZ"}


BRONZE_READ = DuckDBBronzeRead()


def type_key(column_type: ColumnType) -> str:
    return KEY_DIALECT.type_sql(column_type)


def cast(expression: str, column_type: ColumnType) -> str:
    """A cast through the generated type macro; instants are parsed and put in UTC first."""
    if column_type.kind == "timestamp":
        expression = "{{ lakecontracts_instant(" + _jinja_str(expression) + ") }}"
    return (
        f"cast({expression} as {{{{ lakecontracts_type({_jinja_str(type_key(column_type))}) }}}})"
    )


def typed_null(column_type: ColumnType) -> str:
    """A NULL of the column's type (no UTC normalisation: NULL has no zone to drop)."""
    return f"cast(null as {{{{ lakecontracts_type({_jinja_str(type_key(column_type))}) }}}})"


def quote(identifier: str) -> str:
    """Quoted identifier; every adapter listed quotes the same way (a test holds them to it)."""
    return ADAPTER_DIALECTS["duckdb"].quote(identifier)


def path_sql(alias: str, dotted: str) -> str:
    return ".".join([alias, *(quote(part) for part in dotted.split("."))])


def bronze_read(bronze_root: str, event: str, v: int, columns: list[Column]) -> str:
    """dbt-duckdb ``external_location``: the event version's NDJSON partitions, typed."""
    # double-quoted Jinja strings: the glob becomes a single-quoted SQL literal
    glob = f"{{{{ var({json.dumps(BRONZE_ROOT_VAR)}, {json.dumps(bronze_root)}) }}}}"
    glob += f"/event={event}/v={v}/dt=*/hour=*/*.ndjson"
    typed = ", ".join(
        f"{sql_string(c.name)}: {sql_string(BRONZE_READ.type_sql(c.type))}"
        for c in [*columns, INGEST_COLUMN]
    )
    return (
        f"read_json({sql_string(glob)}, format='newline_delimited', hive_partitioning=true, "
        f"columns={{{typed}}})"
    )


def type_macros(types: list[ColumnType]) -> str:
    """The macro file: ``lakecontracts_type`` and ``lakecontracts_instant`` per adapter."""
    parts = [
        "{# Generated by lakecontracts (target dbt) from the shared type mapping. Do not edit. #}",
        _dispatcher("lakecontracts_type", "key"),
        _unsupported("lakecontracts_type", "key", "type table", ADAPTER_DIALECTS),
    ]
    for adapter, dialect in sorted(ADAPTER_DIALECTS.items()):
        table = {key: dialect.type_sql(t) for key, t in _by_key(types).items()}
        parts.append(
            f"{{% macro {adapter}__lakecontracts_type(key) -%}}\n"
            f"  {{%- set types = {json.dumps(table, sort_keys=True)} -%}}\n"
            "  {%- if key not in types -%}\n"
            "    {{ exceptions.raise_compiler_error('lakecontracts: no type for ' ~ key) }}\n"
            "  {%- endif -%}\n"
            "  {{ return(types[key]) }}\n"
            "{%- endmacro %}"
        )
    parts += [
        _dispatcher("lakecontracts_instant", "expression"),
        _unsupported("lakecontracts_instant", "expression", "instant parser", INSTANT_EXPRESSIONS),
    ]
    for adapter, template in sorted(INSTANT_EXPRESSIONS.items()):
        before, after = template.split("{expression}")
        parts.append(
            f"{{% macro {adapter}__lakecontracts_instant(expression) -%}}\n"
            f"  {{{{ return({_jinja_str(before)} ~ expression ~ {_jinja_str(after)}) }}}}\n"
            "{%- endmacro %}"
        )
    parts += [
        "{# Whether a bronze table has data: every one, unless the caller lists them in the\n"
        "   variable " + BRONZE_TABLES_VAR + " (contracts curate does, from the local bronze). #}\n"
        "{% macro lakecontracts_bronze_present(table) -%}\n"
        f"  {{%- set present = var('{BRONZE_TABLES_VAR}', none) -%}}\n"
        "  {{ return(present is none or table in present) }}\n"
        "{%- endmacro %}",
        _dispatcher("lakecontracts_surrogate_key", "columns"),
    ]
    for adapter, template in sorted(SURROGATE_KEYS.items()):
        before, after = template.split("{expression}")
        parts.append(
            f"{{% macro {adapter}__lakecontracts_surrogate_key(columns) -%}}\n"
            "  {%- set parts = [] -%}\n"
            "  {%- for column in columns -%}\n"
            '    {%- do parts.append("coalesce(cast(" ~ column ~ " as varchar), \'\')") -%}\n'
            "  {%- endfor -%}\n"
            "  {%- set expression = parts | join(\" || '|' || \") -%}\n"
            f"  {{{{ return({_jinja_str(before)} ~ expression ~ {_jinja_str(after)}) }}}}\n"
            "{%- endmacro %}"
        )
    parts.append(RANGE_TEST)
    return "\n\n".join(parts) + "\n"


def _dispatcher(name: str, argument: str) -> str:
    return (
        f"{{% macro {name}({argument}) -%}}\n"
        f"  {{{{ return(adapter.dispatch({_jinja_str(name)})({argument})) }}}}\n"
        "{%- endmacro %}"
    )


def _unsupported(name: str, argument: str, what: str, table: Mapping[str, object]) -> str:
    """The ``default__`` implementation: a compile error naming the adapters generated."""
    return (
        f"{{% macro default__{name}({argument}) -%}}\n"
        f"  {{{{ exceptions.raise_compiler_error('lakecontracts: no {what} for adapter '"
        f" ~ adapter.type() ~ '; generated for: {', '.join(sorted(table))}') }}}}\n"
        "{%- endmacro %}"
    )


def _by_key(types: list[ColumnType]) -> dict[str, ColumnType]:
    return {type_key(t): t for t in types}


def _jinja_str(value: str) -> str:
    """A Jinja string literal; single-quoted so SQL identifiers inside stay readable."""
    if "'" not in value and "\\" not in value:
        return f"'{value}'"
    return json.dumps(value)
