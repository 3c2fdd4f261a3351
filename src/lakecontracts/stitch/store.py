"""The stitch's output folder: Parquet tables and the run state, published all at once.

A run writes every table and the state into ``.publish/``, fsyncs them, marks the folder
``COMPLETE`` and then moves each file into place. A crash before the mark leaves the previous
outputs untouched (the next run deletes the half-written folder); a crash after it is rolled
forward by the next run, so the outputs are always one run's complete set. One run at a time
holds the folder's lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from lakecontracts.errors import Location, StitchInputError

STATE_FILE = "stitch_state.json"
STATE_FORMAT = "lakecontracts.stitch/1"
_PUBLISH = ".publish"
_COMPLETE = "COMPLETE"


@contextmanager
def locked(out: Path) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StitchInputError(
                f"another stitch run holds {out}",
                location=Location(str(out)),
                hint="wait for it to finish; one run per output folder",
            ) from None
        recover(out)
        yield


def recover(out: Path) -> None:
    """Finish or drop an interrupted publish."""
    staging = out / _PUBLISH
    if not staging.is_dir():
        return
    if (staging / _COMPLETE).is_file():
        _move_into_place(staging, out)
    shutil.rmtree(staging)


def read_table(out: Path, name: str, schema: pa.Schema) -> pa.Table:
    path = out / f"{name}.parquet"
    if not path.is_file():
        return schema.empty_table()
    try:
        table = pq.read_table(path)
        return table.select(schema.names).cast(schema)
    except (pa.ArrowException, KeyError, OSError) as exc:
        raise StitchInputError(
            f"previous stitch output {path} cannot be read: {exc}",
            location=Location(str(path)),
            hint="restore it, or run into a fresh --out folder to recompute from bronze",
        ) from None


def read_state(out: Path) -> dict[str, Any]:
    path = out / STATE_FILE
    if not path.is_file():
        return {"format": STATE_FORMAT, "files": {}}
    try:
        state = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise StitchInputError(
            f"stitch state {path} is not valid JSON: {exc}", location=Location(str(path))
        ) from None
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        raise StitchInputError(
            f"{path} is not a stitch state ({STATE_FORMAT})",
            location=Location(str(path)),
            hint="point --out at a folder only `contracts stitch` writes",
        )
    return state


def publish(out: Path, tables: Mapping[str, pa.Table], state: dict[str, Any]) -> None:
    staging = out / _PUBLISH
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    # pyarrow releases the GIL while encoding: the tables are written side by side.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(
            pool.map(
                lambda item: write_table(staging / f"{item[0]}.parquet", item[1]), tables.items()
            )
        )
    (staging / STATE_FILE).write_bytes(
        orjson.dumps(state, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
    )
    _fsync(staging / STATE_FILE)
    (staging / _COMPLETE).write_bytes(b"")
    _fsync(staging / _COMPLETE)
    _fsync_dir(staging)
    _move_into_place(staging, out)
    shutil.rmtree(staging)


#: String columns with a handful of distinct values (identifier kinds, change kinds, rules).
_FEW_VALUES = frozenset({"kind", "src_kind", "dst_kind", "change", "rule", "reason"})


def write_table(path: Path, table: pa.Table) -> None:
    """One output table as the stitch writes it (zstd, statistics and dictionaries only where
    they pay), fsynced."""
    # Min/max statistics of random 64-hex strings cost a quarter of the write and prune
    # nothing, except on the column a table is sorted by (the first), which lookups by node use.
    stats = [table.schema.names[0]] + [
        f.name for f in table.schema if not pa.types.is_string(f.type)
    ]
    # Dictionary-encoding a column of distinct hashes builds a hash table only to give up
    # after the first page: the writer pays for it and the reader gets mixed pages (reading
    # identity_link took 4x as long). Dictionaries only where values repeat.
    dictionary = [
        f.name
        for f in table.schema
        if f.name in _FEW_VALUES or pa.types.is_integer(f.type) or pa.types.is_boolean(f.type)
    ]
    pq.write_table(
        table,
        path,
        compression="zstd",
        write_statistics=sorted(set(stats)),
        use_dictionary=dictionary,
    )
    _fsync(path)


def _move_into_place(staging: Path, out: Path) -> None:
    for path in sorted(staging.iterdir()):
        if path.name != _COMPLETE:
            os.replace(path, out / path.name)
    _fsync_dir(out)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync(path)
