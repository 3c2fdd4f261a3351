"""Athena DDL: partition projection, quoting, the bronze string rule, Silver merging, errors."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from lakecontracts.codegen.escape import hive_string as literal
from lakecontracts.codegen.sql.athena import render_athena
from lakecontracts.codegen.sql.hive_tables import (
    HiveTable,
    SilverColumnConflictError,
    bronze_type,
    hive_tables,
)
from lakecontracts.codegen.types import Column, ColumnType, UnsupportedSchemaError
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import resolve_all
from tests.codegen.lake_fixtures import RECORDS, example_input
from tests.conftest import EXAMPLE_REGISTRY

INGEST_PARTITION = re.compile(r"/event=[a-z0-9_.]+/v=[0-9]+/dt=\d{4}-\d{2}-\d{2}/hour=\d{2}/$")


def _tables() -> list[HiveTable]:
    inp = example_input()
    return hive_tables(inp.registry.config, inp.events)


def test_partition_projection_properties_match_the_ingest_layout() -> None:
    bronze = [t for t in _tables() if t.layer == "bronze"]
    assert len(bronze) == len(example_input().events)
    for table in bronze:
        props = dict(table.parameters)
        assert [c.name for c in table.partition_keys] == ["dt", "hour"]
        assert {c.type.kind for c in table.partition_keys} == {"string"}
        assert props["projection.enabled"] == "true"
        assert (props["projection.dt.type"], props["projection.dt.format"]) == (
            "date",
            "yyyy-MM-dd",
        )
        start, end = props["projection.dt.range"].split(",")
        assert date.fromisoformat(start) < date(2026, 1, 1) and end == "NOW"
        assert props["projection.hour.type"] == "integer"
        assert (props["projection.hour.range"], props["projection.hour.digits"]) == ("0,23", "2")
        template = props["storage.location.template"]
        assert template == f"{table.location}dt=${{dt}}/hour=${{hour}}/"
        event, v = table.sources[0].split("@")
        assert table.location.endswith(f"/event={event}/v={v}/")
        sample = template.replace("${dt}", "2026-01-02").replace("${hour}", "07")
        assert INGEST_PARTITION.search(sample), sample


def test_silver_partition_projection_matches_what_the_silver_models_write(tmp_path: Path) -> None:
    """Silver is partitioned by ``dt`` (UTC date occurred); the projection template names the
    folders DuckDB's ``COPY ... (partition_by (dt))`` writes, which the dbt-duckdb Silver models
    run (and dbt-athena's partitioned_by=['dt'] writes the same Hive layout)."""
    import duckdb

    silver = [t for t in _tables() if t.layer == "silver"]
    assert silver
    for table in silver:
        props = dict(table.parameters)
        assert [(c.name, c.type.kind) for c in table.partition_keys] == [("dt", "string")]
        assert "dt" not in {c.name for c in table.columns}
        assert props["projection.enabled"] == "true"
        assert (props["projection.dt.type"], props["projection.dt.format"]) == (
            "date",
            "yyyy-MM-dd",
        )
        assert (props["projection.dt.interval"], props["projection.dt.interval.unit"]) == (
            "1",
            "DAYS",
        )
        start, end = props["projection.dt.range"].split(",")
        assert date.fromisoformat(start) < date(2026, 1, 1) and end == "NOW+1DAYS"
        assert props["storage.location.template"] == f"{table.location}dt=${{dt}}/"
    out = tmp_path / "fact_booking_legs"
    duckdb.sql(
        f"copy (select 'x' as leg_id, date '2026-01-02' as dt) to '{out}' "
        "(format parquet, partition_by (dt))"
    )
    (written,) = [p.parent for p in out.rglob("*.parquet")]
    legs = next(t for t in silver if t.name == "fact_booking_legs")
    template = dict(legs.parameters)["storage.location.template"]
    assert template.replace("${dt}", "2026-01-02").endswith(f"/fact_booking_legs/{written.name}/")


def test_fixture_partitions_follow_the_template() -> None:
    tables = {t.sources[0]: t for t in _tables() if t.layer == "bronze"}
    for item in RECORDS:
        template = dict(tables[f"{item.event}@{item.v}"].parameters)["storage.location.template"]
        path = template.replace("${dt}", item.dt).replace("${hour}", item.hour)
        assert path.endswith(f"/{item.partition}/")


def test_bronze_keeps_timestamps_and_dates_as_strings_silver_types_them() -> None:
    tables = _tables()
    bronze_types = repr([c.type for t in tables if t.layer == "bronze" for c in t.columns])
    assert "'timestamp'" not in bronze_types and "'date'" not in bronze_types
    legs = next(t for t in tables if t.name == "fact_booking_legs")
    assert {c.name: c.type.kind for c in legs.columns}["occurred_at"] == "timestamp"
    nested = ColumnType(
        "array", element=ColumnType("struct", fields=(Column("at", ColumnType("timestamp")),))
    )
    assert bronze_type(nested).element.fields[0].type.kind == "string"  # type: ignore[union-attr]


def test_silver_table_merges_versions() -> None:
    legs = next(t for t in _tables() if t.name == "fact_booking_legs")
    assert legs.sources == ("booking.leg_created@1", "booking.leg_created@2")
    assert "amount_minor" in [c.name for c in legs.columns]  # only v2 maps it


def test_identifiers_are_quoted_lowercase_everywhere() -> None:
    ddl = render_athena(example_input())
    for path, data in ddl.items():
        text = data.decode()
        head = text.splitlines()[0]
        if path.startswith("gold/metabase_"):  # a view: Trino SQL, double-quoted identifiers
            assert re.fullmatch(r'CREATE OR REPLACE VIEW "gold"\."metabase_[a-z0-9_]+" AS', head)
            continue
        assert re.fullmatch(
            r"CREATE (EXTERNAL TABLE|DATABASE) IF NOT EXISTS `[a-z0-9_]+`(\.`[a-z0-9_]+`)?", head
        )
        for line in text.splitlines():
            if line.startswith("  `"):
                name, column_type = line[2:].split(" ", 2)[:2]
                assert re.fullmatch(r"`[a-z0-9_]+`", name), (path, line)
                assert not re.search(r"[<,]([a-z_]+):", column_type), (path, line)  # fields quoted


def test_literals_escape_quotes_and_backslashes() -> None:
    assert literal("it's a \\ path") == "'it\\'s a \\\\ path'"


def test_rendering_is_deterministic() -> None:
    assert render_athena(example_input()) == render_athena(example_input())


def _registry_copy(tmp_path: Path) -> Path:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    return root


def test_versions_that_disagree_on_a_silver_type_fail_loudly(tmp_path: Path) -> None:
    root = _registry_copy(tmp_path)
    v1 = root / "events/booking/leg_created/v1.yaml"
    v1.write_text(
        v1.read_text().replace("    currency: payload.currency\n", "    currency: payload.price\n")
    )
    registry = Registry.open(root)
    with pytest.raises(SilverColumnConflictError) as info:
        hive_tables(registry.config, resolve_all(registry))
    message = info.value.message
    assert "'fact_booking_legs'" in message and "'currency'" in message
    assert "booking.leg_created@1 payload.price is double" in message
    assert "booking.leg_created@2 payload.currency is string" in message
    assert info.value.location is not None and info.value.location.file.endswith("v2.yaml")
    assert info.value.location.line > 0


def test_an_unmappable_silver_source_names_contract_path_and_place(tmp_path: Path) -> None:
    root = _registry_copy(tmp_path)
    v2 = root / "events/booking/leg_created/v2.yaml"
    text = v2.read_text().replace(
        "    currency: {type: string, pattern:",
        "    currency: {type: [string, integer], pattern:",
    )
    v2.write_text(text)
    registry = Registry.open(root)
    with pytest.raises(UnsupportedSchemaError) as info:
        hive_tables(registry.config, resolve_all(registry))
    assert "booking.leg_created@2: payload.currency" in info.value.message
    assert info.value.location is not None and info.value.location.file.endswith("v2.yaml")


def test_metabase_views_select_only_what_metabase_may_read() -> None:
    """The columns are the sanitized ones: every internal leg column, no view of payouts
    (every payout column is confidential)."""
    ddl = render_athena(example_input())
    legs = ddl["gold/metabase_fact_booking_legs.sql"].decode()
    select = legs.split("SELECT", 1)[1].split("FROM", 1)
    names = {name.strip().strip('"') for name in select[0].split(",")}
    assert names == {"leg_id", "booking_id", "amount_minor", "currency", "status", "user_id"} | {
        "occurred_at",
        "dt",
    }
    assert select[1].strip() == '"silver"."fact_booking_legs"'
    assert "gold/metabase_fact_payouts.sql" not in ddl
