"""``contracts stitch explain ID``: why an identity holds the nodes it holds.

Reads only the published tables: the identity's nodes and their SCD-2 history, the links
touching them (with the first bridging event and whether each is live, expired or cut) and
every change-log row naming the identity. Nodes are shown as hashes; raw identifiers are never
stored, so they cannot be shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from lakecontracts.errors import Location, StitchInputError
from lakecontracts.stitch import store
from lakecontracts.stitch.duck import query
from lakecontracts.stitch.history import CHANGE_SCHEMA, RESOLUTION_SCHEMA
from lakecontracts.stitch.links import PUBLISHED_LINK_SCHEMA

_SHORT = 16


def explain(out: Path, identity_id: str) -> str:
    con = duckdb.connect()
    con.register("r", store.read_table(out, "identity_resolution", RESOLUTION_SCHEMA))
    con.register("c", store.read_table(out, "identity_changes", CHANGE_SCHEMA))
    con.register("l", store.read_table(out, "identity_link", PUBLISHED_LINK_SCHEMA))
    history = query(
        con,
        "SELECT node, kind, identity_id, confidence_score, valid_from, valid_to FROM r "
        "WHERE node IN (SELECT node FROM r WHERE identity_id = $id) ORDER BY node, valid_from",
        {"id": identity_id},
    ).to_pylist()
    changes = query(
        con,
        "SELECT * FROM c WHERE identity_id = $id OR other_id = $id ORDER BY as_of, change",
        {"id": identity_id},
    ).to_pylist()
    if not history and not changes:
        raise StitchInputError(
            f"no identity {identity_id!r} in {out}",
            location=Location(str(out)),
            hint="identity IDs look like i-<32 hex>; list them from identity_graph_snapshot",
        )
    current = sorted(
        r["node"] for r in history if r["identity_id"] == identity_id and r["valid_to"] is None
    )
    links = query(
        con,
        "SELECT * FROM l WHERE list_contains($nodes, src) OR list_contains($nodes, dst) "
        "ORDER BY first_seen, src, dst",
        {"nodes": current},
    ).to_pylist()
    return "\n".join(_render(identity_id, history, current, links, changes))


def _render(
    identity_id: str,
    history: list[dict[str, Any]],
    current: list[str],
    links: list[dict[str, Any]],
    changes: list[dict[str, Any]],
) -> Iterator[str]:
    yield f"identity {identity_id}: {len(current)} node(s) now"
    yield "nodes (hash, kind, identity, confidence, valid from .. to):"
    for row in history:
        until = row["valid_to"].isoformat() if row["valid_to"] else "now"
        yield (
            f"  {row['node'][:_SHORT]}  {row['kind']:<14} {row['identity_id']}  "
            f"{row['confidence_score']:.4f}  {row['valid_from'].isoformat()} .. {until}"
        )
    yield "links (src, dst, rule, sightings, first bridging event, state):"
    for link in links:
        state = "cut by the guard" if link["cut"] else "expired" if link["expired"] else "live"
        yield (
            f"  {link['src'][:_SHORT]} ~ {link['dst'][:_SHORT]}  "
            f"{link['src_kind']}~{link['dst_kind']}  x{link['count']}  "
            f"{link['event_id']} at {link['first_seen'].isoformat()}  {state}"
        )
    yield "changes (as of, change, identity, other, nodes, bridging event, rule):"
    for change in changes:
        yield (
            f"  {change['as_of'].isoformat()}  {change['change']:<6} {change['identity_id']}  "
            f"{change['other_id'] or '-'}  {change['nodes']}  {change['event_id'] or '-'}  "
            f"{change['rule']}"
        )
    if not changes:
        yield "  (none: the identity has not merged, split or absorbed since it appeared)"
