"""From the node and link tables to identities: expiry, components, the over-merge guard,
oldest-survivor IDs and confidence, as Arrow tables (numpy in between, no Python loops over
nodes or edges)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from lakecontracts.stitch.components import (
    edge_indices,
    identity_ids,
    label_components,
    survivors,
)
from lakecontracts.stitch.confidence import edge_strength, node_confidence
from lakecontracts.stitch.guard import enforce_caps
from lakecontracts.stitch.rules import IdentifierRule

IntArray = npt.NDArray[np.int64]
_US_PER_HOUR = 3_600_000_000
_NEVER = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Resolution:
    """What one resolution produced; tables sorted by their keys."""

    snapshot: pa.Table  # node, kind, key_version, identity_id, component_size, first_seen, ...
    links: pa.Table  # the link table plus expired / cut flags
    quarantine: pa.Table  # cut edges with the component they were cut from and why
    components: int
    largest: int
    live_edges: int
    quarantined: int


Components = Callable[[pa.ChunkedArray, IntArray, IntArray], IntArray]


def embedded_components(nodes: pa.ChunkedArray, src: IntArray, dst: IntArray) -> IntArray:
    """The default engine: scipy in process."""
    return label_components(len(nodes), src, dst)


def resolve(
    nodes: pa.Table,
    links: pa.Table,
    rules: Sequence[IdentifierRule],
    max_component_size: int | None,
    as_of_us: int,
    components: Components = embedded_components,
) -> Resolution:
    names = [rule.name for rule in rules]
    kinds = _codes(nodes.column("kind"), names)
    src, dst = edge_indices(nodes.column("node"), links)
    last_seen = _us(links.column("last_seen"))
    expired = _expired(kinds, src, dst, last_seen, rules, as_of_us)
    live = np.nonzero(~expired)[0]
    n = nodes.num_rows
    labels = components(nodes.column("node"), src[live], dst[live])
    first_seen = _us(nodes.column("first_seen"))
    count = _ints(links.column("count"))
    guard = enforce_caps(
        labels,
        kinds,
        [rule.max_per_identity for rule in rules],
        names,
        max_component_size,
        (src[live], dst[live], count[live], _us(links.column("first_seen"))[live]),
    )
    cut = np.zeros(links.num_rows, dtype=bool)
    cut[live] = guard.cut
    ranks = np.array([rule.rank for rule in rules], dtype=np.int64)
    survivor = survivors(guard.labels, first_seen, ranks[kinds])
    ids = identity_ids(nodes.column("node"), survivor)
    size = np.bincount(guard.labels)[guard.labels] if n else np.zeros(0, np.int64)
    kept = live[~guard.cut]
    weights = np.array([rule.weight for rule in rules])
    strength = edge_strength(
        np.minimum(weights[kinds[src[kept]]], weights[kinds[dst[kept]]]),
        count[kept],
        last_seen[kept],
        as_of_us,
    )
    confidence = node_confidence(n, src[kept], dst[kept], strength, size)
    snapshot = nodes.append_column("identity_id", ids)
    snapshot = snapshot.append_column("confidence_score", pa.array(confidence, pa.float64()))
    snapshot = snapshot.append_column("component_size", pa.array(size, pa.int64()))
    flagged = links.append_column("expired", pa.array(expired)).append_column("cut", pa.array(cut))
    quarantine = _quarantine(flagged, cut, src, guard.reasons, labels, ids)
    sizes = np.bincount(guard.labels) if n else np.zeros(0, np.int64)
    return Resolution(
        snapshot=snapshot,
        links=flagged,
        quarantine=quarantine,
        components=int(np.count_nonzero(sizes)),
        largest=int(sizes.max()) if n else 0,
        live_edges=len(kept),
        quarantined=len(guard.reasons),
    )


def _expired(
    kinds: IntArray,
    src: IntArray,
    dst: IntArray,
    last_seen: IntArray,
    rules: Sequence[IdentifierRule],
    as_of_us: int,
) -> npt.NDArray[np.bool_]:
    """An edge lives for the shorter lifetime of its two identifiers after its last sighting."""
    lifetime = np.array(
        [_NEVER if r.lifetime_hours is None else r.lifetime_hours * _US_PER_HOUR for r in rules],
        dtype=np.int64,
    )
    if len(src) == 0:
        return np.zeros(0, dtype=bool)
    life = np.minimum(lifetime[kinds[src]], lifetime[kinds[dst]])
    never = life == _NEVER
    deadline = np.where(never, _NEVER, last_seen + np.where(never, 0, life))
    return np.asarray(deadline < as_of_us)


def _quarantine(
    links: pa.Table,
    cut: npt.NDArray[np.bool_],
    src: IntArray,
    reasons: dict[int, str],
    labels_before: IntArray,
    ids: pa.Array,
) -> pa.Table:
    rows = np.nonzero(cut)[0]
    before = labels_before[src[rows]]
    why = [reasons[int(label)] for label in before.tolist()]
    # The component a cut edge came from is named by the identity its source now holds.
    table = links.take(pa.array(rows, pa.int64())).select(
        ["src", "dst", "src_kind", "dst_kind", "first_seen", "last_seen", "count", "event_id"]
    )
    table = table.append_column("identity_id", pc.take(ids, pa.array(src[rows], pa.int64())))
    return table.append_column("reason", pa.array(why, pa.string()))


def _codes(kind: pa.ChunkedArray, names: Sequence[str]) -> IntArray:
    codes = pc.index_in(kind, value_set=pa.array(names))
    if codes.null_count:
        raise ValueError("a node has an identifier kind the rules do not declare")
    return _ints(codes)


def _us(column: pa.ChunkedArray) -> IntArray:
    return _ints(pc.cast(column, pa.int64()))


def _ints(array: pa.Array | pa.ChunkedArray) -> IntArray:
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.int64)
