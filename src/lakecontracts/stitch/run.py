"""One stitch run: new bronze files in, every output table out, a summary back.

Incremental by construction: the state lists the bronze files already folded in, so a run
reads only new files, folds their sightings into the previous node and link tables (an
associative merge) and recomputes components over the whole (cheap on integer IDs). The
result equals a full recompute over the same bronze; a rerun with nothing new changes
nothing, byte for byte. The as-of time (expiry, recency) is the latest sighting in the data
unless given, never the wall clock, for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from lakecontracts.errors import Location, StitchInputError
from lakecontracts.stitch import store
from lakecontracts.stitch.bronze import BronzeFile, Sightings, list_bronze, read_sightings
from lakecontracts.stitch.history import CHANGE_SCHEMA, RESOLUTION_SCHEMA, change_log, scd2
from lakecontracts.stitch.keys import StitchKey
from lakecontracts.stitch.links import (
    LINK_SCHEMA,
    NODE_SCHEMA,
    PUBLISHED_LINK_SCHEMA,
    batch_tables,
    merge_tables,
)
from lakecontracts.stitch.resolve import Components, Resolution, embedded_components, resolve
from lakecontracts.stitch.rules import StitchRules

Progress = Callable[[str], None]
#: How many times a run calls its progress callback, once as each stage starts: reading
#: bronze, hashing and linking, merging, components, history, publishing (a bar's length).
STAGES = 6

SNAPSHOT_COLUMNS = [*NODE_SCHEMA.names, "identity_id", "confidence_score", "component_size"]


@dataclass(frozen=True)
class StitchSummary:
    files: int
    events: int
    blocked: int
    nodes: int
    edges: int
    live_edges: int
    components: int
    largest: int
    merges: int
    splits: int
    absorbs: int
    quarantined: int
    as_of: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class StitchRequest:
    bronze: Path
    out: Path
    rules: StitchRules
    key: StitchKey
    graph: str = "analytics"
    since: date | None = None
    as_of: datetime | None = None
    components: Components = embedded_components


def run_stitch(request: StitchRequest, progress: Progress = lambda _: None) -> StitchSummary:
    with store.locked(request.out):
        return _run(request, progress)


@dataclass(frozen=True)
class _Folded:
    """The node and link tables after folding in this run's new bronze."""

    nodes: pa.Table
    links: pa.Table
    changed: bool  # the tables differ from the published ones
    files: list[BronzeFile]
    sightings: Sightings


def _run(request: StitchRequest, progress: Progress) -> StitchSummary:
    out = request.out
    state = store.read_state(out)
    _check_compatible(state, request)
    linking = request.rules.linking(request.graph)
    con = duckdb.connect()
    folded = _fold_bronze(con, request, set(state.get("files", {})), progress)
    _check_kinds(out, folded.nodes, {rule.name for rule in linking})
    as_of = (request.as_of or _latest(folded.nodes)).astimezone(UTC).replace(tzinfo=None)
    progress(f"components over {folded.nodes.num_rows} node(s) and {folded.links.num_rows} edge(s)")
    result = resolve(
        folded.nodes,
        folded.links,
        linking,
        request.rules.max_component_size,
        _to_us(as_of),
        request.components,
    )
    progress("history and change log")
    previous = store.read_table(out, "identity_resolution", RESOLUTION_SCHEMA)
    snapshot = result.snapshot.select(SNAPSHOT_COLUMNS)
    changes = change_log(con, previous, snapshot, result.links, as_of)
    progress("publishing")
    tables = {
        "identity_link": result.links,
        "identity_graph_snapshot": snapshot,
        "identity_resolution": scd2(con, previous, snapshot, as_of),
        "identity_changes": pa.concat_tables(
            [store.read_table(out, "identity_changes", CHANGE_SCHEMA), changes]
        ),
        "identity_quarantine": result.quarantine,
    }
    if folded.changed:
        tables["identity_nodes"] = folded.nodes
    files = dict(state.get("files", {})) | {f.relpath: f.size for f in folded.files}
    store.publish(out, tables, _state(request, files))
    return _summary(folded, result, changes, as_of)


