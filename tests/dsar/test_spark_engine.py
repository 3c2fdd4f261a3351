"""The Spark purge engine (PySpark local) leaves the same lake as the embedded engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from lakecontracts.dsar.run import purge
from lakecontracts.dsar.spark_engine import SparkPurge
from lakecontracts.dsar.verify import verify
from tests.dsar.lake import ANA, ANON_ONLY, BOB, DsarLake, build
from tests.spark_session import local_spark

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    yield local_spark("lakecontracts-dsar-tests")


def _requests(lake: DsarLake) -> dict[str, str]:
    """Request ID -> subject, for three subjects (one known only by an anon_id)."""
    subjects = {"ana": ("user_id", ANA["user"]), "bob": ("user_id", BOB["user"]),
                "anon": ("anon_id", ANON_ONLY)}  # fmt: skip
    return {
        str(lake.request(kind, value)["request_id"]): name
        for name, (kind, value) in subjects.items()
    }


def _outcome(lake: DsarLake, names: dict[str, str], spark: SparkPurge | None) -> Any:
    summary = purge(lake.lake, bronze_grace_days=0, spark=spark)
    files = {}
    for layer in summary.layers:
        for r in layer.files_rewritten:
            files[r.path] = (
                r.rows_before,
                r.rows_after,
                r.kept_rows_sha256,
                {names[k]: v for k, v in r.rows_by_request.items()},
            )
    scanned = {layer.layer: layer.files_scanned for layer in summary.layers}
    return files, scanned, summary.identity_nodes_removed


def test_spark_and_embedded_purge_leave_the_same_lake(spark: Any, tmp_path: Path) -> None:
    embedded, on_spark = build(tmp_path / "embedded"), build(tmp_path / "spark")
    one = _outcome(embedded, _requests(embedded), None)
    two_names = _requests(on_spark)
    two = _outcome(on_spark, two_names, SparkPurge(spark))
    assert one == two
    assert {path for path in one[0] if path.startswith("silver")} == {
        "silver/fct_page_views/dt=2025-03-01/part-0.parquet",
        "silver/fct_page_views/dt=2025-03-02/part-0.parquet",
        "silver/fct_page_views/dt=2025-03-03/part-0.parquet",
    }
    for path in sorted((embedded.root / "silver").rglob("*.parquet")):
        mine = path.relative_to(embedded.root)
        left, right = pq.read_table(path), pq.read_table(on_spark.root / mine)
        assert left.schema.remove_metadata() == right.schema.remove_metadata()
        assert left.to_pylist() == right.to_pylist(), mine
    for request_id in two_names:
        assert verify(on_spark.lake, request_id).residue == 0
    again = purge(on_spark.lake, bronze_grace_days=0, spark=SparkPurge(spark))
    assert all(not layer.files_rewritten for layer in again.layers)
