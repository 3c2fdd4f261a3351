"""Identity stitch at scale: string edges from Parquet to published identity_resolution.

For each size (string edges), a realistic identity graph is generated once with DuckDB into
``--data`` (cached): people with two anon_ids of three sessions each, half of them logged in
(user_id ~ anon_id), and one in fifty sharing a session with the next person (merges, and
user_id conflicts the over-merge guard must cut). Nodes are HMAC-SHA256 hashes of raw
identifiers under the benchmark's key, exactly as the stitch hashes bronze. The tables are laid
out as a previous run left them (``identity_nodes``, ``identity_link``, ``stitch_state.json``,
written by the stitch's own Parquet writer), so the measured command is the real
``contracts stitch --db off`` with no new bronze: it reads the Parquet, maps strings to
integers, expires edges, finds components, applies the guard, picks oldest survivors, scores
confidence, builds SCD-2 history and the change log, and writes every output (the issue's goal:
Parquet to published identity_resolution).

Then one bronze file of new events, 1% of the edge count (new sessions, first logins, sessions
shared across people: absorbs, merges, guard cuts), is added and the same output folder is
stitched again: the incremental run, measured against the whole run (goal: under 10% of it).
``--db-max N`` also times a whole run that mirrors ``identity_link`` into a fresh SQLite
operational database (the default when no --db is given), up to N edges.

Beside it, on the same ``identity_link`` file, each in its own process:
  scipy+arrow  read, map strings with Arrow, scipy connected_components (the floor we build on)
  scipy+dict   read, map strings with a Python dict, scipy connected_components
  networkx     read, networkx Graph + connected_components (skipped above --networkx-max)

Reports wall time and peak RSS per process and the ratio to ours. Asserts nothing about time.

Run: ``.venv/bin/python benchmarks/bench_stitch.py`` (1M and 5M; ``--with-20m`` adds 20M;
generating 20M takes a few minutes once and about 4 GB of disk in --data).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDGES_PER_PERSON = 7.04  # 6 anon~session + 2 user~anon for half + 1/50 shared session
BENCH_KEY = "bench-stitch-key-0123456789abcdef"


DATA_FORMAT = "v2"  # bump when the generated layout changes (cached data is regenerated)
NEW_DAY = "2025-02-01"  # the generated sightings end on 2025-01-31; the new batch is a day later


def generate(folder: Path, edges: int) -> None:
    """identity_nodes.parquet, identity_link.parquet and the state of a finished run, with
    nodes hashed exactly as the stitch hashes raw identifiers (HMAC under BENCH_KEY), so a
    later bronze batch naming the same raw identifiers meets the same nodes."""
    import duckdb
    import pyarrow as pa

    from lakecontracts.stitch.keys import StitchKey, hash_identifiers
    from lakecontracts.stitch.store import write_table

    people = int(edges / EDGES_PER_PERSON)
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE p AS SELECT range AS p, hash(range) % 2592000 AS off FROM range({people})"
    )
    con.execute(
        """CREATE TABLE e AS
        SELECT 'a-' || p || '-' || j AS x, 'anon_id' AS xk,
               's-' || p || '-' || j || '-' || k AS y, 'session_id' AS yk,
               off + j * 3600 + k * 600 AS t, 1 + hash(p, j, k) % 3 AS c
        FROM p, range(2) r1(j), range(3) r2(k)
        UNION ALL
        SELECT 'u-' || p, 'user_id', 'a-' || p || '-' || j, 'anon_id',
               off + j * 3600, 1 + hash(p, j) % 5
        FROM p, range(2) r(j) WHERE p % 2 = 0
        UNION ALL
        SELECT 'a-' || p || '-0', 'anon_id', 's-' || (p + 1) || '-0-0', 'session_id',
               off + 7200, 1
        FROM p WHERE hash(p) % 50 = 0 AND p + 1 < (SELECT count(*) FROM p)"""
    )
    key = StitchKey(1, BENCH_KEY.encode())
    kinds, raws, nodes = [], [], []
    for kind in ("user_id", "anon_id", "session_id"):
        values = [
            v
            for (v,) in con.execute(
                "SELECT DISTINCT v FROM (SELECT x AS v FROM e WHERE xk = $k "
                "UNION ALL SELECT y FROM e WHERE yk = $k)",
                {"k": kind},
            ).fetchall()
        ]
        kinds += [kind] * len(values)
        raws += values
        nodes += hash_identifiers(key, kind, values)
    hashed = pa.table({"kind": kinds, "raw": raws, "node": nodes})
    del kinds, raws, nodes
    con.register("hashed", hashed)
    con.execute(
        """CREATE TABLE h AS SELECT hx.node AS x, e.xk, hy.node AS y, e.yk, e.t, e.c, e.x AS rx,
                  e.y AS ry
           FROM e JOIN hashed hx ON hx.kind = e.xk AND hx.raw = e.x
                  JOIN hashed hy ON hy.kind = e.yk AND hy.raw = e.y"""
    )
    con.unregister("hashed")
    del hashed
    con.execute("DROP TABLE e")
    con.execute(
        """CREATE TABLE l AS SELECT
             least(x, y) AS src, greatest(x, y) AS dst,
             CASE WHEN x < y THEN xk ELSE yk END AS src_kind,
             CASE WHEN x < y THEN yk ELSE xk END AS dst_kind,
             1::INTEGER AS key_version,
             (TIMESTAMP '2025-01-01' + to_seconds(t::BIGINT))::TIMESTAMP AS first_seen,
             (TIMESTAMP '2025-01-01' + to_seconds(t::BIGINT + c * 3600))::TIMESTAMP AS last_seen,
             c::BIGINT AS count, md5(rx || ry) AS event_id
           FROM h"""
    )
    links = con.sql("SELECT * FROM l ORDER BY src, dst").to_arrow_table()
    write_table(folder / "identity_link.parquet", links)
    del links
    nodes_table = con.sql(
        """SELECT node, any_value(kind) AS kind, 1::INTEGER AS key_version,
                  min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                  sum(count)::BIGINT AS sightings,
                  min(struct_pack(t := first_seen, e := event_id)).e AS first_event_id
           FROM (SELECT src AS node, src_kind AS kind, first_seen, last_seen, count, event_id FROM l
                 UNION ALL
                 SELECT dst, dst_kind, first_seen, last_seen, count, event_id FROM l)
           GROUP BY node ORDER BY node"""
    ).to_arrow_table()
    write_table(folder / "identity_nodes.parquet", nodes_table)
    state = {
        "files": {},
        "format": "lakecontracts.stitch/1",
        "graph": "analytics",
        "key_version": 1,
    }
    (folder / "stitch_state.json").write_text(json.dumps(state))
    _new_batch(con, folder / "batch", people, max(1, edges // 100))
    (folder / "COMPLETE").write_text(f"{DATA_FORMAT} {edges}")


def _new_batch(con: object, folder: Path, people: int, events: int) -> None:
    """One bronze file of ``events`` new events after the graph's last sighting (1% of the
    edges): a third new sessions of existing anon_ids (absorbs), a third first logins of
    people without one (absorbs of a user_id), a third sessions shared with another person
    (merges, and user_id conflicts for the guard)."""
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    part = folder / "event=bench.seen" / "v=1" / f"dt={NEW_DAY}" / "hour=00"
    part.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"""COPY (
          SELECT {{'event': 'bench.seen', 'v': 1, 'event_id': 'new-' || i,
                   'occurred_at': strftime(TIMESTAMP '{NEW_DAY}' + to_seconds(i % 86400),
                                           '%Y-%m-%dT%H:%M:%SZ')}} AS meta,
                 CASE i % 3
                   WHEN 0 THEN {{'anon_id': 'a-' || q || '-0',
                                 'session_id': 's-' || q || '-9-' || i, 'user_id': NULL}}
                   WHEN 1 THEN {{'anon_id': 'a-' || (q | 1) || '-1', 'session_id': NULL,
                                 'user_id': 'u-' || (q | 1)}}
                   ELSE {{'anon_id': 'a-' || q || '-1',
                          'session_id': 's-' || ((q + 7) % {people}) || '-1-0', 'user_id': NULL}}
                 END AS context
          FROM (SELECT range AS i, hash(range + 1) % {people} AS q FROM range({events})))
        TO '{part / "part-00000.ndjson"}' (FORMAT json)"""
    )


def child_scipy(links: Path, mapping: str) -> int:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    table = pq.read_table(links, columns=["src", "dst"])
    if mapping == "arrow":
        values = pc.unique(
            pa.chunked_array(table.column("src").chunks + table.column("dst").chunks)
        )
        src = pc.index_in(table.column("src"), value_set=values).to_numpy()
        dst = pc.index_in(table.column("dst"), value_set=values).to_numpy()
        n = len(values)
    else:
        ids: dict[str, int] = {}
        src_l = [ids.setdefault(s, len(ids)) for s in table.column("src").to_pylist()]
        dst_l = [ids.setdefault(d, len(ids)) for d in table.column("dst").to_pylist()]
        src, dst, n = np.array(src_l), np.array(dst_l), len(ids)
    graph = coo_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(n, n)).tocsr()
    count, _ = connected_components(graph, directed=False)
    return int(count)


def child_networkx(links: Path) -> int:
    import networkx as nx
    import pyarrow.parquet as pq

    table = pq.read_table(links, columns=["src", "dst"])
    graph = nx.Graph()
    graph.add_edges_from(
        zip(table.column("src").to_pylist(), table.column("dst").to_pylist(), strict=True)
    )
    return int(nx.number_connected_components(graph))


def measure(argv: list[str], env: dict[str, str] | None = None) -> dict[str, float | str]:
    """Run ``argv`` through a fresh measuring process: wall seconds and the peak RSS of the
    command alone (RUSAGE_CHILDREN of a process whose only child is the command)."""
    wrapper = [sys.executable, __file__, "--measure", "--", *argv]
    out = subprocess.run(wrapper, capture_output=True, text=True, check=True, env=env)
    figures: dict[str, float | str] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _measure_self(argv: list[str]) -> None:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(proc.returncode)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "stdout": proc.stdout}))


def _stitch(work: Path, out: str, db: str) -> list[str]:
    return [sys.executable, "-m", "lakecontracts", "--registry", str(REPO / "contracts"), "stitch",
            "--bronze", str(work / "bronze"), "--out", str(work / out), "--format", "json",
            "--db", db]  # fmt: skip


def _fresh_out(folder: Path, work: Path, out: str) -> None:
    (work / out).mkdir(parents=True)
    for name in ("identity_nodes.parquet", "identity_link.parquet", "stitch_state.json"):
        shutil.copy(folder / name, work / out / name)


def run_size(data: Path, edges: int, networkx_max: int, db_max: int) -> None:
    folder = data / f"edges-{edges}"
    marker = folder / "COMPLETE"
    if not marker.is_file() or not marker.read_text().startswith(DATA_FORMAT):
        print(f"  generating {edges:,} edges into {folder} ...", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, edges)
    work = data / f"run-{edges}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "bronze").mkdir(parents=True)
    _fresh_out(folder, work, "out")
    env = {**os.environ, "CONTRACTS_STITCH_KEY_V1": BENCH_KEY}
    ours = measure(_stitch(work, "out", "off"), env)
    summary = json.loads(str(ours["stdout"]))
    rows = [("contracts stitch (whole run)", ours)]
    shutil.copytree(folder / "batch", work / "bronze", dirs_exist_ok=True)
    incremental = measure(_stitch(work, "out", "off"), env)
    added = json.loads(str(incremental["stdout"]))
    rows.append(("contracts stitch +1% (incremental)", incremental))
    if edges <= db_max:
        _fresh_out(folder, work, "out-db")
        mirrored = measure(_stitch(work, "out-db", f"sqlite:///{work / 'ops.sqlite'}"), env)
        rows.append(("contracts stitch, SQLite mirror", mirrored))
    links = str(folder / "identity_link.parquet")
    rows.append(
        (
            "scipy+arrow (components only)",
            measure([sys.executable, __file__, "--child", "arrow", links]),
        )
    )
    rows.append(
        (
            "scipy+dict (components only)",
            measure([sys.executable, __file__, "--child", "dict", links]),
        )
    )
    if edges <= networkx_max:
        rows.append(
            (
                "networkx (components only)",
                measure([sys.executable, __file__, "--child", "networkx", links]),
            )
        )
    print(
        f"\n{edges:,} string edges: {summary['nodes']:,} nodes, "
        f"{summary['live_edges']:,} live edges, "
        f"{summary['components']:,} components (largest {summary['largest']}), "
        f"{summary['quarantined']:,} quarantined; +1%: {added['events']:,} events, "
        f"{added['merges']:,} merges, {added['absorbs']:,} absorbs, "
        f"{added['quarantined']:,} quarantined"
    )
    base = float(ours["seconds"])
    for label, figures in rows:
        seconds = float(figures["seconds"])
        print(f"  {label:<36} {seconds:8.2f} s  {float(figures['peak_mb']):8.0f} MB peak  "
              f"x{seconds / base:5.2f} of the whole run")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000")
    parser.add_argument("--with-20m", action="store_true", help="add 20,000,000 edges")
    parser.add_argument("--networkx-max", type=int, default=5_000_000)
    parser.add_argument(
        "--db-max",
        type=int,
        default=0,
        help="also time the run with the SQLite operational-database mirror up to this size",
    )
    parser.add_argument("--data", type=Path, default=Path("/tmp/bench_stitch"))
    parser.add_argument("--child", nargs=2, metavar=("KIND", "LINKS"))
    parser.add_argument("--measure", action="store_true")
    args, rest = parser.parse_known_args()
    if args.measure:
        _measure_self([a for a in rest if a != "--"])
        return
    if args.child:
        kind, links = args.child
        count = (
            child_networkx(Path(links)) if kind == "networkx" else child_scipy(Path(links), kind)
        )
        print(json.dumps({"components": count}))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_20m:
        sizes.append(20_000_000)
    print(f"identity stitch benchmark ({os.cpu_count()} cores), data in {args.data}")
    for edges in sizes:
        run_size(args.data, edges, args.networkx_max, args.db_max)


if __name__ == "__main__":
    main()
