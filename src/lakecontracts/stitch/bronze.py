"""Bronze to sightings: which linking identifiers each event carried, hashed.

DuckDB reads the NDJSON files written by ``contracts ingest`` (only the envelope fields the
stitch needs), unpivots the identifiers of each event into sightings, and hands the distinct
raw values to Python once: blocked values are dropped there (Python regexes, as declared)
and the rest are HMAC'd. The raw values never leave this step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from lakecontracts.errors import Location, StitchInputError
from lakecontracts.stitch.duck import query
from lakecontracts.stitch.keys import StitchKey, hash_identifiers
from lakecontracts.stitch.rules import IdentifierRule

BRONZE_GLOB = "event=*/v=*/dt=*/hour=*/*.ndjson"


@dataclass(frozen=True)
class BronzeFile:
    relpath: str  # below the bronze root, posix
    size: int


def list_bronze(root: Path, since: date | None = None) -> list[BronzeFile]:
    """Bronze NDJSON files in path order; with ``since``, only partitions dt >= since."""
    if not root.is_dir():
        raise StitchInputError(
            f"bronze folder {root} does not exist",
            location=Location(str(root)),
            hint="pass --bronze DIR, the folder `contracts ingest --bronze` wrote",
        )
    found: list[BronzeFile] = []
    for path in sorted(root.glob(BRONZE_GLOB)):
        dt = path.parent.parent.name.removeprefix("dt=")
        if since is not None and dt < since.isoformat():
            continue
        found.append(BronzeFile(path.relative_to(root).as_posix(), path.stat().st_size))
    return found


@dataclass(frozen=True)
class Sightings:
    """One row per (event, identifier): event_id, ts (UTC), kind, node; and how many values
    were blocked."""

    table: pa.Table
    blocked: int
    events: int


def read_sightings(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    files: Sequence[BronzeFile],
    rules: Sequence[IdentifierRule],
    key: StitchKey,
) -> Sightings:
    if not files or not rules:
        return Sightings(_empty_sightings(), 0, 0)
    paths = [str(root / f.relpath) for f in files]
    columns = {"meta": "STRUCT(event_id VARCHAR, occurred_at VARCHAR)", "context": _context(rules)}
    # Identifiers are read as JSON and kept only when they are strings: a number, object or
    # list where an identifier belongs is not an identity (bronze is validated; this is the
    # belt to its braces).
    selects = ", ".join(
        f"CASE WHEN json_type({_path(rule)}) = 'VARCHAR' "
        f"THEN json_extract_string({_path(rule)}, '$') END AS {_quote(rule.name)}"
        for rule in rules
    )
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT meta.event_id AS event_id, "
            "timezone('UTC', try_cast(meta.occurred_at AS TIMESTAMPTZ)) AS ts, "
            f"{selects} FROM read_json($files, format='newline_delimited', columns=$columns)",
            {"files": paths, "columns": columns},
        )
    except duckdb.Error as exc:
        raise StitchInputError(
            f"bronze cannot be read: {exc}",
            location=Location(str(root)),
            hint="bronze is written only by `contracts ingest`; restore the damaged file "
            "from its source (or its S3 version) and run again",
        ) from None
    names = ", ".join(_quote(rule.name) for rule in rules)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE sighted AS SELECT event_id, ts, kind, value FROM "
        f"(UNPIVOT raw ON {names} INTO NAME kind VALUE value) "
        "WHERE event_id IS NOT NULL AND ts IS NOT NULL"
    )
    events = _scalar(con, "SELECT count(*) FROM raw")
    nodes = _hash_distinct(con, rules, key)
    con.register("node_map", nodes)
    table = query(
        con,
        "SELECT s.event_id, s.ts, s.kind, m.node FROM sighted s "
        "JOIN node_map m ON s.kind = m.kind AND s.value = m.value ORDER BY s.event_id, s.kind",
    )
    blocked = _scalar(con, "SELECT count(*) FROM sighted") - table.num_rows
    con.unregister("node_map")
    return Sightings(table, blocked, events)


def _hash_distinct(
    con: duckdb.DuckDBPyConnection, rules: Sequence[IdentifierRule], key: StitchKey
) -> pa.Table:
    kinds: list[str] = []
    values: list[str] = []
    nodes: list[str] = []
    for rule in rules:
        distinct = con.execute(
            "SELECT DISTINCT value FROM sighted WHERE kind = $kind ORDER BY value",
            {"kind": rule.name},
        ).fetchall()
        kept = [v for (v,) in distinct if not rule.blocked(v)]
        kinds.extend([rule.name] * len(kept))
        values.extend(kept)
        nodes.extend(hash_identifiers(key, rule.name, kept))
    return pa.table({"kind": kinds, "value": values, "node": nodes})


def _context(rules: Sequence[IdentifierRule]) -> str:
    """The DuckDB type of ``context`` holding just the identifiers' paths (nested structs,
    JSON leaves)."""
    tree: dict[str, object] = {}
    for rule in rules:
        node = tree
        for part in rule.path[1:-1]:
            child = node.setdefault(part, {})
            assert isinstance(child, dict)
            node = child
        node[rule.path[-1]] = None
    return _struct(tree)


def _struct(tree: dict[str, object]) -> str:
    fields = ", ".join(
        f"{_quote(name)} {'JSON' if sub is None else _struct(sub)}"  # type: ignore[arg-type]
        for name, sub in sorted(tree.items())
    )
    return f"STRUCT({fields})"


def _path(rule: IdentifierRule) -> str:
    return ".".join(_quote(part) for part in rule.path)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def _empty_sightings() -> pa.Table:
    return pa.table(
        {
            "event_id": pa.array([], pa.string()),
            "ts": pa.array([], pa.timestamp("us")),
            "kind": pa.array([], pa.string()),
            "node": pa.array([], pa.string()),
        }
    )
