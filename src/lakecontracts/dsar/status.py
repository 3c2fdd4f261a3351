"""``contracts dsar status REQUEST``: what the purges did for one request, from the journal.

The counts are those of the request's ``pii_mask_audit`` rows (both come from the same
rewrites): per layer the files rewritten that held the subject and the subject's rows removed.
No key is needed: the journal and the request record hold hashes and counts only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lakecontracts.dsar import state
from lakecontracts.dsar.lake import DSAR_FOLDER, NDJSON_LAYERS, PARQUET_LAYERS
from lakecontracts.dsar.run import bronze_due, bronze_purged_at, identity_steps, request_counts


def request_status(root: Path, request_id: str, bronze_grace_days: int) -> dict[str, Any]:
    folder = root / DSAR_FOLDER
    record = state.load_request(folder, request_id)
    counts = request_counts(folder, request_id)
    layers = {
        layer: counts.get(layer, {"files_rewritten": 0, "rows_removed": 0})
        for layer in (*PARQUET_LAYERS, *NDJSON_LAYERS)
    }
    steps = identity_steps(folder, request_id)
    receipt = folder / "receipts" / f"{request_id}.json"
    return {
        "request_id": request_id,
        "reason": record["reason"],
        "requested_at": record["requested_at"],
        "deadline_on": record["deadline_on"],
        "layers": layers,
        "identity_graph": {
            "purges": len(steps),
            "nodes_removed": sum(int(s.get("nodes_removed", 0)) for s in steps),
            "edges_removed": sum(int(s.get("edges_removed", 0)) for s in steps),
        },
        "bronze": {
            "purged_at": bronze_purged_at(folder, request_id),
            "due_on": bronze_due(record, bronze_grace_days).date().isoformat(),
        },
        "receipt": str(receipt) if receipt.is_file() else None,
    }
