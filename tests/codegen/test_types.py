"""The shared JSON Schema -> column type mapping and its dialect spellings."""

from __future__ import annotations

from typing import Any

import pytest

from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.codegen.types import TypeMapper, UnsupportedSchemaError


def athena(schema: dict[str, Any]) -> str:
    column_type, _ = TypeMapper({"definitions": {"money": {"type": "integer"}}}, "t.e").type_of(
        schema, "payload.x"
    )
    return DIALECTS["athena"].type_sql(column_type)


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, "string"),
        ({"type": ["string", "null"], "format": "uuid"}, "string"),
        ({"type": "string", "format": "date"}, "date"),
        ({"type": "string", "format": "date-time"}, "timestamp"),
        ({"type": "integer", "minimum": 0, "maximum": 1000}, "int"),
        ({"type": "integer", "minimum": 0}, "bigint"),
        ({"type": "integer", "minimum": 0, "maximum": 2**31}, "bigint"),
        ({"type": "number"}, "double"),
        ({"type": ["integer", "number"]}, "double"),
        ({"type": "number", "multipleOf": 0.01}, "decimal(38,2)"),
        ({"type": "boolean"}, "boolean"),
        ({"enum": ["a", "b"]}, "string"),
        ({"type": "array", "items": {"type": "string"}}, "array<string>"),
        ({"type": "object", "additionalProperties": {"type": "integer"}}, "map<string,bigint>"),
        (
            {
                "type": "object",
                "properties": {"a": {"type": "string"}, "b": {"$ref": "#/definitions/money"}},
            },
            "struct<a:string,b:bigint>",
        ),
    ],
)
def test_mapping(schema: dict[str, Any], expected: str) -> None:
    assert athena(schema) == expected


@pytest.mark.parametrize(
    "schema",
    [
        {"type": ["string", "integer"]},
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        {"type": "object", "additionalProperties": True},
        {"type": "array"},
        {"$ref": "https://example.com/x.json"},
        {},
    ],
)
def test_unmappable_constructs_fail_loudly_with_the_path(schema: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedSchemaError) as info:
        athena(schema)
    assert "t.e: payload.x" in info.value.message


def test_dialects_spell_nested_types() -> None:
    mapper = TypeMapper({}, "t.e")
    column_type, _ = mapper.type_of(
        {
            "type": "object",
            "properties": {
                "tags": {"type": "array", "items": {"type": "string"}},
                "n": {"type": "integer", "minimum": 0, "maximum": 9},
            },
        },
        "x",
    )
    assert DIALECTS["duckdb"].type_sql(column_type) == 'STRUCT("tags" VARCHAR[], "n" INTEGER)'
    assert DIALECTS["athena-dml"].type_sql(column_type) == 'row("tags" array(varchar), "n" integer)'
