"""The Spark engine (large-star/small-star on PySpark local) publishes the same tables as the
embedded engine on the same bronze."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.stitch.spark_engine import SparkComponents
from tests.spark_session import local_spark
from tests.stitch.lake import Lake, seen

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    yield local_spark("lakecontracts-stitch-tests")


def _load(lake: Lake) -> None:
    # chains, a diamond, a long chain, a user_id conflict (guard), a session that expires
    lake.load(*(seen(i / 10, anon=f"x{i:04d}", session=f"y{i:04d}") for i in range(12)))
    lake.load(*(seen(i / 10 + 0.05, anon=f"x{i + 1:04d}", session=f"y{i:04d}") for i in range(12)))
    lake.load(seen(1, user="u1u1u1", anon="a1a1a1"), seen(1, user="u1u1u1", session="s1s1s1"))
    lake.load(seen(2, anon="a1a1a1", session="s2s2s2"), seen(2, anon="a2a2a2", session="s2s2s2"))
    lake.load(seen(3, anon="a2a2a2", session="s1s1s1"), seen(3, user="u2u2u2", anon="a2a2a2"))
    # 24.5 h later: the first links of the long chain have expired, the rest still hold
    lake.load(seen(4, anon="lonely"), seen(24.5, anon="later1", session="later2"))


def test_spark_and_embedded_publish_identical_tables(spark: Any, tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    _load(lake)
    embedded, on_spark = tmp_path / "embedded", tmp_path / "spark"
    one = lake.stitch(out=embedded)
    two = lake.stitch(out=on_spark, components=SparkComponents(spark))
    assert one == two
    assert one.quarantined == 1 and one.largest >= 10
    names = ("identity_graph_snapshot", "identity_resolution", "identity_link")
    for name in (*names, "identity_quarantine"):
        assert (embedded / f"{name}.parquet").read_bytes() == (
            on_spark / f"{name}.parquet"
        ).read_bytes(), name
