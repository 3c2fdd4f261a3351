"""Remove erased subjects from the stitch outputs and re-split what remains (issue #17).

The subjects' nodes and every edge touching one leave ``identity_nodes`` and
``identity_link``; components, identity IDs and confidence are recomputed over what remains
with the same code and the same as-of time as the last run (the latest sighting before the
removal), so the result is what a stitch over bronze without the subjects would give.
History rows of the removed nodes, and change-log rows naming an identity ID derived from one
of them, are dropped; the remaining nodes' history continues with the re-split. Published all
at once under the stitch folder's lock, like a run.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from lakecontracts.stitch import store
from lakecontracts.stitch.history import CHANGE_SCHEMA, RESOLUTION_SCHEMA, change_log, scd2
from lakecontracts.stitch.links import LINK_SCHEMA, NODE_SCHEMA
from lakecontracts.stitch.resolve import resolve
from lakecontracts.stitch.rules import StitchRules
from lakecontracts.stitch.run import SNAPSHOT_COLUMNS, _latest, _to_us


@dataclass(frozen=True)
class Forgotten:
    nodes_removed: int
    edges_removed: int
    history_rows_removed: int
    change_rows_removed: int


def forget(out: Path, hashes: Collection[str], rules: StitchRules) -> Forgotten:
    """Remove the nodes ``hashes`` (and identity IDs made from them) from the outputs in ``out``."""
    with store.locked(out):
        return _forget(out, hashes, rules)


def _forget(out: Path, hashes: Collection[str], rules: StitchRules) -> Forgotten:
    if not (out / "identity_nodes.parquet").is_file():
        return Forgotten(0, 0, 0, 0)
    state = store.read_state(out)
    gone = pa.array(sorted(hashes), pa.string())
    gone_ids = pa.array(sorted({f"i-{h[:32]}" for h in hashes}), pa.string())
    nodes = store.read_table(out, "identity_nodes", NODE_SCHEMA)
    links = store.read_table(out, "identity_link", LINK_SCHEMA)
    kept_nodes = nodes.filter(pc.invert(pc.is_in(nodes.column("node"), gone)))
    touching = pc.or_(pc.is_in(links.column("src"), gone), pc.is_in(links.column("dst"), gone))
    kept_links = links.filter(pc.invert(touching))
    if kept_nodes.num_rows == nodes.num_rows and kept_links.num_rows == links.num_rows:
        return Forgotten(0, 0, 0, 0)
    as_of = _latest(nodes).replace(tzinfo=None)
    linking = rules.linking(str(state.get("graph", "analytics")))
    result = resolve(kept_nodes, kept_links, linking, rules.max_component_size, _to_us(as_of))
    history = store.read_table(out, "identity_resolution", RESOLUTION_SCHEMA)
    kept_history = history.filter(_neither(history, "node", "identity_id", gone, gone_ids))
    changes = store.read_table(out, "identity_changes", CHANGE_SCHEMA)
    kept_changes = changes.filter(_neither(changes, "identity_id", "other_id", gone_ids, gone_ids))
    snapshot = result.snapshot.select(SNAPSHOT_COLUMNS)
    con = duckdb.connect()
    new_changes = change_log(con, kept_history, snapshot, result.links, as_of)
    tables = {
        "identity_nodes": kept_nodes,
        "identity_link": result.links,
        "identity_graph_snapshot": snapshot,
        "identity_resolution": scd2(con, kept_history, snapshot, as_of),
        "identity_changes": pa.concat_tables([kept_changes, new_changes]),
        "identity_quarantine": result.quarantine,
    }
    store.publish(out, tables, state)
    return Forgotten(
        nodes_removed=nodes.num_rows - kept_nodes.num_rows,
        edges_removed=links.num_rows - kept_links.num_rows,
        history_rows_removed=history.num_rows - kept_history.num_rows,
        change_rows_removed=changes.num_rows - kept_changes.num_rows,
    )


def _neither(
    table: pa.Table, first: str, second: str, first_values: pa.Array, second_values: pa.Array
) -> pa.ChunkedArray:
    hit = pc.or_(
        pc.fill_null(pc.is_in(table.column(first), first_values), False),
        pc.fill_null(pc.is_in(table.column(second), second_values), False),
    )
    return pc.invert(hit)
