"""Fixture data in the ingest format and generation inputs over the example registry."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent
from tests.conftest import EXAMPLE_REGISTRY
from tests.lakehouse_fixtures import generation_input


def example_input(storage: dict[str, str] | None = None) -> GenerationInput:
    """The example registry, optionally with its ``storage`` locations replaced."""
    inp = generation_input(EXAMPLE_REGISTRY)
    if not storage:
        return inp
    config = inp.registry.config
    locations = {**config.storage.locations, **storage}
    replaced = dataclasses.replace(config.storage, locations=locations)
    registry = Registry(config=dataclasses.replace(config, storage=replaced))
    return GenerationInput(registry, inp.events, inp.manifest)


@dataclass(frozen=True)
class BronzeRecord:
    """One NDJSON line as ingest writes it, and the partition it lands in."""

    event: str
    v: int
    dt: str
    hour: str
    record: dict[str, Any]

    @property
    def partition(self) -> str:
        return f"event={self.event}/v={self.v}/dt={self.dt}/hour={self.hour}"


def _record(
    event: str, v: int, n: int, occurred_at: str, payload: dict[str, Any]
) -> dict[str, Any]:
    return {
        "meta": {
            "event": event,
            "v": v,
            "event_id": f"00000000-0000-4000-8000-00000000000{n}",
            "occurred_at": occurred_at,
            "sent_at": occurred_at,
            "source": "backend",
            "request_id": None if n % 2 else f"req-{n}",
            "signature": f"{n}" * 64,
        },
        "context": {
            "user_id": f"u-user00{n}",
            "anon_id": None,
            "session_id": f"s-sess00{n}",
            "device": {"ua_hash": "d-0123456789abcdef", "os": "ios"},
            "ids": {"thread_id": f"t{n}"},
            "country": "PT",
            "city": "lisbon",
        },
        "payload": payload,
        "ingest": {
            "ingested_at": occurred_at.replace("Z", ".250Z"),
            "partition_key": f"u-user00{n}",
            "privacy_tier": "internal",
            "manifest_hash": "sha256:" + "a" * 64,
            "schema_hash": "sha256:" + "b" * 64,
        },
    }


LEG = "booking.leg_created"
RECORDS = (
    BronzeRecord(
        LEG,
        1,
        "2026-01-01",
        "23",
        _record(
            LEG,
            1,
            1,
            "2026-01-01T23:59:58Z",
            {
                "leg_id": "10000000-0000-4000-8000-000000000001",
                "booking_id": "20000000-0000-4000-8000-000000000001",
                "listing_id": "30000000-0000-4000-8000-000000000001",
                "price": 129.5,
                "currency": None,
                "status": "booked",
            },
        ),
    ),
    BronzeRecord(
        LEG,
        2,
        "2026-01-02",
        "00",
        _record(
            LEG,
            2,
            2,
            "2026-01-02T00:00:01.5+00:00",
            {
                "leg_id": "10000000-0000-4000-8000-000000000002",
                "booking_id": "20000000-0000-4000-8000-000000000002",
                "listing_id": "30000000-0000-4000-8000-000000000002",
                "traveller_index": 2,
                "amount_minor": 12950,
                "currency": "EUR",
                "starts_on": "2026-03-01",
                "ends_on": "2026-03-04",
                "status": "confirmed",
            },
        ),
    ),
    BronzeRecord(
        LEG,
        2,
        "2026-01-02",
        "07",
        _record(
            LEG,
            2,
            3,
            "2026-01-02T07:15:00Z",
            {
                "leg_id": "10000000-0000-4000-8000-000000000003",
                "booking_id": "20000000-0000-4000-8000-000000000002",
                "listing_id": "30000000-0000-4000-8000-000000000002",
                "amount_minor": 0,
                "currency": "EUR",
                "starts_on": "2026-03-01",
                "ends_on": "2026-03-02",
                "status": "pending",
            },
        ),
    ),
)


def check_records(events: list[ResolvedEvent]) -> None:
    """Every fixture envelope is valid against its contract (the ingest object aside)."""
    schemas = {(e.event, e.v): e.schema for e in events}
    for item in RECORDS:
        envelope = {k: v for k, v in item.record.items() if k != "ingest"}
        jsonschema.Draft7Validator(schemas[item.event, item.v]).validate(envelope)


def write_bronze(root: Path) -> None:
    """Write the fixture records as ingest does: NDJSON files under their partitions."""
    for index, item in enumerate(RECORDS):
        folder = root.joinpath(*item.partition.split("/"))
        folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(item.record, separators=(",", ":")) + "\n"
        with (folder / f"part-{index}.ndjson").open("a", encoding="utf-8") as handle:
            handle.write(line)
