"""Target ``athena``: CREATE DATABASE / CREATE EXTERNAL TABLE statements for Athena.

One file per statement (Athena runs one statement per query): ``<database>.sql`` creates a
database, ``<database>/<table>.sql`` creates a table. Bronze tables read the NDJSON partitions
ingest writes (OpenX JSON SerDe, ``dt``/``hour`` partitions found by partition projection, so
no ``MSCK REPAIR TABLE`` is needed in Athena); Silver tables are Parquet. Tables, columns and
types come from :mod:`lakecontracts.codegen.sql.hive_tables`, shared with the Glue target: bronze
keeps JSON timestamps and dates as ``string`` (the module docstring there says why) and
Silver/staging cast them.

Every identifier is lowercase and backtick-quoted, struct field names included, so reserved
words (``date``, ``user``, ``timestamp``...) never break the statement.
"""

from __future__ import annotations

from collections.abc import Iterable

from lakecontracts.codegen.escape import hive_string as literal
from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.sql.dialects import AthenaDDL
from lakecontracts.codegen.sql.hive_tables import HiveColumn, HiveTable, run_hive_tables
from lakecontracts.codegen.sql.metabase_views import metabase_views


class AthenaTableDDL(AthenaDDL):
    """Athena DDL with struct field names quoted too."""

    name = "athena-table-ddl"

    def quote_field(self, name: str) -> str:
        return self.quote(name)


DDL = AthenaTableDDL()


def column_sql(column: HiveColumn) -> str:
    comment = f" COMMENT {literal(column.comment)}" if column.comment else ""
    return f"  {DDL.quote(column.name)} {DDL.type_sql(column.type)}{comment}"


def properties_sql(pairs: Iterable[tuple[str, str]]) -> str:
    return "(\n" + ",\n".join(f"  {literal(k)}={literal(v)}" for k, v in pairs) + "\n)"


def _columns(table: HiveTable) -> list[str]:
    return ["(", ",\n".join(column_sql(c) for c in table.columns), ")"]


def _comment(table: HiveTable) -> list[str]:
    return [f"COMMENT {literal(table.description)}"] if table.description else []


def _partitions(table: HiveTable) -> list[str]:
    if not table.partition_keys:
        return []
    return ["PARTITIONED BY (", ",\n".join(column_sql(c) for c in table.partition_keys), ")"]


def _storage(table: HiveTable) -> list[str]:
    storage = table.storage
    return [
        f"ROW FORMAT SERDE {literal(storage.serde)}",
        f"WITH SERDEPROPERTIES {properties_sql(storage.serde_parameters)}",
        f"STORED AS INPUTFORMAT {literal(storage.input_format)}",
        f"OUTPUTFORMAT {literal(storage.output_format)}",
    ]


def _location(table: HiveTable) -> list[str]:
    return [f"LOCATION {literal(table.location)}"]


def _properties(table: HiveTable) -> list[str]:
    return [f"TBLPROPERTIES {properties_sql(table.parameters)}"]


#: The clauses of CREATE EXTERNAL TABLE, in the order Hive's grammar expects them.
CLAUSES = (_columns, _comment, _partitions, _storage, _location, _properties)


def create_table(table: HiveTable) -> str:
    head = (
        f"CREATE EXTERNAL TABLE IF NOT EXISTS {DDL.quote(table.database)}.{DDL.quote(table.name)}"
    )
    return "\n".join([head, *(line for clause in CLAUSES for line in clause(table))]) + "\n"


def create_database(database: str, tables: list[HiveTable]) -> str:
    layers = sorted({table.layer for table in tables})
    comment = f"{' and '.join(layers)} tables generated from the event contracts"
    return f"CREATE DATABASE IF NOT EXISTS {DDL.quote(database)}\nCOMMENT {literal(comment)}\n"


def render_athena(inp: GenerationInput) -> Rendered:
    tables = run_hive_tables(inp)
    files = {f"{table.path}.sql": create_table(table).encode() for table in tables}
    for database in sorted({table.database for table in tables}):
        members = [table for table in tables if table.database == database]
        files[f"{database}.sql"] = create_database(database, members).encode()
    views = metabase_views(inp.registry.config, inp.events)
    files.update({path: sql.encode() for path, sql in views.items()})
    return files
