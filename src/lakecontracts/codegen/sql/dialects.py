"""How each SQL dialect spells column types and identifiers.

A dialect overrides its scalar type table and the few nested-type spellings that differ
(sqlglot's approach): everything else is shared, and a kind missing from a table is an error,
never a fallback to another dialect.
"""

from __future__ import annotations

from typing import ClassVar

from lakecontracts.codegen.types import ColumnType, UnsupportedSchemaError


class Dialect:
    """Base: Hive-style spelling (what Athena DDL and the Glue catalog use)."""

    name: ClassVar[str] = "hive"
    scalars: ClassVar[dict[str, str]] = {
        "string": "string",
        "int": "int",
        "bigint": "bigint",
        "double": "double",
        "boolean": "boolean",
        "date": "date",
        "timestamp": "timestamp",
    }

    def type_sql(self, column_type: ColumnType) -> str:
        kind = column_type.kind
        if kind == "decimal":
            return self.decimal(column_type.precision, column_type.scale)
        if kind == "array" and column_type.element is not None:
            return self.array(self.type_sql(column_type.element))
        if kind == "map" and column_type.element is not None:
            return self.map(self.type_sql(column_type.element))
        if kind == "struct":
            return self.struct([(f.name, self.type_sql(f.type)) for f in column_type.fields])
        try:
            return self.scalars[kind]
        except KeyError:
            raise UnsupportedSchemaError(f"{self.name} has no type for {kind!r}") from None

    def decimal(self, precision: int, scale: int) -> str:
        return f"decimal({precision},{scale})"

    def array(self, element: str) -> str:
        return f"array<{element}>"

    def map(self, value: str) -> str:
        return f"map<string,{value}>"

    def struct(self, fields: list[tuple[str, str]]) -> str:
        return "struct<" + ",".join(f"{self.quote_field(n)}:{t}" for n, t in fields) + ">"

    def quote_field(self, name: str) -> str:
        return name

    def quote(self, identifier: str) -> str:
        """A quoted, lowercase identifier for DDL."""
        return "`" + identifier.lower().replace("`", "``") + "`"


class AthenaDDL(Dialect):
    """Athena DDL (Hive syntax, backtick quoting)."""

    name = "athena"


class AthenaDML(Dialect):
    """Athena/Trino queries: double-quoted identifiers, Trino type names."""

    name = "athena-dml"
    scalars: ClassVar[dict[str, str]] = {**Dialect.scalars, "string": "varchar", "int": "integer"}

    def array(self, element: str) -> str:
        return f"array({element})"

    def map(self, value: str) -> str:
        return f"map(varchar, {value})"

    def struct(self, fields: list[tuple[str, str]]) -> str:
        return "row(" + ", ".join(f"{self.quote(n)} {t}" for n, t in fields) + ")"

    def quote(self, identifier: str) -> str:
        return '"' + identifier.lower().replace('"', '""') + '"'


class DuckDB(Dialect):
    """DuckDB (dbt-duckdb, local runs)."""

    name = "duckdb"
    scalars: ClassVar[dict[str, str]] = {
        "string": "VARCHAR",
        "int": "INTEGER",
        "bigint": "BIGINT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
    }

    def decimal(self, precision: int, scale: int) -> str:
        return f"DECIMAL({precision},{scale})"

    def array(self, element: str) -> str:
        return f"{element}[]"

    def map(self, value: str) -> str:
        return f"MAP(VARCHAR, {value})"

    def struct(self, fields: list[tuple[str, str]]) -> str:
        return "STRUCT(" + ", ".join(f"{self.quote(n)} {t}" for n, t in fields) + ")"

    def quote(self, identifier: str) -> str:
        return '"' + identifier.lower().replace('"', '""') + '"'


DIALECTS: dict[str, Dialect] = {d.name: d for d in (AthenaDDL(), AthenaDML(), DuckDB())}
