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
from lakecontracts.stitch.bronze import list_bronze, read_sightings
from lakecontracts.stitch.history import CHANGE_SCHEMA, RESOLUTION_SCHEMA, change_log, scd2
from lakecontracts.stitch.keys import StitchKey
from lakecontracts.stitch.links import LINK_SCHEMA, NODE_SCHEMA, batch_tables, merge_tables
from lakecontracts.stitch.resolve import Components, embedded_components, resolve
from lakecontracts.stitch.rules import StitchRules

Progress = Callable[[str], None]

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


def _run(request: StitchRequest, progress: Progress) -> StitchSummary:
    out, rules = request.out, request.rules
    state = store.read_state(out)
    _check_compatible(state, request)
    linking = rules.linking(request.graph)
    seen: dict[str, int] = dict(state.get("files", {}))
    files = [f for f in list_bronze(request.bronze, request.since) if f.relpath not in seen]
    progress(f"reading {len(files)} new bronze file(s)")
    con = duckdb.connect()
    sightings = read_sightings(con, request.bronze, files, linking, request.key)
    progress(f"hashing and linking {sightings.table.num_rows} sighting(s)")
    new_nodes, new_links = batch_tables(con, sightings.table, linking, request.key.version)
    nodes = store.read_table(out, "identity_nodes", NODE_SCHEMA)
    links = store.read_table(out, "identity_link", LINK_SCHEMA)
    changed = new_nodes.num_rows > 0 or not (out / "identity_nodes.parquet").is_file()
    if new_nodes.num_rows:  # an idle run keeps the tables as they are (already merged, sorted)
        nodes = merge_tables(con, nodes, new_nodes, "nodes")
        links = merge_tables(con, links, new_links, "links")
    _check_kinds(out, nodes, {rule.name for rule in linking})
    as_of = request.as_of or _latest(nodes)
    as_of_naive = as_of.astimezone(UTC).replace(tzinfo=None)
    progress(f"components over {nodes.num_rows} node(s) and {links.num_rows} edge(s)")
    result = resolve(
        nodes,
        links,
        linking,
        rules.max_component_size,
        _to_us(as_of_naive),
        request.components,
    )
    previous = store.read_table(out, "identity_resolution", RESOLUTION_SCHEMA)
    snapshot = result.snapshot.select(SNAPSHOT_COLUMNS)
    changes = change_log(con, previous, snapshot, result.links, as_of_naive)
    history = scd2(con, previous, snapshot, as_of_naive)
    all_changes = pa.concat_tables(
        [store.read_table(out, "identity_changes", CHANGE_SCHEMA), changes]
    )
    seen.update({f.relpath: f.size for f in files})
    progress("publishing")
    store.publish(
        out,
        {
            **({"identity_nodes": nodes} if changed else {}),
            "identity_link": result.links,
            "identity_graph_snapshot": snapshot,
            "identity_resolution": history,
            "identity_changes": all_changes,
            "identity_quarantine": result.quarantine,
        },
        {
            "format": store.STATE_FORMAT,
            "graph": request.graph,
            "key_version": request.key.version,
            "files": dict(sorted(seen.items())),
        },
    )
    kinds = pc.value_counts(changes.column("change")).to_pylist() if changes.num_rows else []
    tally = {entry["values"]: entry["counts"] for entry in kinds}
    return StitchSummary(
        files=len(files),
        events=sightings.events,
        blocked=sightings.blocked,
        nodes=nodes.num_rows,
        edges=links.num_rows,
        live_edges=result.live_edges,
        components=result.components,
        largest=result.largest,
        merges=tally.get("merge", 0),
        splits=tally.get("split", 0),
        absorbs=tally.get("absorb", 0),
        quarantined=result.quarantined,
        as_of=as_of_naive.isoformat() + "Z",
    )


def identity_link_rows(out: Path) -> list[dict[str, object]]:
    """The published ``identity_link`` rows, for writing them to the operational database."""
    rows: list[dict[str, object]] = store.read_table(out, "identity_link", LINK_SCHEMA).to_pylist()
    return rows


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
