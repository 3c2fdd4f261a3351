"""Sightings to the node and edge tables, merged with the previous run's.

An event carrying several linking identifiers links its *anchor* (the first of them in
registry order: user_id before anon_id before session_id) to each of the others: a star,
k-1 edges for k identifiers, enough for connectivity. Edges are undirected and stored with
``src < dst``. Merging is associative (min first_seen, max last_seen, summed count, the
bridging event of the earliest sighting), so folding new bronze into the previous tables
gives exactly what aggregating all bronze at once would (tested).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from lakecontracts.stitch.duck import query
from lakecontracts.stitch.rules import IdentifierRule

NODE_SCHEMA = pa.schema(
    [
        ("node", pa.string()),
        ("kind", pa.string()),
        ("key_version", pa.int32()),
        ("first_seen", pa.timestamp("us")),
        ("last_seen", pa.timestamp("us")),
        ("sightings", pa.int64()),
        ("first_event_id", pa.string()),
    ]
)
LINK_SCHEMA = pa.schema(
    [
        ("src", pa.string()),
        ("dst", pa.string()),
        ("src_kind", pa.string()),
        ("dst_kind", pa.string()),
        ("key_version", pa.int32()),
        ("first_seen", pa.timestamp("us")),
        ("last_seen", pa.timestamp("us")),
        ("count", pa.int64()),
        ("event_id", pa.string()),
    ]
)


def batch_tables(
    con: duckdb.DuckDBPyConnection,
    sightings: pa.Table,
    rules: Sequence[IdentifierRule],
    key_version: int,
) -> tuple[pa.Table, pa.Table]:
    """(nodes, links) aggregated from one batch of sightings."""
    ranks = pa.table(
        {"kind": [r.name for r in rules], "rank": pa.array([r.rank for r in rules], pa.int32())}
    )
    con.register("batch", sightings)
    con.register("ranks", ranks)
    nodes = query(
        con,
        f"""SELECT node, any_value(kind) AS kind, {key_version}::INTEGER AS key_version,
               min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS sightings,
               min(struct_pack(t := ts, e := event_id)).e AS first_event_id
        FROM batch GROUP BY node""",
    )
    links = query(
        con,
        f"""WITH s AS (SELECT b.*, r.rank FROM batch b JOIN ranks r USING (kind)),
        anchor AS (SELECT event_id, min(struct_pack(r := rank, n := node)) AS a
                   FROM s GROUP BY event_id),
        pairs AS (
          SELECT s.event_id, s.ts,
                 CASE WHEN s.node < anchor.a.n THEN s.node ELSE anchor.a.n END AS src,
                 CASE WHEN s.node < anchor.a.n THEN anchor.a.n ELSE s.node END AS dst
          FROM s JOIN anchor USING (event_id) WHERE s.node <> anchor.a.n)
        SELECT src, dst, {key_version}::INTEGER AS key_version,
               min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS count,
               min(struct_pack(t := ts, e := event_id)).e AS event_id
        FROM pairs GROUP BY src, dst""",
    )
    con.unregister("batch")
    con.unregister("ranks")
    return _nodes(nodes), _with_kinds(con, links, nodes)


def merge_tables(
    con: duckdb.DuckDBPyConnection, old: pa.Table, new: pa.Table, kind: str
) -> pa.Table:
    """Fold ``new`` rows into ``old`` (``kind`` is "nodes" or "links"), sorted by key.

    Only the old rows whose key the new batch names are aggregated with it; the rest are
    carried over as they are (an incremental batch touches a small part of the graph)."""
    con.register("old_rows", old)
    con.register("new_rows", new)
    if kind == "nodes":
        key = "node"
        aggregate = """SELECT node, any_value(kind) AS kind, any_value(key_version) AS key_version,
                   min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                   sum(sightings)::BIGINT AS sightings,
                   min(struct_pack(t := first_seen, e := first_event_id)).e AS first_event_id"""
        schema = NODE_SCHEMA
    else:
        key = "src, dst"
        aggregate = """SELECT src, dst, any_value(src_kind) AS src_kind,
                   any_value(dst_kind) AS dst_kind, any_value(key_version) AS key_version,
                   min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                   sum(count)::BIGINT AS count,
                   min(struct_pack(t := first_seen, e := event_id)).e AS event_id"""
        schema = LINK_SCHEMA
    sql = f"""WITH touched AS (SELECT o.* FROM old_rows o SEMI JOIN new_rows n USING ({key})),
        merged AS ({aggregate}
          FROM (SELECT * FROM touched UNION ALL SELECT * FROM new_rows) GROUP BY {key})
        SELECT * FROM (SELECT o.* FROM old_rows o ANTI JOIN new_rows n USING ({key})
                       UNION ALL SELECT * FROM merged)
        ORDER BY {key}"""
    merged = query(con, sql).cast(schema)
    con.unregister("old_rows")
    con.unregister("new_rows")
    return merged


def _nodes(nodes: pa.Table) -> pa.Table:
    return nodes.select(NODE_SCHEMA.names).cast(NODE_SCHEMA)


def _with_kinds(con: duckdb.DuckDBPyConnection, links: pa.Table, nodes: pa.Table) -> pa.Table:
    con.register("l", links)
    con.register("n", nodes)
    out = query(
        con,
        """SELECT l.src, l.dst, a.kind AS src_kind, b.kind AS dst_kind, l.key_version,
                  l.first_seen, l.last_seen, l.count, l.event_id
           FROM l JOIN n a ON a.node = l.src JOIN n b ON b.node = l.dst""",
    )
    con.unregister("l")
    con.unregister("n")
    return out.cast(LINK_SCHEMA)


#: identity_link as published: each link with whether it expired and whether the guard cut it.
PUBLISHED_LINK_SCHEMA = LINK_SCHEMA.append(pa.field("expired", pa.bool_())).append(
    pa.field("cut", pa.bool_())
)