def _fold_bronze(
    con: duckdb.DuckDBPyConnection, request: StitchRequest, seen: set[str], progress: Progress
) -> _Folded:
    """Read the bronze files not folded in yet and merge their sightings into the tables."""
    linking = request.rules.linking(request.graph)
    files = [f for f in list_bronze(request.bronze, request.since) if f.relpath not in seen]
    progress(f"reading {len(files)} new bronze file(s)")
    sightings = read_sightings(con, request.bronze, files, linking, request.key)
    progress(f"hashing and linking {sightings.table.num_rows} sighting(s)")
    new_nodes, new_links = batch_tables(con, sightings.table, linking, request.key.version)
    progress("merging with the previous run's nodes and edges")
    nodes = store.read_table(request.out, "identity_nodes", NODE_SCHEMA)
    links = store.read_table(request.out, "identity_link", LINK_SCHEMA)
    changed = new_nodes.num_rows > 0 or not (request.out / "identity_nodes.parquet").is_file()
    if new_nodes.num_rows:  # an idle run keeps the tables as they are (already merged, sorted)
        nodes = merge_tables(con, nodes, new_nodes, "nodes")
        links = merge_tables(con, links, new_links, "links")
    return _Folded(nodes, links, changed, files, sightings)


def _state(request: StitchRequest, files: dict[str, int]) -> dict[str, object]:
    return {
        "format": store.STATE_FORMAT,
        "graph": request.graph,
        "key_version": request.key.version,
        "files": dict(sorted(files.items())),
    }


def _summary(
    folded: _Folded, result: Resolution, changes: pa.Table, as_of: datetime
) -> StitchSummary:
    kinds = pc.value_counts(changes.column("change")).to_pylist() if changes.num_rows else []
    tally = {entry["values"]: entry["counts"] for entry in kinds}
    return StitchSummary(
        files=len(folded.files),
        events=folded.sightings.events,
        blocked=folded.sightings.blocked,
        nodes=folded.nodes.num_rows,
        edges=folded.links.num_rows,
        live_edges=result.live_edges,
        components=result.components,
        largest=result.largest,
        merges=tally.get("merge", 0),
        splits=tally.get("split", 0),
        absorbs=tally.get("absorb", 0),
        quarantined=result.quarantined,
        as_of=as_of.isoformat() + "Z",
    )


def identity_link_rows(out: Path) -> list[dict[str, object]]:
    """The published ``identity_link`` rows in the operational database's shape (opsdb
    ``identity_link``: graph, src_hash, dst_hash, kinds, key_version, first/last seen,
    sightings, first_event_id, status active|expired|cut, reason_code), so the DB write can be
    wired without reading Parquet itself."""
    graph = store.read_state(out).get("graph", "analytics")
    rows: list[dict[str, object]] = []
    for link in store.read_table(out, "identity_link", PUBLISHED_LINK_SCHEMA).to_pylist():
        status, reason = (
            ("cut", "over_merge_cap")
            if link["cut"]
            else ("expired", "lifetime_expired")
            if link["expired"]
            else ("active", None)
        )
        rows.append(
            {
                "graph": graph,
                "src_hash": link["src"],
                "dst_hash": link["dst"],
                "src_kind": link["src_kind"],
                "dst_kind": link["dst_kind"],
                "key_version": link["key_version"],
                "first_seen": _utc(link["first_seen"]),
                "last_seen": _utc(link["last_seen"]),
                "sightings": link["count"],
                "first_event_id": link["event_id"],
                "status": status,
                "reason_code": reason,
            }
        )
    return rows


def _utc(moment: datetime) -> datetime:
    """Stitch tables hold UTC as naive timestamps; the database wants them zone-aware."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _check_compatible(state: dict[str, object], request: StitchRequest) -> None:
    for field, wanted in (("graph", request.graph), ("key_version", request.key.version)):
        had = state.get(field)
        if had is not None and had != wanted:
            raise StitchInputError(
                f"{request.out} holds a stitch with {field} {had!r}, not {wanted!r}",
                location=Location(str(request.out)),
                hint="use a separate --out folder per graph and per key version",
            )


def _check_kinds(out: Path, nodes: pa.Table, linking: set[str]) -> None:
    """Nodes from an earlier run whose identifier no longer links (registry.yaml changed)."""
    stale = sorted(set(pc.unique(nodes.column("kind")).to_pylist()) - linking)
    if stale:
        raise StitchInputError(
            f"{out} holds nodes of {', '.join(stale)}, which no longer link in this graph",
            location=Location(str(out)),
            hint="the identifier rules changed: recompute from bronze into a fresh --out folder",
        )


def _latest(nodes: pa.Table) -> datetime:
    latest = pc.max(nodes.column("last_seen")).as_py() if nodes.num_rows else None
    if latest is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    assert isinstance(latest, datetime)
    return latest.replace(tzinfo=UTC)


def _to_us(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1)).total_seconds()) * 1_000_000 + moment.microsecond
