"""``pii_mask_audit`` rows for a DSAR purge: one per transformation, with its reason code.

A rewrite removes the rows of every request the purge covered at once; each request gets a
row per rewritten file that held its subject, ``rows_affected`` being the rows of its subject
(a row holding two subjects counts for both). The identity graph gets ``nodes_removed`` and
``edges_removed`` rows (the purge's totals, shared by its requests). Subjects appear as their
HMAC hash and key version only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from lakecontracts.opsdb.schema import pii_mask_audit


@dataclass(frozen=True)
class MaskRow:
    request_id: str
    subject_hash: str
    key_version: int
    layer: str
    location: str
    transformation: str
    reason_code: str
    rows_affected: int
    hash_before: str | None = None
    hash_after: str | None = None


def record_masks(
    engine: sa.Engine, rows: Sequence[MaskRow], run_id: str | None, at: datetime | None = None
) -> int:
    if not rows:
        return 0
    performed = (at or datetime.now(UTC)).astimezone(UTC)
    with engine.begin() as connection:
        connection.execute(pii_mask_audit.insert(), list(_values(rows, run_id, performed)))
    return len(rows)


def _values(
    rows: Iterable[MaskRow], run_id: str | None, performed: datetime
) -> Iterable[dict[str, object]]:
    for row in rows:
        yield {
            "request_id": row.request_id,
            "subject_hash": row.subject_hash,
            "key_version": row.key_version,
            "layer": row.layer,
            "location": row.location[:1024],
            "transformation": row.transformation,
            "reason_code": row.reason_code,
            "rows_affected": row.rows_affected,
            "hash_before": row.hash_before,
            "hash_after": row.hash_after,
            "performed_at": performed,
            "run_id": run_id,
        }
