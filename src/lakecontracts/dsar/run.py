"""``contracts dsar purge`` and ``verify``: every open request, every layer, one journal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from lakecontracts.dsar import bronze, journal, state
from lakecontracts.dsar.lake import NDJSON_LAYERS, PARQUET_LAYERS, Lake, target_of
from lakecontracts.dsar.matcher import Target, string_columns, subject_mask
from lakecontracts.dsar.purge import LayerPurge, Rewrite, parquet_files, purge_layer
from lakecontracts.dsar.spark_engine import SparkPurge
from lakecontracts.stitch.forget import forget

Progress = Callable[[str], None]
DEFAULT_BRONZE_GRACE_DAYS = 7


@dataclass(frozen=True)
class PurgeSummary:
    requests: int
    records: list[dict[str, Any]]  # the request records this purge covered
    layers: list[LayerPurge]
    bronze_due: list[str]  # requests whose bronze purge waits for the grace period
    identity_nodes_removed: int
    identity_edges_removed: int

    def as_dict(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "layers": {
                p.layer: {
                    "files_scanned": p.files_scanned,
                    "files_rewritten": len(p.files_rewritten),
                    "rows_removed": sum(r.rows_removed for r in p.files_rewritten),
                }
                for p in self.layers
            },
            "bronze_waiting_for_grace": self.bronze_due,
            "identity_nodes_removed": self.identity_nodes_removed,
            "identity_edges_removed": self.identity_edges_removed,
        }


def purge(
    lake: Lake,
    now: datetime | None = None,
    bronze_grace_days: int = DEFAULT_BRONZE_GRACE_DAYS,
    progress: Progress = lambda _: None,
    spark: SparkPurge | None = None,
) -> PurgeSummary:
    """Purge every recorded request. ``spark``: Silver and Gold through the Spark engine
    (same results; ``spark_engine``), bronze and the identity graph embedded either way."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with state.locked(lake.folder):
        journal.recover(lake.folder, lake.root)
        requests = state.all_requests(lake.folder)
        if not requests:
            return PurgeSummary(0, [], [], [], 0, 0)
        ids = [r["request_id"] for r in requests]
        target = target_of(lake, requests)
        layers = []
        for layer in PARQUET_LAYERS:
            progress(f"purging {layer}")
            if spark is not None:
                layers.append(spark.purge_layer(lake.root, layer, target, lake.folder, ids))
            else:
                layers.append(purge_layer(lake.root, layer, target, lake.folder, ids))
        ripe = [r for r in requests if _bronze_ripe(r, moment, bronze_grace_days)]
        if ripe:
            layers.extend(_purge_ndjson(lake, ripe, progress))
            journal.append(
                lake.folder,
                {
                    "step": "bronze",
                    "requests": [r["request_id"] for r in ripe],
                    "at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "layers": list(NDJSON_LAYERS),
                },
            )
        progress("removing subjects from the identity graph")
        forgotten = forget(lake.identity_dir, target.values, lake.rules)
        journal.append(
            lake.folder,
            {
                "step": "identity",
                "requests": ids,
                "path": str(lake.identity_dir),
                "nodes_removed": forgotten.nodes_removed,
                "edges_removed": forgotten.edges_removed,
                "history_rows_removed": forgotten.history_rows_removed,
                "change_rows_removed": forgotten.change_rows_removed,
            },
        )
        waiting = sorted(set(ids) - {r["request_id"] for r in ripe})
        return PurgeSummary(
            len(requests),
            requests,
            layers,
            waiting,
            forgotten.nodes_removed,
            forgotten.edges_removed,
        )


def _bronze_ripe(record: dict[str, Any], now: datetime, grace_days: int) -> bool:
    return now >= bronze_due(record, grace_days)


def bronze_due(record: dict[str, Any], grace_days: int) -> datetime:
    """When a request's bronze and quarantine purge becomes due."""
    requested = datetime.fromisoformat(record["requested_at"].replace("Z", "+00:00"))
    return requested + timedelta(days=grace_days)


def bronze_purged_at(folder: Path, request_id: str) -> str | None:
    """When a purge last removed the request's subject from bronze and quarantine, if ever
    (``folder``: the lake's DSAR folder)."""
    found = None
    for entry in journal.entries(folder):
        if entry["step"] == "bronze" and request_id in entry.get("requests", []):
            found = str(entry["at"])
    return found


