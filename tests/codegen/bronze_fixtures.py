"""Bronze records in the ingest NDJSON layout, built from resolved schemas for dbt tests.

Values are derived from the field name and the row number, so the same key (``user_id``,
``checkout_id``) gets the same value in every event: references between staging models hold
without hand-written data.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lakecontracts.regex.ecma import to_python
from lakecontracts.regex.sample import sample_matching
from lakecontracts.registry.resolved import ResolvedEvent

NAMESPACE = uuid.UUID("6f0c2f4e-9d55-4d1e-9a53-3c1f2b6a7e10")
PREFIXED = {"user_id": "u-", "anon_id": "a-", "session_id": "s-"}


def value_for(name: str, schema: dict[str, Any], row: int, root: dict[str, Any]) -> Any:
    schema = _deref(schema, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    kind = schema.get("type")
    kind = next(t for t in kind if t != "null") if isinstance(kind, list) else kind
    if kind == "object":
        return instance(schema, row, root)
    if kind == "array":
        return []
    if kind == "boolean":
        return row % 2 == 0
    if kind == "integer":
        return int(schema.get("minimum", 1)) + row
    if kind == "number":
        return float(schema.get("minimum", 1)) + row + 0.5
    fmt = schema.get("format")
    if fmt == "uuid":
        return str(uuid.uuid5(NAMESPACE, f"{name}:{row}"))
    if fmt == "date-time":
        return f"2026-03-0{1 + row % 9}T10:00:00+02:00"
    if fmt == "date":
        return f"2026-03-0{1 + row % 9}"
    if name in PREFIXED:
        return f"{PREFIXED[name]}{row:08d}"
    if isinstance(schema.get("pattern"), str):  # seeded by name and row: the same in every event
        return sample_matching(to_python(schema["pattern"]), random.Random(f"{name}:{row}"))
    return f"{name}-{row}"


def instance(schema: dict[str, Any], row: int, root: dict[str, Any]) -> dict[str, Any]:
    """Every declared property of an object schema, filled in."""
    schema = _deref(schema, root)
    properties = schema.get("properties", {})
    return {name: value_for(name, sub, row, root) for name, sub in properties.items()}


def record(event: ResolvedEvent, row: int, ingested_at: datetime) -> dict[str, Any]:
    root = event.schema
    properties = root["properties"]
    meta = instance(properties["meta"], row, root)
    meta["event_id"] = str(uuid.uuid5(NAMESPACE, f"{event.contract.key}:{row}"))
    context = {
        "user_id": f"u-{row:08d}",
        "anon_id": f"a-{row:08d}",
        "session_id": f"s-{row:08d}",
        "country": "PT",
        "city": "lisbon",
    }
    return {
        "meta": meta,
        "context": context,
        "payload": instance(properties["payload"], row, root),
        "ingest": {
            "ingested_at": ingested_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "partition_key": f"{event.event}/v={event.v}",
            "privacy_tier": event.contract.privacy_tier,
            "manifest_hash": "sha256:" + "0" * 64,
            "schema_hash": event.schema_hash,
        },
    }


def write_partition(root: Path, event: ResolvedEvent, records: list[dict[str, Any]]) -> Path:
    """``event=<event>/v=<v>/dt=YYYY-MM-DD/hour=HH/part.ndjson`` under ``root``."""
    stamp = datetime.now(UTC)
    folder = root / f"event={event.event}" / f"v={event.v}"
    folder = folder / f"dt={stamp:%Y-%m-%d}" / f"hour={stamp:%H}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "part.ndjson"
    lines = [json.dumps(r, sort_keys=True) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _deref(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = root
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        schema = node
    return schema
