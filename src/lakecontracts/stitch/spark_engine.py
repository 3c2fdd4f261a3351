"""The scale-out engine: connected components with large-star / small-star on Spark.

Kiveris et al., "Connected Components in MapReduce and Beyond" (SoCC 2014): alternate a
large-star step (every node links its larger neighbours to the smallest node of its
neighbourhood) and a small-star step (every node links itself and its smaller neighbours to
the smallest of them) until the edge set stops changing; then every node points at the
smallest node of its component. Both steps are DataFrame joins and aggregations, so the work
spreads over a cluster (AWS Glue runs Spark); the loop stops when an iteration changes
nothing.

Only the labelling runs on Spark: the live edges go out as Parquet (hashed node strings, as
``identity_link`` holds them), the (node, root) pairs come back as Parquet, and the rest of the
resolution (guard, oldest survivor, confidence, history) is the embedded code, so both engines
publish identical tables (tested).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

IntArray = npt.NDArray[np.int64]
MAX_ROUNDS = 200


class SparkComponents:
    """A ``components`` step for :func:`resolve.resolve` backed by a SparkSession."""

    def __init__(self, spark: Any) -> None:
        self.spark = spark

    def __call__(self, nodes: pa.ChunkedArray, src: IntArray, dst: IntArray) -> IntArray:
        labels = np.arange(len(nodes), dtype=np.int64)
        if len(src) == 0:
            return labels
        with tempfile.TemporaryDirectory(prefix="stitch-spark-") as tmp:
            edges = pa.table(
                {
                    "a": pc.take(nodes, pa.array(src, pa.int64())),
                    "b": pc.take(nodes, pa.array(dst, pa.int64())),
                }
            )
            pq.write_table(edges, Path(tmp) / "edges.parquet")
            roots = self._roots(str(Path(tmp) / "edges.parquet"), str(Path(tmp) / "roots"))
        member = pc.index_in(roots.column("node"), value_set=nodes).to_numpy()
        root = pc.index_in(roots.column("root"), value_set=nodes).to_numpy()
        labels[member.astype(np.int64)] = root.astype(np.int64)
        return labels

    def _roots(self, edges_path: str, roots_path: str) -> pa.Table:
        from pyspark.sql import functions as F

        edges = self.spark.read.parquet(edges_path).select("a", "b")
        edges = edges.where(F.col("a") != F.col("b")).distinct().localCheckpoint()
        for _ in range(MAX_ROUNDS):
            stepped = _small_star(_large_star(edges)).localCheckpoint()
            if _same(stepped, edges):
                break
            edges = stepped
        else:  # pragma: no cover - the algorithm converges in O(log^2 n) rounds
            raise RuntimeError(f"large-star/small-star did not converge in {MAX_ROUNDS} rounds")
        roots = edges.groupBy("a").agg(F.min("b").alias("root")).withColumnRenamed("a", "node")
        roots.write.parquet(roots_path)
        return pq.read_table(roots_path)


def _symmetric(edges: Any) -> Any:
    return edges.union(edges.select(edges.b.alias("a"), edges.a.alias("b")))


def _large_star(edges: Any) -> Any:
    """Connect every strictly larger neighbour of u to m(u) = min(N(u) + u)."""
    from pyspark.sql import functions as F

    both = _symmetric(edges)
    smallest = both.groupBy("a").agg(F.least(F.min("b"), F.col("a")).alias("m"))
    return (
        both.join(smallest, "a")
        .where(F.col("b") > F.col("a"))
        .select(F.col("b").alias("a"), F.col("m").alias("b"))
        .distinct()
    )


def _small_star(edges: Any) -> Any:
    """Connect u and every neighbour v <= u to m = min of them."""
    from pyspark.sql import functions as F

    down = _symmetric(edges).where(F.col("b") <= F.col("a"))
    smallest = down.groupBy("a").agg(F.min("b").alias("m"))
    linked = down.join(smallest, "a").select(F.col("b").alias("a"), F.col("m").alias("b"))
    own = smallest.select(F.col("a"), F.col("m").alias("b"))
    return linked.union(own).where(F.col("a") != F.col("b")).distinct()


def _same(left: Any, right: Any) -> bool:
    return bool(left.exceptAll(right).isEmpty() and right.exceptAll(left).isEmpty())


def local_session(app: str = "contracts-stitch") -> Any:
    """The SparkSession to run on: the job's own (AWS Glue) or a local one named ``app``.

    The DSAR purge's Spark engine runs on the same session settings (UTC, no console progress).
    """
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.appName(app)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