def _purge_ndjson(lake: Lake, ripe: list[dict[str, Any]], progress: Progress) -> list[LayerPurge]:
    target = target_of(lake, ripe)
    ids = [r["request_id"] for r in ripe]
    out = []
    for layer in NDJSON_LAYERS:
        progress(f"purging {layer}")
        files = bronze.ndjson_files(lake.root / layer)
        rewrites = [
            rewrite
            for path in files
            if (
                rewrite := bronze.purge_file(
                    lake.root, layer, path, target, lake.rules, lake.folder, ids
                )
            )
            is not None
        ]
        out.append(LayerPurge(layer, len(files), rewrites))
    return out


@dataclass(frozen=True)
class LayerCheck:
    """A verification query over one layer and what it found."""

    layer: str
    files: int
    query: str
    count: int


def verify_layers(lake: Lake, target: Target) -> list[LayerCheck]:
    """Scan every layer, every string column, without statistics: the residue count per layer."""
    checks = []
    for layer, folder in _parquet_locations(lake):
        files = parquet_files(folder)
        count = sum(_count_parquet(path, target) for path in files)
        query = (
            f"rows of {folder} where any string column equals a subject hash or identity ID, "
            "or an identifier column's value HMACs to a subject node"
        )
        checks.append(LayerCheck(layer, len(files), query, count))
    for layer in NDJSON_LAYERS:
        files = bronze.ndjson_files(lake.root / layer)
        count = sum(bronze.count_matches(path, target, lake.rules) for path in files)
        query = (
            f"lines of {lake.root / layer} whose identifiers HMAC to a subject node or "
            "hold a subject hash"
        )
        checks.append(LayerCheck(layer, len(files), query, count))
    return checks


def _parquet_locations(lake: Lake) -> list[tuple[str, Path]]:
    return [(layer, lake.root / layer) for layer in PARQUET_LAYERS] + [
        ("identity_graph", lake.identity_dir)
    ]


def _count_parquet(path: Path, target: Target) -> int:
    table = pq.read_table(path)
    columns = string_columns(table.schema)
    return int(pc.sum(subject_mask(table, target, columns).cast("int64")).as_py() or 0)


def rewrites_of(folder: Path, request_id: str) -> list[Rewrite]:
    """The journalled rewrites that removed rows of the request's subject."""
    found = []
    for entry in journal.done_entries(folder):
        requests = entry.get("requests", [])
        if request_id not in requests:
            continue
        # journals written before per-request counts: the file's rows, shared
        counts = entry.get("rows_by_request")
        if counts is None:
            counts = {r: entry["rows_removed"] for r in requests}
        if not counts.get(request_id):
            continue
        fields = {k: entry[k] for k in Rewrite.__dataclass_fields__ if k != "rows_by_request"}
        found.append(Rewrite(**fields, rows_by_request=counts))
    return found


def request_counts(folder: Path, request_id: str) -> dict[str, dict[str, int]]:
    """Per layer: files rewritten and rows removed for the request (from the journal)."""
    counts: dict[str, dict[str, int]] = {}
    for rewrite in rewrites_of(folder, request_id):
        layer = counts.setdefault(rewrite.layer, {"files_rewritten": 0, "rows_removed": 0})
        layer["files_rewritten"] += 1
        layer["rows_removed"] += rewrite.rows_by_request.get(request_id, 0)
    return counts


def identity_steps(folder: Path, request_id: str) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in e.items() if k not in ("step", "requests")}
        for e in journal.entries(folder)
        if e["step"] == "identity" and request_id in e.get("requests", [])
    ]


def mask_rows(summary: PurgeSummary) -> list[Any]:
    """``pii_mask_audit`` rows of a purge (see ``opsdb.mask_audit``)."""
    from lakecontracts.opsdb.mask_audit import MaskRow

    rows = []
    for record in summary.records:
        subject = record["subject"]
        version = max(record["key_versions"])
        common = (record["request_id"], subject["hash"], version)
        for layer in summary.layers:
            for rewrite in layer.files_rewritten:
                removed = rewrite.rows_by_request.get(record["request_id"], 0)
                if removed:
                    rows.append(MaskRow(*common, layer.layer, rewrite.path, "rows_deleted",
                                        record["reason"], removed,
                                        rewrite.sha256_before, rewrite.sha256_after))  # fmt: skip
        for transformation, count in (
            ("nodes_removed", summary.identity_nodes_removed),
            ("edges_removed", summary.identity_edges_removed),
        ):
            if count:
                rows.append(MaskRow(*common, "identity_graph", "identity", transformation,
                                    record["reason"], count))  # fmt: skip
    return rows
