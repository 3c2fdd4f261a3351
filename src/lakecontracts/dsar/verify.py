"""``contracts dsar verify REQUEST``: scan every layer for residue and build the receipt."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lakecontracts.dsar import receipt, state
from lakecontracts.dsar.lake import NDJSON_LAYERS, Lake, target_of
from lakecontracts.dsar.purge import Rewrite
from lakecontracts.dsar.run import (
    DEFAULT_BRONZE_GRACE_DAYS,
    LayerCheck,
    bronze_due,
    bronze_purged_at,
    identity_steps,
    rewrites_of,
    verify_layers,
)
from lakecontracts.errors import DsarError

RECEIPT_FORMAT = "lakecontracts.dsar.receipt/1"


@dataclass(frozen=True)
class Verification:
    request: dict[str, Any]
    checks: list[LayerCheck]
    bronze_purged_at: str | None = None  # None: bronze not purged for this request yet
    bronze_due_on: str = ""  # when the bronze purge becomes due (requested + grace)

    @property
    def residue(self) -> int:
        return sum(check.count for check in self.checks)

    @property
    def pending(self) -> bool:
        """Bronze (raw, append-only) is not purged yet: no final receipt before it is."""
        return self.bronze_purged_at is None


def verify(
    lake: Lake, request_id: str, bronze_grace_days: int = DEFAULT_BRONZE_GRACE_DAYS
) -> Verification:
    with state.locked(lake.folder):
        record = state.load_request(lake.folder, request_id)
        checks = verify_layers(lake, target_of(lake, [record]))
        due = bronze_due(record, bronze_grace_days).date().isoformat()
        return Verification(record, checks, bronze_purged_at(lake.folder, request_id), due)


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
    if verification.residue or verification.pending:
        raise DsarError(
            f"no receipt for request {request_id}: "
            + (
                f"{verification.residue} row(s) of the subject remain"
                if verification.residue
                else f"bronze is purged after the grace period, on {verification.bronze_due_on}"
            ),
            hint="run `contracts dsar purge` (bronze once the grace period is over), then verify",
        )
    verified = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rewrites = rewrites_of(lake.folder, request_id)
    locations = []
    for check in verification.checks:
        mine = [_receipt_file(r, request_id) for r in rewrites if r.layer == check.layer]
        locations.append(
            {
                "layer": check.layer,
                "files_rewritten": mine,
                "rows_removed": sum(int(str(r["subject_rows_removed"])) for r in mine),
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
        "identity_graph": identity_steps(lake.folder, request_id),
        "residue": verification.residue,
        "bronze_layers": list(NDJSON_LAYERS),
        "bronze_purged_at": verification.bronze_purged_at,
        "residual_locations": residual,
        "physically_gone_by": gone_by,
    }
    return receipt.sign(body, key)


def _receipt_file(rewrite: Rewrite, request_id: str) -> dict[str, object]:
    """A rewritten file as the receipt shows it: its totals and this request's rows (the other
    requests the same purge covered stay out of this subject's receipt)."""
    entry = {k: v for k, v in rewrite.as_dict().items() if k != "rows_by_request"}
    return entry | {"subject_rows_removed": rewrite.rows_by_request.get(request_id, 0)}
