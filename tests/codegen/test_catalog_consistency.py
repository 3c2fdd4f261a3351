"""The Athena DDL and the Glue CreateTable request describe the same table, for every table.

The DDL is read back with a small parser of its own (independent of the renderers), so a
change to either renderer that the other does not follow fails here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from lakecontracts.codegen.aws.glue import render_glue
from lakecontracts.codegen.sql.athena import render_athena
from tests.codegen.lake_fixtures import example_input

COLUMN = re.compile(
    r"^  `(?P<name>[^`]+)` (?P<type>.+?)(?: COMMENT '(?P<comment>(?:[^'\\]|\\.)*)')?,?$"
)
PROPERTY = re.compile(r"^  '((?:[^'\\]|\\.)*)'='((?:[^'\\]|\\.)*)',?$")
SINGLE = re.compile(
    r"^(ROW FORMAT SERDE|STORED AS INPUTFORMAT|OUTPUTFORMAT|LOCATION|COMMENT) '(.*)'$"
)
HEAD = re.compile(r"^CREATE EXTERNAL TABLE IF NOT EXISTS `([^`]+)`\.`([^`]+)`$")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_ddl(ddl: str) -> dict[str, Any]:
    """The parts of a generated CREATE EXTERNAL TABLE, as Glue would hold them."""
    lines = ddl.splitlines()
    head = HEAD.match(lines[0])
    assert head, lines[0]
    parsed: dict[str, Any] = {"database": head[1], "name": head[2], "columns": [], "partitions": []}
    section = "columns"
    properties: dict[str, dict[str, str]] = {"serde": {}, "table": {}}
    for line in lines[1:]:
        section = {
            "PARTITIONED BY (": "partitions",
            "WITH SERDEPROPERTIES (": "serde",
            "TBLPROPERTIES (": "table",
        }.get(line, section)
        column, prop, single = COLUMN.match(line), PROPERTY.match(line), SINGLE.match(line)
        if column and section in ("columns", "partitions"):
            entry = {"Name": column["name"], "Type": column["type"].replace("`", "")}
            if column["comment"]:
                entry["Comment"] = unescape(column["comment"])
            parsed[section].append(entry)
        elif prop:
            properties[section][unescape(prop[1])] = unescape(prop[2])
        elif single:
            parsed[single[1]] = unescape(single[2])
    parsed["serde_parameters"], parsed["parameters"] = properties["serde"], properties["table"]
    return parsed


METABASE_VIEW = "/metabase_"


@pytest.fixture(scope="module")
def rendered() -> tuple[dict[str, str], dict[str, Any]]:
    inp = example_input()
    # the Metabase views are Athena SQL over Silver with no Glue TableInput twin
    views = METABASE_VIEW
    ddl = {p: data.decode() for p, data in render_athena(inp).items() if views not in p}
    glue = {path: json.loads(data) for path, data in render_glue(inp).items()}
    return ddl, glue


def test_both_targets_cover_the_same_tables(
    rendered: tuple[dict[str, str], dict[str, Any]],
) -> None:
    ddl, glue = rendered
    assert {p.removesuffix(".sql") for p in ddl} == {p.removesuffix(".json") for p in glue}
    assert any(p.startswith("bronze_events/") for p in ddl)
    assert any(p.startswith("silver/") for p in ddl)


def test_ddl_and_table_input_agree(rendered: tuple[dict[str, str], dict[str, Any]]) -> None:
    ddl, glue = rendered
    tables = [p for p in ddl if "/" in p]
    for path in tables:
        parsed = parse_ddl(ddl[path])
        request = glue[path.replace(".sql", ".json")]
        table = request["TableInput"]
        descriptor = table["StorageDescriptor"]
        assert (parsed["database"], parsed["name"]) == (request["DatabaseName"], table["Name"])
        assert parsed["columns"] == descriptor["Columns"], path
        assert parsed["partitions"] == table["PartitionKeys"], path
        assert parsed["ROW FORMAT SERDE"] == descriptor["SerdeInfo"]["SerializationLibrary"]
        assert parsed["serde_parameters"] == descriptor["SerdeInfo"]["Parameters"]
        assert parsed["STORED AS INPUTFORMAT"] == descriptor["InputFormat"]
        assert parsed["OUTPUTFORMAT"] == descriptor["OutputFormat"]
        assert parsed["LOCATION"] == descriptor["Location"]
        assert parsed["COMMENT"] == table["Description"]
        assert parsed["parameters"] == table["Parameters"], path


def test_the_parser_sees_a_difference() -> None:
    """A changed column type in the DDL no longer equals the Glue request."""
    inp = example_input()
    path = "silver/fact_booking_legs"
    ddl = (
        render_athena(inp)[f"{path}.sql"]
        .decode()
        .replace("`amount_minor` int", "`amount_minor` bigint")
    )
    glue = json.loads(render_glue(inp)[f"{path}.json"])
    assert parse_ddl(ddl)["columns"] != glue["TableInput"]["StorageDescriptor"]["Columns"]
