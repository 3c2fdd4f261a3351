"""SCD-2 history of node -> identity and the change log (merge, split, absorb) between runs.

Both compare the previous run's current mapping with this run's. A node new to the graph
opens its first row at its first sighting; a node whose identity changed closes its row and
opens a new one at the run's as-of time, so history only ever grows and an idle run adds
nothing.

Change kinds: ``merge`` (an identity absorbed another: ``identity_id`` survived,
``other_id`` was absorbed), ``split`` (part of ``other_id`` now forms ``identity_id``: an
expired edge, a guard cut or a removal), ``absorb`` (nodes never seen before joined an
existing identity). Each row names the bridging event and the rule (the two identifier
kinds of the bridging edge).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from lakecontracts.stitch.duck import query

RESOLUTION_SCHEMA = pa.schema(
    [
        ("node", pa.string()),
        ("kind", pa.string()),
        ("key_version", pa.int32()),
        ("identity_id", pa.string()),
        ("confidence_score", pa.float64()),
        ("valid_from", pa.timestamp("us")),
        ("valid_to", pa.timestamp("us")),
    ]
)
CHANGE_SCHEMA = pa.schema(
    [
        ("as_of", pa.timestamp("us")),
        ("change", pa.string()),
        ("identity_id", pa.string()),
        ("other_id", pa.string()),
        ("nodes", pa.int64()),
        ("event_id", pa.string()),
        ("rule", pa.string()),
    ]
)


def scd2(
    con: duckdb.DuckDBPyConnection, previous: pa.Table, snapshot: pa.Table, as_of: object
) -> pa.Table:
    if previous.num_rows == 0:  # the first run: every node opens its row at its first sighting
        first = snapshot.select(["node", "kind", "key_version", "identity_id", "confidence_score"])
        first = first.append_column("valid_from", snapshot.column("first_seen"))
        nulls = pa.nulls(snapshot.num_rows, pa.timestamp("us"))
        return first.append_column("valid_to", nulls).cast(RESOLUTION_SCHEMA)
    con.register("prev", previous)
    con.register("cur", snapshot)
    table = query(
        con,
        """
        WITH pc AS (SELECT node, identity_id FROM prev WHERE valid_to IS NULL)
        SELECT p.node, p.kind, p.key_version, p.identity_id,
               CASE WHEN p.valid_to IS NULL AND c.identity_id = p.identity_id
                    THEN c.confidence_score ELSE p.confidence_score END AS confidence_score,
               p.valid_from,
               CASE WHEN p.valid_to IS NULL AND c.identity_id IS DISTINCT FROM p.identity_id
                    THEN $as_of ELSE p.valid_to END AS valid_to
        FROM prev p LEFT JOIN cur c USING (node)
        UNION ALL
        SELECT c.node, c.kind, c.key_version, c.identity_id, c.confidence_score,
               CASE WHEN pc.node IS NULL THEN c.first_seen ELSE $as_of END AS valid_from,
               NULL AS valid_to
        FROM cur c LEFT JOIN pc USING (node)
        WHERE pc.node IS NULL OR pc.identity_id <> c.identity_id
        ORDER BY node, valid_from, valid_to NULLS LAST
        """,
        {"as_of": as_of},
    )
    con.unregister("prev")
    con.unregister("cur")
    return table.cast(RESOLUTION_SCHEMA)


def change_log(
    con: duckdb.DuckDBPyConnection,
    previous: pa.Table,
    snapshot: pa.Table,
    links: pa.Table,
    as_of: object,
) -> pa.Table:
    """This run's changes (empty for an idle run and for the first run)."""
    if previous.num_rows == 0:
        return CHANGE_SCHEMA.empty_table()
    con.register("prev", previous)
    con.register("cur", snapshot)
    con.register("lk", links)
    table = query(
        con,
        """
        WITH pc AS (SELECT node, identity_id AS pid FROM prev WHERE valid_to IS NULL),
        m AS (SELECT c.node, c.identity_id AS cid, pc.pid FROM cur c LEFT JOIN pc USING (node)),
        pairs AS (SELECT DISTINCT cid, pid FROM m WHERE pid IS NOT NULL AND pid <> cid),
        parts AS (SELECT pid, count(DISTINCT cid) AS n FROM m
                  WHERE pid IN (SELECT pid FROM pairs) GROUP BY pid),
        merges AS (SELECT cid, pid FROM pairs JOIN parts USING (pid) WHERE parts.n = 1),
        splits AS (SELECT cid, pid FROM pairs JOIN parts USING (pid) WHERE parts.n > 1),
        absorbs AS (
          SELECT cid, count(*) AS n FROM m
          WHERE pid IS NULL AND cid IN (SELECT pid FROM pc) GROUP BY cid),
        -- Only the identities a change names can hold a bridging edge, and every such edge
        -- has both ends in one of them (now or before): the rest of the graph is not joined.
        involved AS (SELECT node FROM m
                     WHERE cid IN (SELECT cid FROM pairs UNION ALL SELECT cid FROM absorbs)
                        OR pid IN (SELECT pid FROM pairs)),
        e AS (SELECT l.*, a.cid AS a_cid, b.cid AS b_cid, a.pid AS a_pid, b.pid AS b_pid
              FROM lk l SEMI JOIN involved i ON i.node = l.src
              JOIN m a ON a.node = l.src JOIN m b ON b.node = l.dst),
        merge_rows AS (
          SELECT 'merge' AS change, g.cid AS identity_id, g.pid AS other_id,
                 (SELECT count(*) FROM m WHERE m.pid = g.pid AND m.cid = g.cid) AS nodes,
                 min(struct_pack(t := e.first_seen, e := e.event_id,
                                 r := e.src_kind || '~' || e.dst_kind)) AS bridge
          FROM merges g LEFT JOIN e ON NOT e.expired AND NOT e.cut
            AND e.a_cid = g.cid AND e.b_cid = g.cid
            AND ((e.a_pid IS NOT DISTINCT FROM g.pid) <> (e.b_pid IS NOT DISTINCT FROM g.pid))
          GROUP BY g.cid, g.pid),
        split_rows AS (
          SELECT 'split' AS change, g.cid AS identity_id, g.pid AS other_id,
                 (SELECT count(*) FROM m WHERE m.pid = g.pid AND m.cid = g.cid) AS nodes,
                 min(struct_pack(t := e.first_seen, e := e.event_id,
                                 r := CASE WHEN e.cut THEN 'guard:' ELSE 'expired:' END
                                      || e.src_kind || '~' || e.dst_kind)) AS bridge
          FROM splits g LEFT JOIN e ON (e.cut OR e.expired)
            AND e.a_pid = g.pid AND e.b_pid = g.pid AND e.a_cid <> e.b_cid
            AND (e.a_cid = g.cid OR e.b_cid = g.cid)
          GROUP BY g.cid, g.pid),
        absorb_rows AS (
          SELECT 'absorb' AS change, g.cid AS identity_id, NULL AS other_id,
                 any_value(g.n) AS nodes,
                 min(struct_pack(t := e.first_seen, e := e.event_id,
                                 r := e.src_kind || '~' || e.dst_kind)) AS bridge
          FROM absorbs g LEFT JOIN e ON NOT e.expired AND NOT e.cut
            AND e.a_cid = g.cid AND e.b_cid = g.cid AND ((e.a_pid IS NULL) <> (e.b_pid IS NULL))
          GROUP BY g.cid)
        SELECT $as_of AS as_of, change, identity_id, other_id, nodes,
               bridge.e AS event_id, coalesce(bridge.r, 'removed') AS rule
        FROM (SELECT * FROM merge_rows UNION ALL SELECT * FROM split_rows
              UNION ALL SELECT * FROM absorb_rows)
        ORDER BY change, identity_id, other_id NULLS FIRST
        """,
        {"as_of": as_of},
    )
    for name in ("prev", "cur", "lk"):
        con.unregister(name)
    return table.cast(CHANGE_SCHEMA)
