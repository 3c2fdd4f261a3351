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
    # The stream's one prefix (zone/event/v/dt/hour) resolves for quarantined records too.
    assert set(quarantine) == {"zone", "event", "v", "reason", "dt", "hour"}
    assert (quarantine["event"], quarantine["v"]) == ("unknown", "unknown")
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


def _with_meta(line: bytes, **meta: object) -> bytes:
    envelope = orjson.loads(line)
    envelope["meta"].update(meta)
    return orjson.dumps(envelope)


def test_quarantined_records_carry_event_and_version_keys_the_manifest_knows(
    index: ManifestIndex,
) -> None:
    route = pick_route(index, "booking.leg_created")
    line = samples(index, route, 1, seed=4)[0].line
    invalid = samples(index, route, 1, seed=5, invalid=True)
    wrong_version = _with_meta(line, v=999)
    hostile = _with_meta(line, event="../../x/event=evil")
    datas = [*(s.line for s in invalid), wrong_version, hostile]
    out = transform(firehose_pipeline(index), _event(datas))["records"]
    keys = [r["metadata"]["partitionKeys"] for r in out]
    assert all(k["zone"] == "quarantine" for k in keys)
    placed = [(k["event"], k["v"], k["reason"]) for k in keys]
    assert placed[1:] == [
        ("booking.leg_created", "unknown", "unknown_version"),
        ("unknown", "unknown", "unknown_event"),
    ]
    assert placed[0][0] in {"booking.leg_created", "unknown"}  # as far as the bytes parse


def test_over_limit_warning_is_an_emf_metric(generated_dir: Path, index: ManifestIndex) -> None:
    """A batch whose enriched answer would pass Lambda's 6 MB: the warning line is EMF."""
    route = pick_route(index, "booking.leg_created")
    lines: list[str] = []
    handler = make_handler(generated_dir, emit=lines.append)
    datas = [s.line for s in samples(index, route, 6000, seed=9)]
    event = _event(datas)
    while len(orjson.dumps(event)) > 5_800_000:  # the request itself must fit
        event["records"].pop()  # type: ignore[attr-defined]
    results = [r["result"] for r in handler(event, None)["records"]]
    failed = results.count("ProcessingFailed")
    assert failed > 0
    documents = [orjson.loads(line) for line in lines]
    warning = next(d for d in documents if d.get("message") == "firehose_response_over_limit")
    directive = warning["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "LakeContracts/Ingest"
    assert directive["Dimensions"] == [["Service"]] and warning["Service"] == "firehose"
    assert directive["Metrics"] == [{"Name": "FirehoseResponseOverLimit", "Unit": "Count"}]
    assert (
        warning["FirehoseResponseOverLimit"]
        == failed
        == warning["records_answered_processing_failed"]
    )
    assert isinstance(warning["_aws"]["Timestamp"], int)
