"""``contracts dsar verify REQUEST``: scan every layer for residue and build the receipt."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lakecontracts.dsar import receipt, state
from lakecontracts.dsar.lake import NDJSON_LAYERS, Lake, target_of
from lakecontracts.dsar.run import LayerCheck, identity_steps, rewrites_of, verify_layers

RECEIPT_FORMAT = "lakecontracts.dsar.receipt/1"


@dataclass(frozen=True)
class Verification:
    request: dict[str, Any]
    checks: list[LayerCheck]

    @property
    def residue(self) -> int:
        return sum(check.count for check in self.checks)


def verify(lake: Lake, request_id: str) -> Verification:
    with state.locked(lake.folder):
        record = state.load_request(lake.folder, request_id)
        return Verification(record, verify_layers(lake, target_of(lake, [record])))


def build_receipt(
    lake: Lake,
    verification: Verification,
    key: Ed25519PrivateKey,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The signed receipt of a verification with zero residue.

    Every layer, bronze included, was scanned at ``verified_at``, so the data is gone from
    the lake then; ``physically_gone_by`` is the latest expiry of the residual locations
    registry.yaml declares (noncurrent object versions, query results, backups)."""
    record = verification.request
    request_id = record["request_id"]
    verified = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rewrites = rewrites_of(lake, request_id)
    locations = []
    for check in verification.checks:
        mine = [r.as_dict() for r in rewrites if r.layer == check.layer]
        locations.append(
            {
                "layer": check.layer,
                "files_rewritten": mine,
                "rows_removed": sum(int(r["rows_removed"]) for r in mine),  # type: ignore[call-overload]
                "verification": {k: v for k, v in asdict(check).items() if k != "layer"},
            }
        )
    residual = [
        {
            "name": r.name,
            "kind": r.kind,
            "location": r.location,
            "max_days": r.max_days,
            "lifecycle": r.lifecycle or "generated CloudFormation lifecycle rule",
            "expires_on": (verified + timedelta(days=r.max_days)).date().isoformat(),
        }
        for r in lake.residual
    ]
    gone_by = max([verified.date().isoformat(), *(str(r["expires_on"]) for r in residual)])
    body = {
        "format": RECEIPT_FORMAT,
        "request_id": request_id,
        "subject": record["subject"],
        "reason": record["reason"],
        "requested_at": record["requested_at"],
        "deadline_on": record["deadline_on"],
        "verified_at": verified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nodes": len(record["nodes"]),
        "key_versions": record["key_versions"],
        "locations": locations,
        "identity_graph": identity_steps(lake, request_id),
        "residue": verification.residue,
        "bronze_layers": list(NDJSON_LAYERS),
        "residual_locations": residual,
        "physically_gone_by": gone_by,
    }
    return receipt.sign(body, key)
