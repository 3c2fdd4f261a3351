"""The Firehose transformation handler returns exactly the documented record shape."""

from __future__ import annotations

import base64
from pathlib import Path

import orjson

from lakecontracts.runtime.firehose import firehose_pipeline, make_handler, transform
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.sample import pick_route, samples


def _event(datas: list[bytes]) -> dict[str, object]:
    return {
        "invocationId": "inv-1",
        "deliveryStreamArn": "arn:aws:firehose:eu-west-1:123456789012:deliverystream/events",
        "region": "eu-west-1",
        "records": [
            {
                "recordId": f"rec-{i}",
                "approximateArrivalTimestamp": 1767225600000,
                "data": base64.b64encode(data).decode(),
            }
            for i, data in enumerate(datas)
        ],
    }


def test_records_come_back_ok_dropped_or_failed_with_partition_keys(index: ManifestIndex) -> None:
    route = pick_route(index, "booking.leg_created")
    valid = samples(index, route, 2, seed=1)
    broken = samples(index, route, 1, seed=2, invalid=True)  # truncated_json
    event = _event([valid[0].line, broken[0].line, valid[1].line, valid[0].line])
    event["records"].append({"recordId": "rec-4", "data": "not base64!"})  # type: ignore[attr-defined]
    response = transform(firehose_pipeline(index), event)
    out = response["records"]
    assert [r["recordId"] for r in out] == [f"rec-{i}" for i in range(5)]
    assert [r["result"] for r in out] == ["Ok", "Ok", "Ok", "Dropped", "ProcessingFailed"]
    assert set(out[0]) == {"recordId", "result", "data", "metadata"}
    keys = out[0]["metadata"]["partitionKeys"]
    assert keys["zone"] == "bronze" and keys["event"] == "booking.leg_created" and keys["v"] == "2"
    assert set(keys) == {"zone", "event", "v", "dt", "hour"}
    bronze = orjson.loads(base64.b64decode(out[0]["data"]))
    assert bronze["ingest"]["schema_hash"] == route.schema_hash
    quarantine = out[1]["metadata"]["partitionKeys"]
    assert quarantine["zone"] == "quarantine" and quarantine["reason"] == "invalid_json"
    assert out[4]["data"] == "not base64!"
    assert all(
        isinstance(v, str)
        for r in out
        if "metadata" in r
        for v in r["metadata"]["partitionKeys"].values()
    )


def test_handler_emits_emf_metrics(generated_dir: Path, index: ManifestIndex) -> None:
    lines: list[str] = []
    handler = make_handler(generated_dir, emit=lines.append)
    route = pick_route(index, "funnel.listing_viewed")
    response = handler(_event([s.line for s in samples(index, route, 3, seed=1)]), None)
    assert [r["result"] for r in response["records"]] == ["Ok"] * 3
    document = orjson.loads(lines[0])
    assert document["Accepted"] == 3
    assert document["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "LakeContracts/Ingest"
