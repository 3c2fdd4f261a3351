"""``contracts dsar request``: the tombstone event, the request record, the exclusion list.

The tombstone is an event of the registry's own contract ``privacy.dsar_tombstone_created``,
validated by its generated validator and written to ``dsar/outbox/`` as one NDJSON line for
``contracts ingest``. The request record snapshots the subject's expansion (hashes and key
versions only) so later purges and the receipt work from what was known at request time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.dsar import state
from lakecontracts.dsar.subject import Expansion, expand
from lakecontracts.errors import DsarError
from lakecontracts.fsutil import atomic_write_bytes
from lakecontracts.stitch.keys import StitchKey

TOMBSTONE_EVENT = "privacy.dsar_tombstone_created"
TOMBSTONE_VERSION = 1
DEADLINE_DAYS = 30  # GDPR Art. 12(3): one month


@dataclass(frozen=True)
class RequestInput:
    kind: str  # user_id | anon_id
    value: str
    reason: str
    generated: Path
    identity: Path
    folder: Path  # <local_root>/dsar
    keys: Sequence[StitchKey]
    channel: str = "support_ticket"
    now: datetime | None = None


def create_request(given: RequestInput) -> dict[str, Any]:
    """Write the request record, the exclusion entries and the tombstone; return the record."""
    expansion = expand(given.identity, given.kind, given.value, given.keys)
    now = (given.now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    request_id = str(uuid.uuid4())
    event = tombstone_event(request_id, expansion, now, given.channel)
    _validate(given.generated, event)
    record = {
        "format": state.REQUEST_FORMAT,
        "request_id": request_id,
        "reason": given.reason,
        "requested_at": _stamp(now),
        "deadline_on": (now + timedelta(days=DEADLINE_DAYS)).date().isoformat(),
        "subject": {"kind": expansion.kind, "hash": expansion.subject_hash},
        "key_versions": sorted({key.version for key in given.keys}),
        "nodes": [node.as_dict() for node in expansion.nodes],
        "identity_ids": list(expansion.identity_ids),
        "tombstone_event_id": event["meta"]["event_id"],
    }
    with state.locked(given.folder):
        line = orjson.dumps(event, option=orjson.OPT_APPEND_NEWLINE)
        atomic_write_bytes(given.folder / "outbox" / f"{request_id}.ndjson", line)
        state.write_json(state.request_path(given.folder, request_id), record)
        entries = state.read_exclusions(given.folder) + [
            {**node.as_dict(), "request_id": request_id} for node in expansion.nodes
        ]
        state.write_exclusions(given.folder, entries)
    return record


def tombstone_event(
    request_id: str, expansion: Expansion, now: datetime, channel: str
) -> dict[str, Any]:
    from lakecontracts.runtime.signatures import Verifier

    anon = sum(1 for node in expansion.nodes if node.kind == "anon_id")
    envelope: dict[str, Any] = {
        "meta": {
            "event": TOMBSTONE_EVENT,
            "v": TOMBSTONE_VERSION,
            "event_id": str(uuid.uuid4()),
            "occurred_at": _stamp(now),
            "sent_at": _stamp(now),
            "source": "backend",
            "request_id": None,
            "signature": "0" * 64,
        },
        "context": {},
        "payload": {
            "request_id": request_id,
            "subject_user_id_sha256": expansion.subject_hash,
            "subject_anon_id_count": min(anon, 10_000),
            "request_kind": "erasure",
            "scope": "all_data",
            "requested_at": _stamp(now),
            "deadline_on": (now + timedelta(days=DEADLINE_DAYS)).date().isoformat(),
            "channel": channel,
        },
    }
    envelope["meta"]["signature"] = Verifier().sign(envelope)
    return envelope


def _validate(generated: Path, event: dict[str, Any]) -> None:
    from lakecontracts.runtime.manifest_index import load_index

    route = load_index(generated, native=False).routes.get((TOMBSTONE_EVENT, TOMBSTONE_VERSION))
    if route is None:
        raise DsarError(
            f"the registry has no contract {TOMBSTONE_EVENT} v{TOMBSTONE_VERSION}",
            hint="the DSAR tool emits that event; add the contract and run `contracts generate`",
        )
    errors = route.validate(event)
    if errors:
        raise DsarError(
            f"the tombstone event does not match its contract: {errors[0]}",
            hint=f"the {TOMBSTONE_EVENT} contract changed; update lakecontracts.dsar.request",
        )


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
