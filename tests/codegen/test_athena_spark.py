"""The generated Athena DDL executed by PySpark (local mode, Hive support) over fixture data.

How the bronze JSON table is exercised: pyspark ships no OpenX JSON SerDe (nor Hive's
hcatalog ``JsonSerDe``), and no JSON SerDe jar can be installed from a package registry. The
test therefore swaps exactly one clause of the generated statement, the storage block
(``ROW FORMAT SERDE ... OUTPUTFORMAT '...'``), for Spark's JSON data source (``USING json``,
which must come right after the column list). :func:`swap_storage_for_spark_json` proves that
the rest of the statement (name, columns and types, comments, ``PARTITIONED BY``,
``LOCATION``, ``TBLPROPERTIES``) runs byte for byte as generated. The Silver Parquet
statements run verbatim: Hive's Parquet SerDe is in pyspark's jars. Partition projection is
Athena-only; Spark ignores those properties (checked structurally in test_athena.py) and the
partitions are found by ``MSCK REPAIR TABLE`` instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.aws.glue import render_glue
from lakecontracts.codegen.sql.athena import render_athena
from tests.codegen.lake_fixtures import LEG, RECORDS, check_records, example_input, write_bronze

pytestmark = pytest.mark.slow

STORAGE_BLOCK = re.compile(r"^ROW FORMAT SERDE '[^']*'\n.*?^OUTPUTFORMAT '[^']*'\n", re.M | re.S)
OPENX = "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'"
LEG_TABLES = ("booking__leg_created__v1", "booking__leg_created__v2")


def swap_storage_for_spark_json(ddl: str) -> str:
    """The statement with its OpenX storage block replaced by ``USING json``; nothing else."""
    assert OPENX in ddl
    without_storage, count = STORAGE_BLOCK.subn("", ddl)
    assert count == 1
    head, columns_end, rest = without_storage.partition("\n)\n")
    swapped = f"{head}{columns_end}USING json\n{rest}"
    assert swapped.replace("USING json\n", "", 1) == without_storage
    assert STORAGE_BLOCK.sub("", ddl) == without_storage  # only the storage block differs
    return swapped


@pytest.fixture(scope="module")
def lake(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("lake")
    storage = {"bronze": (root / "bronze").as_uri(), "silver": (root / "silver").as_uri()}
    inp = example_input(storage)
    check_records(inp.events)
    write_bronze(root / "bronze")
    ddl = {path: data.decode() for path, data in render_athena(inp).items()}
    glue = {path: json.loads(data) for path, data in render_glue(inp).items()}
    for database in ("bronze_events.sql", "silver.sql"):
        spark.sql(ddl[database])
    for table in LEG_TABLES:
        spark.sql(swap_storage_for_spark_json(ddl[f"bronze_events/{table}.sql"]))
        spark.sql(f"MSCK REPAIR TABLE `bronze_events`.`{table}`")
    spark.sql(ddl["silver/fact_booking_legs.sql"])  # verbatim: Hive Parquet SerDe
    return {"ddl": ddl, "glue": glue, "root": root}


def test_msck_repair_finds_the_partitions_ingest_wrote(spark: Any, lake: dict[str, Any]) -> None:
    for v, table in enumerate(LEG_TABLES, start=1):
        found = {
            row[0] for row in spark.sql(f"SHOW PARTITIONS `bronze_events`.`{table}`").collect()
        }
        assert found == {f"dt={r.dt}/hour={r.hour}" for r in RECORDS if r.v == v}


def test_bronze_rows_equal_the_fixture_records(spark: Any, lake: dict[str, Any]) -> None:
    """Every field round-trips; timestamps come back as the exact RFC 3339 strings."""
    for v, table in enumerate(LEG_TABLES, start=1):
        rows = spark.sql(
            "SELECT to_json(struct(meta, context, payload, ingest)) AS doc, dt, hour "
            f"FROM `bronze_events`.`{table}`"
        ).collect()
        got = sorted(((r.dt, r.hour), json.loads(r.doc)) for r in rows)
        expected = [((r.dt, r.hour), _without_nulls(r.record)) for r in RECORDS if r.v == v]
        assert got == expected
    occurred = spark.sql(
        "SELECT meta.occurred_at FROM `bronze_events`.`booking__leg_created__v2` WHERE hour = '00'"
    ).collect()
    assert [r[0] for r in occurred] == ["2026-01-02T00:00:01.5+00:00"]


def test_spark_sees_the_glue_column_types(spark: Any, lake: dict[str, Any]) -> None:
    tables = [f"bronze_events/{t}" for t in LEG_TABLES] + ["silver/fact_booking_legs"]
    for path in tables:
        database, name = path.split("/")
        request = lake["glue"][f"{path}.json"]["TableInput"]
        glue = request["StorageDescriptor"]["Columns"] + request["PartitionKeys"]
        schema = spark.table(f"`{database}`.`{name}`").schema
        assert [(f.name, f.dataType.simpleString()) for f in schema.fields] == [
            (c["Name"], c["Type"]) for c in glue
        ]
        properties = dict(spark.sql(f"SHOW TBLPROPERTIES `{database}`.`{name}`").collect())
        assert request["Parameters"].items() <= properties.items()


def test_silver_parquet_table_holds_the_cast_values(spark: Any, lake: dict[str, Any]) -> None:
    """Bronze strings cast once in Silver: RFC 3339 becomes a real timestamp; rows land in
    ``dt=YYYY-MM-DD`` partitions (the UTC date they occurred), as the Silver models write them,
    and a fresh table over the same location finds them with ``MSCK REPAIR``."""
    inp = example_input()
    feeds = [e for e in inp.events if e.event == LEG]
    columns = [c.name for c in spark.table("`silver`.`fact_booking_legs`").schema.fields]
    types = dict(spark.table("`silver`.`fact_booking_legs`").dtypes)
    for event in feeds:
        assert event.contract.silver is not None
        mapping = event.contract.silver.columns
        mapping = {**mapping, "dt": "TO_DATE(CAST(meta.occurred_at AS TIMESTAMP))"}
        select = ", ".join(
            f"CAST({mapping.get(c, 'NULL')} AS {types[c]}) AS `{c}`" for c in columns
        )
        source = f"`bronze_events`.`booking__leg_created__v{event.v}`"
        spark.sql("SET hive.exec.dynamic.partition.mode=nonstrict")
        spark.sql(
            f"INSERT INTO `silver`.`fact_booking_legs` PARTITION (dt) SELECT {select} FROM {source}"
        )
    rows = spark.sql("SELECT * FROM `silver`.`fact_booking_legs` ORDER BY leg_id").collect()
    assert [r.asDict() for r in rows] == [
        {
            "leg_id": "10000000-0000-4000-8000-000000000001",
            "booking_id": "20000000-0000-4000-8000-000000000001",
            "amount_minor": None,
            "currency": None,
            "status": "booked",
            "user_id": "u-user001",
            "occurred_at": dt.datetime(2026, 1, 1, 23, 59, 58),
            "dt": "2026-01-01",
        },
        {
            "leg_id": "10000000-0000-4000-8000-000000000002",
            "booking_id": "20000000-0000-4000-8000-000000000002",
            "amount_minor": 12950,
            "currency": "EUR",
            "status": "confirmed",
            "user_id": "u-user002",
            "occurred_at": dt.datetime(2026, 1, 2, 0, 0, 1, 500000),
            "dt": "2026-01-02",
        },
        {
            "leg_id": "10000000-0000-4000-8000-000000000003",
            "booking_id": "20000000-0000-4000-8000-000000000002",
            "amount_minor": 0,
            "currency": "EUR",
            "status": "pending",
            "user_id": "u-user003",
            "occurred_at": dt.datetime(2026, 1, 2, 7, 15),
            "dt": "2026-01-02",
        },
    ]
    folder = Path(lake["root"], "silver", "fact_booking_legs")
    assert sorted(p.name for p in folder.glob("dt=*")) == ["dt=2026-01-01", "dt=2026-01-02"]
    spark.sql("DROP TABLE `silver`.`fact_booking_legs`")  # external: the files stay
    spark.sql(lake["ddl"]["silver/fact_booking_legs.sql"])
    spark.sql("MSCK REPAIR TABLE `silver`.`fact_booking_legs`")
    again = spark.sql("SELECT * FROM `silver`.`fact_booking_legs` ORDER BY leg_id").collect()
    assert again == rows


def _without_nulls(value: Any) -> Any:
    """What Spark's ``to_json`` writes: object members that are null are left out."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return value
