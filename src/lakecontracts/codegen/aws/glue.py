"""Target ``glue``: ``glue:CreateDatabase`` and ``glue:CreateTable`` request bodies as JSON.

The same tables as the ``athena`` target (both render :mod:`lakecontracts.codegen.sql.hive_tables`),
so Terraform, CloudFormation or a deploy script can create the catalog without running DDL:
``<database>.json`` is a CreateDatabase request, ``<database>/<table>.json`` a CreateTable
request (``DatabaseName`` + ``TableInput``). Type strings are spelled as the catalog stores
them (``struct<field:type>``, lowercase, unquoted).
"""

from __future__ import annotations

from typing import Any

from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.sql.hive_tables import (
    CATALOG_TYPES,
    HiveColumn,
    HiveTable,
    run_hive_tables,
)
from lakecontracts.jsonout import json_file_bytes


def glue_column(column: HiveColumn) -> dict[str, str]:
    fields = {"Name": column.name, "Type": CATALOG_TYPES.type_sql(column.type)}
    return fields | ({"Comment": column.comment} if column.comment else {})


def storage_descriptor(table: HiveTable) -> dict[str, Any]:
    storage = table.storage
    return {
        "Columns": [glue_column(c) for c in table.columns],
        "Location": table.location,
        "InputFormat": storage.input_format,
        "OutputFormat": storage.output_format,
        "Compressed": False,
        "StoredAsSubDirectories": False,
        "SerdeInfo": {
            "SerializationLibrary": storage.serde,
            "Parameters": dict(storage.serde_parameters),
        },
    }


def table_input(table: HiveTable) -> dict[str, Any]:
    """The ``TableInput`` of ``glue:CreateTable`` for ``table``."""
    return {
        "Name": table.name,
        "Description": table.description,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": dict(table.parameters),
        "PartitionKeys": [glue_column(c) for c in table.partition_keys],
        "StorageDescriptor": storage_descriptor(table),
    }


def create_table_request(table: HiveTable) -> dict[str, Any]:
    return {"DatabaseName": table.database, "TableInput": table_input(table)}


def create_database_request(database: str, tables: list[HiveTable]) -> dict[str, Any]:
    layers = sorted({table.layer for table in tables})
    return {
        "DatabaseInput": {
            "Name": database,
            "Description": f"{' and '.join(layers)} tables generated from the event contracts",
        }
    }


def _json(document: dict[str, Any]) -> bytes:
    return json_file_bytes(document, sort_keys=True)


def render_glue(inp: GenerationInput) -> Rendered:
    tables = run_hive_tables(inp)
    files = {f"{table.path}.json": _json(create_table_request(table)) for table in tables}
    for database in sorted({table.database for table in tables}):
        members = [table for table in tables if table.database == database]
        files[f"{database}.json"] = _json(create_database_request(database, members))
    return files
