"""What the Silver models join and exclude by event: identity_id, and erased subjects' events.

Both need the stitch's keyed hashes of each event's identifiers, which SQL cannot compute
without the key. So, before dbt runs, the stitch's own bronze reader
(:func:`lakecontracts.stitch.bronze.read_sightings`) hashes every event's identifiers once
and two Parquet files are written to the curate work folder, holding event IDs and identity
IDs only (never an identifier, never the key):

* ``event_identity.parquet``: event_id -> identity_id, the current identity (``valid_to`` is
  NULL in ``identity_resolution``) of the event's highest-ranked identifier that has one
  (``user_id``, then ``anon_id``, ...): the anchor order the stitch links by.
* ``excluded_events.parquet``: the events carrying an identifier whose hash is on the DSAR
  exclusion list, under the key version the list names.

With no identity_resolution and an empty exclusion list nothing is read (curate pays nothing).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from lakecontracts.stitch.bronze import list_bronze, read_sightings
from lakecontracts.stitch.duck import query
from lakecontracts.stitch.history import RESOLUTION_SCHEMA
from lakecontracts.stitch.keys import StitchKey
from lakecontracts.stitch.rules import StitchRules
from lakecontracts.stitch.store import read_table

RESOLUTION_TABLE = "identity_resolution"
EVENT_IDENTITY_FILE = "event_identity.parquet"
EXCLUDED_EVENTS_FILE = "excluded_events.parquet"
EXCLUSIONS_DIGEST_FILE = "exclusions.sha256"

KeyLoader = Callable[[int], StitchKey]


@dataclass(frozen=True)
class EventFiles:
    event_identity: Path | None
    excluded_events: Path | None
    identities: int  # events with an identity_id
    excluded: int  # events left out


def resolution_present(identity: Path) -> bool:
    return (identity / f"{RESOLUTION_TABLE}.parquet").is_file()


def prepare(
    work: Path,
    bronze: Path,
    rules: StitchRules,
    load_key: KeyLoader,
    identity: Path | None,
    exclusions: list[dict[str, Any]],
) -> EventFiles:
    """Write (or remove) the two files; keys are loaded only for the versions in use."""
    folder = work / "events"
    folder.mkdir(parents=True, exist_ok=True)
    current = _current_resolution(identity)
    wanted: dict[int, set[str]] = {}
    for entry in exclusions:
        wanted.setdefault(int(entry["key_version"]), set()).add(str(entry["hash"]))
    versions = sorted({*wanted, *([rules.key_version] if current is not None else [])})
    if not versions or not bronze.is_dir():
        return _write(folder, None, None)
    keys = {v: load_key(v) for v in versions}
    identifiers = tuple(r for r in rules.identifiers if not r.name.endswith(".*"))
    files = list_bronze(bronze)
    ranks = pa.table({"kind": [r.name for r in identifiers], "rank": [r.rank for r in identifiers]})
    con = duckdb.connect()
    try:
        identities: pa.Table | None = None
        excluded: list[pa.Table] = []
        for version in versions:
            sightings = read_sightings(con, bronze, files, identifiers, keys[version]).table
            con.register("s", sightings)
            if current is not None and version == rules.key_version:
                con.register("r", current)
                con.register("ranks", ranks)
                identities = query(
                    con,
                    "SELECT s.event_id, arg_min(r.identity_id, ranks.rank) AS identity_id "
                    "FROM s JOIN r ON r.node = s.node AND r.kind = s.kind "
                    "JOIN ranks ON ranks.kind = s.kind GROUP BY s.event_id ORDER BY s.event_id",
                )
            if version in wanted:
                con.register("w", pa.table({"node": sorted(wanted[version])}))
                excluded.append(
                    query(con, "SELECT DISTINCT event_id FROM s WHERE node IN (SELECT node FROM w)")
                )
        out = pa.concat_tables(excluded).group_by("event_id").aggregate([]) if excluded else None
    finally:
        con.close()
    return _write(folder, identities, out)


def _current_resolution(identity: Path | None) -> pa.Table | None:
    if identity is None or not resolution_present(identity):
        return None
    table = read_table(identity, RESOLUTION_TABLE, RESOLUTION_SCHEMA)
    current = table.filter(pa.compute.is_null(table["valid_to"]))
    return current.select(["node", "kind", "identity_id"])


def _write(folder: Path, identities: pa.Table | None, excluded: pa.Table | None) -> EventFiles:
    return EventFiles(
        _publish(folder / EVENT_IDENTITY_FILE, identities),
        _publish(folder / EXCLUDED_EVENTS_FILE, excluded),
        identities.num_rows if identities is not None else 0,
        excluded.num_rows if excluded is not None else 0,
    )


def _publish(path: Path, table: pa.Table | None) -> Path | None:
    """Write ``table`` atomically (a temporary file, then a rename); None removes the file."""
    if table is None:
        path.unlink(missing_ok=True)
        return None
    partial = path.with_suffix(".partial")
    pq.write_table(table, partial)
    os.replace(partial, path)
    return path


def exclusions_changed(work: Path, exclusions: list[dict[str, Any]]) -> bool:
    """Whether the exclusion list differs from the one the last completed run honoured.

    A changed list means rows already in the engine's incremental state may belong to a newly
    erased subject: the caller rebuilds from bronze (a full refresh) instead of adding to it.
    """
    path = work / EXCLUSIONS_DIGEST_FILE
    previous = path.read_text(encoding="utf-8").strip() if path.is_file() else _digest([])
    return previous != _digest(exclusions)


def record_exclusions(work: Path, exclusions: list[dict[str, Any]]) -> None:
    """Remember the list a completed run honoured (see :func:`exclusions_changed`)."""
    path = work / EXCLUSIONS_DIGEST_FILE
    partial = path.with_suffix(".partial")
    partial.write_text(_digest(exclusions) + "\n", encoding="utf-8")
    os.replace(partial, path)


def _digest(exclusions: Sequence[Mapping[str, Any]]) -> str:
    entries = sorted((str(e["hash"]), int(e["key_version"])) for e in exclusions)
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()
