"""The Spark engine for ``contracts dsar purge --engine spark``: the scan and the rewrites of
Silver and Gold Parquet run as Spark jobs; the journal, the swap and the read-back check are
the embedded engine's, so both engines leave the same lake (tested with PySpark local).

Per group of files with one schema:

- **Needles.** The subjects' stored hashes and identity IDs, and the raw identifiers whose HMAC
  is a subject node: Spark computes the distinct values of each identifier column, the driver
  hashes them (each value once, :mod:`matcher`'s memo; the key never enters a Spark plan, a
  UDF or a log) and keeps the few that match. Needles are a small DataFrame of (value, request)
  broadcast into joins, so no identifier appears in a query plan either.
- **Scan.** Every string column is joined to the needles; rows per file and per request come
  back (a row holding two requests' subjects counts for both, as in the embedded engine).
- **Rewrite.** Only files with a subject row: Spark reads the file, anti-joins every string
  column with the needles, writes one Parquet file with the original's codec; it replaces the
  original only when the new file, read back, has the original's schema and exactly the
  original's rows less the subject rows (multiset equality in Spark, and the row count the
  scan found), and its content hash is journalled like the embedded engine's.

Bronze and quarantine (NDJSON) and the identity graph stay on the embedded code.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow as pa
import pyarrow.parquet as pq

from lakecontracts.dsar import journal
from lakecontracts.dsar.matcher import Target, matched_raw_values, string_columns
from lakecontracts.dsar.purge import LayerPurge, Rewrite, commit, parquet_files, table_sha256
from lakecontracts.errors import DsarError, Location
from lakecontracts.stitch.spark_engine import local_session as stitch_session

_TMP_PREFIX = ".dsar-spark-"  # hidden: readers of the folder skip it
_CHUNK = 100_000  # distinct identifier values hashed per batch on the driver
_VALUE, _OWNER, _KIND, _FILE = "__dsar_value", "__dsar_request", "__dsar_kind", "__dsar_file"


class SparkPurge:
    """Purges Parquet layers with a SparkSession (the job's own, or a local one)."""

    def __init__(self, spark: Any) -> None:
        self.spark = spark

    def purge_layer(
        self, root: Path, layer: str, target: Target, journal_dir: Path, request_ids: list[str]
    ) -> LayerPurge:
        for leftover in (root / layer).rglob(f"{_TMP_PREFIX}*"):  # a crash while writing one
            shutil.rmtree(leftover, ignore_errors=True)
        files = parquet_files(root / layer)
        rewrites = []
        for schema, group in _by_schema(files).items():
            columns = string_columns(schema)
            if not columns:
                continue
            frame = self._read(group)
            needles = self._needles(frame, columns, target)
            found = self._scan(frame, columns, needles, target)
            for path in group:
                counts = found.get(path.resolve())
                if counts is None:
                    continue
                rewrite = self._rewrite(root, layer, path, columns, needles, target, counts)
                commit(journal_dir, request_ids, rewrite, journal.staged_path(path), path)
                rewrites.append(rewrite)
        return LayerPurge(layer, len(files), rewrites)

    def _read(self, paths: list[Path]) -> Any:
        from pyspark.sql import functions as F

        frame = self.spark.read.parquet(*map(_spark_path, paths))
        return frame.withColumn(_FILE, F.input_file_name())

    def _needles(self, frame: Any, columns: list[str], target: Target) -> Any:
        rows: set[tuple[str, str, str]] = set()
        for value in target.values:  # any string column may hold a stored hash
            rows.update((value, owner, "") for owner in target.owners.get(value) or {""})
        for name in columns:
            kind = target.identifier_columns.get(name)
            if kind is None:
                continue
            for chunk in _chunks(frame.select(name).distinct().toLocalIterator()):
                column = pa.chunked_array([pa.array(chunk, pa.string())])
                for raw in matched_raw_values(column, kind, target):
                    for digest in target.memo.digests(kind, raw):
                        rows.update(
                            (raw, owner, kind) for owner in target.owners.get(digest) or {""}
                        )
        schema = f"{_VALUE} string, {_OWNER} string, {_KIND} string"
        return self.spark.createDataFrame(sorted(rows), schema=schema)

    def _scan(
        self, frame: Any, columns: list[str], needles: Any, target: Target
    ) -> dict[Path, dict[str, int]]:
        """Files holding a subject row: rows per request (``""``: a match no request owns) and
        the file's matched rows under :data:`_TOTAL`. One pass: each string column is left-
        joined to the needles' request sets, a row's requests are their union."""
        from pyspark.sql import functions as F

        rows = frame.select(_FILE, *columns)
        sets = []
        for index, name in enumerate(columns):
            owners = (
                _for_column(needles, name, target)
                .groupBy(_VALUE)
                .agg(F.collect_set(_OWNER).alias("owners"))
            )
            side = owners.select(
                F.col(_VALUE).alias(f"__v{index}"), F.col("owners").alias(f"__o{index}")
            )
            rows = rows.join(F.broadcast(side), rows[name] == side[f"__v{index}"], "left")
            sets.append(F.coalesce(F.col(f"__o{index}"), F.array().cast("array<string>")))
        union = sets[0]
        for more in sets[1:]:
            union = F.array_union(union, more)
        matched = rows.select(_FILE, union.alias(_OWNER)).where(F.size(_OWNER) > 0).cache()
        try:
            by_request = (
                matched.select(_FILE, F.explode(_OWNER).alias(_OWNER))
                .groupBy(_FILE, _OWNER)
                .count()
                .collect()
            )
            totals = matched.groupBy(_FILE).count().collect()
        finally:
            matched.unpersist()
        found: dict[Path, dict[str, int]] = {}
        for row in by_request:
            found.setdefault(_path_of(row[_FILE]), {})[row[_OWNER]] = int(row["count"])
        for row in totals:
            found[_path_of(row[_FILE])][_TOTAL] = int(row["count"])
        return found

    def _rewrite(
        self,
        root: Path,
        layer: str,
        path: Path,
        columns: list[str],
        needles: Any,
        target: Target,
        counts: dict[str, int],
    ) -> Rewrite:
        """The new file, checked and staged beside the original (not swapped yet)."""
        from pyspark.sql import functions as F

        original = pq.ParquetFile(path)
        removed = counts.pop(_TOTAL)
        kept = self.spark.read.parquet(_spark_path(path))
        for name in columns:
            values = F.broadcast(_for_column(needles, name, target).select(_VALUE).distinct())
            kept = kept.join(values, kept[name] == values[_VALUE], "left_anti")
        staged = journal.staged_path(path)
        with tempfile.TemporaryDirectory(prefix=_TMP_PREFIX, dir=path.parent) as tmp:
            out = Path(tmp) / "out"
            (
                kept.coalesce(1)
                .write.option("compression", _codec(original.metadata))
                .parquet(str(out.resolve()))  # written, not globbed
            )
            parts = sorted(out.glob("part-*.parquet"))
            if len(parts) != 1:
                raise _bug(path, f"Spark wrote {len(parts)} files for one")
            self._check(path, parts[0], kept, original, removed)
            shutil.move(parts[0], staged)
        with open(staged, "rb") as handle:
            os.fsync(handle.fileno())
        readback = pq.read_table(staged)
        readback = readback.replace_schema_metadata(original.schema_arrow.metadata)
        return Rewrite(
            layer=layer,
            path=str(path.relative_to(root)),
            rows_before=original.metadata.num_rows,
            rows_after=readback.num_rows,
            sha256_before=journal.file_sha256(path),
            sha256_after=journal.file_sha256(staged),
            kept_rows_sha256=table_sha256(readback),
            rows_by_request={k: v for k, v in sorted(counts.items()) if k},
        )

    def _check(
        self, path: Path, written: Path, kept: Any, original: pq.ParquetFile, removed: int
    ) -> None:
        """The new file must have the original's schema and exactly the kept rows."""
        schema = pq.read_schema(written).remove_metadata()
        if schema != original.schema_arrow.remove_metadata():
            raise DsarError(
                f"the Spark rewrite of {path} changes its schema ({schema} vs "
                f"{original.schema_arrow.remove_metadata()})",
                location=Location(str(path)),
                hint="the original is untouched; purge this layer with --engine embedded",
            )
        back = self.spark.read.parquet(_spark_path(written))
        rows = back.count()
        if rows != original.metadata.num_rows - removed or not (
            back.exceptAll(kept).isEmpty() and kept.exceptAll(back).isEmpty()
        ):
            raise _bug(path, "the Spark rewrite does not read back as the kept rows")


_TOTAL = "\0rows"  # the file's matched rows, beside the per-request counts


def _for_column(needles: Any, name: str, target: Target) -> Any:
    """The needles a column is matched with: stored hashes in any string column, raw values only
    in an identifier column of their kind (as the embedded matcher does)."""
    from pyspark.sql import functions as F

    kinds = ["", target.identifier_columns.get(name, "")]
    return needles.where(F.col(_KIND).isin(*kinds))


def _by_schema(files: list[Path]) -> dict[pa.Schema, list[Path]]:
    groups: dict[pa.Schema, list[Path]] = {}
    for path in files:
        try:
            schema = pq.read_schema(path).remove_metadata()
        except (pa.ArrowException, OSError) as exc:
            raise DsarError(
                f"cannot purge {path}: {exc}",
                location=Location(str(path)),
                hint="a Parquet file the purge cannot read stays as it is; repair or restore it",
            ) from None
        groups.setdefault(schema, []).append(path)
    return groups


def _chunks(rows: Iterator[Any]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for row in rows:
        if isinstance(row[0], str):
            chunk.append(row[0])
        if len(chunk) >= _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _spark_path(path: Path) -> str:
    """An absolute local path as Spark reads it: glob characters escaped (Hadoop globs them)."""
    text = str(path.resolve())
    for char in "\\*?[]{}":
        text = text.replace(char, "\\" + char)
    return text


def _path_of(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path)).resolve()


def _codec(metadata: pq.FileMetaData) -> str:
    codec = "snappy"
    if metadata.num_row_groups and metadata.row_group(0).num_columns:
        codec = metadata.row_group(0).column(0).compression.lower()
    return "none" if codec == "uncompressed" else codec


def _bug(path: Path, what: str) -> DsarError:
    return DsarError(
        f"{what} ({path})",
        location=Location(str(path)),
        hint="the original is untouched; report this as a bug",
    )


def local_session() -> Any:
    """The SparkSession to run on: the job's own (AWS Glue) or a local one."""
    return stitch_session("contracts-dsar")
