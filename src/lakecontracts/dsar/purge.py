"""Purge Parquet layers: rewrite only the files holding a subject row, conserve the rest.

Per file: statistics choose the columns that may match, a scan of those columns decides, and
only a file with a subject row is rewritten without those rows. Each column is decoded once:
the scanned columns are kept and only the others are read for the rewrite. The new file is
read back before the swap and must equal the kept rows exactly; the journal records its
content hash (Arrow IPC stream, schema included), so other subjects' rows are conserved
exactly or nothing moves. Each rewrite is journalled (``journal``); a crash leaves the old or
the new file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lakecontracts.dsar import journal
from lakecontracts.dsar.matcher import Target, candidate_columns, request_counts, subject_mask
from lakecontracts.errors import DsarError, Location

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Rewrite:
    """One rewritten file (``path`` relative to the lake root)."""

    layer: str
    path: str
    rows_before: int
    rows_after: int
    sha256_before: str
    sha256_after: str
    kept_rows_sha256: str
    # rows removed per request (a row holding two requests' subjects counts for both)
    rows_by_request: dict[str, int] = field(default_factory=dict)

    @property
    def rows_removed(self) -> int:
        return self.rows_before - self.rows_after

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"rows_removed": self.rows_removed}


@dataclass(frozen=True)
class LayerPurge:
    layer: str
    files_scanned: int
    files_rewritten: list[Rewrite]


def parquet_files(folder: Path) -> list[Path]:
    """Parquet files below ``folder``, skipping hidden and underscore names (staging, markers)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*.parquet"):
        parts = path.relative_to(folder).parts
        if any(part.startswith((".", "_")) for part in parts):
            continue
        found.append(path)
    return sorted(found)


def purge_layer(
    root: Path,
    layer: str,
    target: Target,
    journal_dir: Path,
    request_ids: list[str],
    threads: int = 0,
) -> LayerPurge:
    files = parquet_files(root / layer)
    workers = threads or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(
            pool.map(lambda p: _purge_file(root, layer, p, target, journal_dir, request_ids), files)
        )
    return LayerPurge(layer, len(files), [r for r in results if r is not None])


def _purge_file(
    root: Path, layer: str, path: Path, target: Target, journal_dir: Path, request_ids: list[str]
) -> Rewrite | None:
    try:
        handle = pq.ParquetFile(path)
        columns = candidate_columns(handle.metadata, target)
        if not columns:
            return None
        probe = handle.read(columns=columns)
        mask = subject_mask(probe, target, columns)
        if not pc.any(mask).as_py():
            return None
        counts = request_counts(probe.filter(mask), target, columns)
        return _rewrite(root, layer, path, _whole(handle, probe), mask, handle.metadata,
                        journal_dir, request_ids, counts)  # fmt: skip
    except (pa.ArrowException, OSError) as exc:
        raise DsarError(
            f"cannot purge {path}: {exc}",
            location=Location(str(path)),
            hint="a Parquet file the purge cannot read stays as it is; repair or restore it, rerun",
        ) from None


def _whole(handle: pq.ParquetFile, probe: pa.Table) -> pa.Table:
    """The whole file, reusing the columns already decoded for the scan."""
    schema = handle.schema_arrow
    names = schema.names
    if len(set(names)) != len(names):  # duplicate top-level names: select by name fails
        return handle.read()
    scanned = set(probe.column_names)
    others = handle.read(columns=[name for name in names if name not in scanned])
    arrays = [(probe if name in scanned else others).column(name) for name in names]
    return pa.Table.from_arrays(arrays, schema=schema)


def _rewrite(
    root: Path,
    layer: str,
    path: Path,
    table: pa.Table,
    mask: pa.ChunkedArray,
    metadata: pq.FileMetaData,
    journal_dir: Path,
    request_ids: list[str],
    counts: dict[str, int],
) -> Rewrite:
    before = journal.file_sha256(path)
    kept = table.filter(pc.invert(mask))
    staged = journal.staged_path(path)
    _write_like(kept, staged, metadata)
    readback = pq.ParquetFile(staged).read()
    if not readback.equals(kept, check_metadata=True):
        staged.unlink(missing_ok=True)
        raise DsarError(
            f"the rewrite of {path} does not read back as the kept rows",
            location=Location(str(path)),
            hint="the original is untouched; report this as a bug",
        )
    rewrite = Rewrite(
        layer=layer,
        path=str(path.relative_to(root)),
        rows_before=table.num_rows,
        rows_after=kept.num_rows,
        sha256_before=before,
        sha256_after=journal.file_sha256(staged),
        kept_rows_sha256=table_sha256(readback),
        rows_by_request=counts,
    )
    commit(journal_dir, request_ids, rewrite, staged, path)
    return rewrite


def commit(
    journal_dir: Path, request_ids: list[str], rewrite: Rewrite, staged: Path, path: Path
) -> None:
    """Journal the intent, swap the staged file in, journal it done."""
    journal.append(journal_dir, {"step": "intent", "requests": request_ids, **rewrite.as_dict()})
    journal.swap(staged, path)
    journal.append(journal_dir, {"step": "done", "requests": request_ids, **rewrite.as_dict()})


def _write_like(table: pa.Table, target: Path, metadata: pq.FileMetaData) -> None:
    """Write with the original's codec and row-group size, complete and synced."""
    codec = "snappy"
    row_group = 1 << 20
    if metadata.num_row_groups:
        first = metadata.row_group(0)
        row_group = max(first.num_rows, 1)
        if first.num_columns:
            codec = first.column(0).compression.lower()
    codec = "none" if codec == "uncompressed" else codec
    pq.write_table(table, target, compression=codec, row_group_size=row_group)
    with open(target, "rb") as synced:
        os.fsync(synced.fileno())


def table_sha256(table: pa.Table) -> str:
    """SHA-256 of the table's Arrow IPC stream (schema and rows, one chunk layout)."""
    digest = hashlib.sha256()
    combined = table.combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, combined.schema) as writer:
        writer.write_table(combined)
    digest.update(memoryview(sink.getvalue()))
    return digest.hexdigest()


def iter_rewrites(purges: list[LayerPurge]) -> Iterator[Rewrite]:
    for purge in purges:
        yield from purge.files_rewritten
