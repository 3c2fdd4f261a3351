"""Connected components on integer node IDs, and the stable identity ID of each.

Nodes are numbered by their position in the node table (sorted by hash), edges are mapped
to those numbers with Arrow's hash lookup (``pyarrow.compute.index_in``, never a Python
dict), and scipy's ``connected_components`` labels the graph.

**Oldest survivor.** A component's ``identity_id`` comes from its earliest-seen node (ties:
the higher-ranked identifier, then the smaller hash): when two identities merge the older
one's ID survives; adding edges that do not touch a component cannot change its ID; a split
leaves the old ID with the part holding that node and gives the others their own oldest
node's ID. The label therefore
depends only on the data, which is what makes an incremental run equal a full recompute.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

IntArray = npt.NDArray[np.int64]
IDENTITY_PREFIX = "i-"
IDENTITY_HEX = 32
_RANKS = 16


def edge_indices(nodes: pa.Array | pa.ChunkedArray, links: pa.Table) -> tuple[IntArray, IntArray]:
    """Each link's endpoints as positions in ``nodes`` (one hash table, both columns)."""
    both = pa.chunked_array(links.column("src").chunks + links.column("dst").chunks, pa.string())
    positions = pc.index_in(both, value_set=nodes)
    if positions.null_count:
        raise ValueError("a link names a node missing from the node table")
    flat = _ints(positions)
    return flat[: links.num_rows], flat[links.num_rows :]


def label_components(n_nodes: int, src: IntArray, dst: IntArray) -> IntArray:
    """A component label per node (scipy, undirected)."""
    if n_nodes == 0:
        return np.zeros(0, np.int64)
    ones = np.ones(len(src), dtype=np.int8)
    graph = coo_matrix((ones, (src, dst)), shape=(n_nodes, n_nodes)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def survivors(labels: IntArray, first_seen: IntArray, rank: IntArray) -> IntArray:
    """For every node, the position of its component's oldest node. Ties (identifiers first
    seen in the same event) go to the higher-ranked identifier (user_id before anon_id), then
    to the smaller position, i.e. the smaller hash, since the node table is sorted by hash.
    Two passes of ``minimum.at``, no sort."""
    n = len(labels)
    if n == 0:
        return np.zeros(0, np.int64)
    n_labels = int(labels.max()) + 1
    # microseconds since 1970 times 16 stay far inside int64; later ranks share the last slot
    key = first_seen * _RANKS + np.minimum(rank, _RANKS - 1)
    best = np.full(n_labels, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(best, labels, key)
    tied = np.nonzero(key == best[labels])[0]
    survivor_of_label = np.full(n_labels, n, dtype=np.int64)
    np.minimum.at(survivor_of_label, labels[tied], tied)
    return survivor_of_label[labels]


def identity_ids(nodes: pa.Array | pa.ChunkedArray, survivor: IntArray) -> pa.Array:
    """``i-`` + the first 32 hex digits of the survivor node's hash, per node."""
    heads = pc.utf8_slice_codeunits(pc.take(nodes, pa.array(survivor)), 0, IDENTITY_HEX)
    return pc.binary_join_element_wise(pa.scalar(IDENTITY_PREFIX), heads, "")


def _ints(array: pa.Array | pa.ChunkedArray) -> IntArray:
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.int64)
