"""``contracts curate`` run for real: dbt-duckdb from .venv-dbt over fixture bronze with a v1+v2
dual write; Silver compared with an independent pyarrow computation from the same bronze."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.json as pj
import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.registry import Registry
from tests.codegen.bronze_fixtures import record, write_partition
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT

DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not DBT.is_file(),
        reason=f"no dbt at {DBT}: python -m venv .venv-dbt; .venv-dbt/bin/pip install -e '.[dbt]'",
    ),
]
LEG = "booking.leg_created"
#: leg 2 is written by both versions (a dual write during the v1 -> v2 migration).
ROWS = {(LEG, 1): range(0, 3), (LEG, 2): range(2, 5), ("identity.user_signed_up", 1): range(6)}


def _curate(tmp: Path, bronze: Path) -> Result:
    args = ["--registry", str(EXAMPLE_REGISTRY), "curate", "--bronze", str(bronze)]
    args += ["--silver", str(tmp / "silver"), "--work", str(tmp / "work"), "--dbt", str(DBT)]
    args += ["--db", f"sqlite:///{tmp / 'ops.sqlite'}"]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _bronze(root: Path, mutate: Any = None) -> Path:
    inp = GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))
    now = datetime.now(UTC)
    for event in inp.events:
        if (event.event, event.v) in ROWS:
            rows = [record(event, i, now) for i in ROWS[(event.event, event.v)]]
            if mutate is not None and (event.event, event.v) == (LEG, 2):
                mutate(rows)
            write_partition(root, event, rows)
    return root


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    tmp = tmp_path_factory.mktemp("curate")
    return tmp, _curate(tmp, _bronze(tmp / "bronze"))


def test_a_duplicate_a_broken_reference_and_an_out_of_range_value_fail_exactly_their_tests(
    tmp_path: Path,
) -> None:
    def plant(rows: list[dict[str, Any]]) -> None:
        rows[1]["payload"]["leg_id"] = rows[0]["payload"]["leg_id"]  # a duplicate in bronze
        rows[2]["context"]["user_id"] = "u-99999999"  # no such user in dim_user_public
        rows[2]["payload"]["amount_minor"] = -1  # the contract's minimum is 0

    result = _curate(tmp_path, _bronze(tmp_path / "bronze", plant))
    assert result.exit_code == 1, result.output
    failed = sorted(
        line.split()[2].rstrip(":") for line in result.output.splitlines() if "  fail " in line
    )
    assert len(failed) == 3, result.output
    expected = (
        "lakecontracts_range_stg_booking__leg_created_amount_minor",
        "relationships_fact_booking_legs_user_id__user_id__ref_dim_user_public_",
        "source_unique_bronze_events_booking__leg_created__v2_payload_leg_id",
    )
    for name, test in zip(expected, failed, strict=True):
        assert test.startswith(name), (name, failed)


def test_curate_builds_silver_and_passes_every_test(curated: tuple[Path, Result]) -> None:
    tmp, result = curated
    assert result.exit_code == 0, result.output
    assert "tests passed" in result.output
    assert "silver fact_booking_legs" in result.output and "5 row(s)" in result.output
    assert "gold   kpi_gmv_daily" in result.output  # the example KPI, read back from Parquet
    partitions = sorted(p.name for p in (tmp / "silver" / "fact_booking_legs").iterdir())
    assert partitions and all(p.startswith("dt=2026-03-0") for p in partitions)


def test_silver_rows_equal_a_pyarrow_computation_from_bronze(
    curated: tuple[Path, Result],
) -> None:
    tmp, _ = curated
    expected: dict[str, tuple[int, Any]] = {}
    for file in sorted((tmp / "bronze").glob(f"event={LEG}/v=*/dt=*/hour=*/*.ndjson")):
        for row in pj.read_json(file).to_pylist():
            leg, v = row["payload"]["leg_id"], row["meta"]["v"]
            if leg not in expected or v > expected[leg][0]:  # the newest version wins
                expected[leg] = (v, row["payload"].get("amount_minor"))
    silver = ds.dataset(tmp / "silver" / "fact_booking_legs", format="parquet", partitioning="hive")
    got = {r["leg_id"]: (r["_event_v"], r["amount_minor"]) for r in silver.to_table().to_pylist()}
    assert got == expected
    assert len(expected) == 5  # 6 bronze rows, one key written twice


def test_the_run_is_recorded(curated: tuple[Path, Result]) -> None:
    tmp, _ = curated
    engine = sa.create_engine(f"sqlite:///{tmp / 'ops.sqlite'}")
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("select job_name, status from analytics_job_run where job_name = 'curate'")
        ).fetchall()
        edges = connection.execute(
            sa.text("select source, target from lineage_edge where origin = 'dbt'")
        ).fetchall()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("curate", "completed")]
    # dbt's manifest from the run: bronze source -> staging -> Silver -> Gold, as dbt saw it.
    assert {
        ("table:bronze_events.booking__leg_created__v2", "dbt_model:stg_booking__leg_created"),
        ("dbt_model:stg_booking__leg_created", "dbt_model:fact_booking_legs"),
        ("dbt_model:fact_booking_legs", "dbt_model:kpi_gmv_daily"),
    } <= {tuple(r) for r in edges}


def test_no_dbt_is_a_clear_error(tmp_path: Path) -> None:
    args = ["--registry", str(EXAMPLE_REGISTRY), "curate", "--dbt", str(tmp_path / "nope")]
    result = CliRunner().invoke(cli, [*args, "--db", "off"])
    assert result.exit_code == 2
    assert "no dbt at" in result.output and "Traceback" not in result.output


def test_without_identity_resolution_identity_id_is_empty(curated: tuple[Path, Result]) -> None:
    tmp, _ = curated
    silver = ds.dataset(tmp / "silver" / "fact_booking_legs", format="parquet", partitioning="hive")
    rows = silver.to_table(columns=["identity_id"]).to_pylist()
    assert rows and all(r["identity_id"] is None for r in rows)
