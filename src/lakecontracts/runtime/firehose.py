"""Kinesis Data Firehose data-transformation handler.

Firehose invokes the Lambda with ``{"records": [{"recordId", "approximateArrivalTimestamp",
"data": <base64>}, ...]}`` and expects ``{"records": [{"recordId", "result", "data",
"metadata": {"partitionKeys": {...}}}]}`` back, one per input record with the same
``recordId``. Firehose writes the files; the Lambda only decides:

* bronze -> ``Ok``, data = the enriched bronze record, partition keys
  ``zone=bronze, event, v, dt, hour`` (S3 prefix
  ``!{partitionKeyFromLambda:zone}/event=!{partitionKeyFromLambda:event}/...``);
* quarantine -> ``Ok``, data = the quarantine record, partition keys
  ``zone=quarantine, reason, dt, hour``. Not ``ProcessingFailed``: Firehose would store only
  the raw bytes in its processing-failed folder and lose the reason and the errors;
* duplicate -> ``Dropped`` (counted; Firehose treats Dropped as processed);
* a record that is not a transformation input at all (no ``recordId``/``data``, not base64)
  -> ``ProcessingFailed`` with the data passed back unchanged, so Firehose keeps the bytes in
  its error output and nothing is lost.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.metrics import IngestMetrics
from lakecontracts.runtime.pipeline import Pipeline, Result
from lakecontracts.runtime.records import Outcome

OK, DROPPED, FAILED = "Ok", "Dropped", "ProcessingFailed"


def transform(
    pipeline: Pipeline, event: dict[str, Any], source: str = "firehose"
) -> dict[str, Any]:
    """The handler's work: one output record per input record, same order and ``recordId``."""
    records = event.get("records") or []
    decoded: list[bytes] = []
    positions: list[int] = []
    output: list[dict[str, Any] | None] = [None] * len(records)
    for i, record in enumerate(records):
        raw = _decode(record)
        if raw is None:
            output[i] = {
                "recordId": str(record.get("recordId", "")) if isinstance(record, dict) else "",
                "result": FAILED,
                "data": record.get("data", "") if isinstance(record, dict) else "",
            }
            continue
        decoded.append(raw)
        positions.append(i)
    results = pipeline.process(decoded, source)
    pipeline.state.commit([], pipeline.now())  # Firehose writes; IDs are seen now
    for i, result in zip(positions, results, strict=True):
        output[i] = _output(records[i]["recordId"], result)
    return {"records": output}


def _decode(record: object) -> bytes | None:
    if not isinstance(record, dict) or not isinstance(record.get("recordId"), str):
        return None
    data = record.get("data")
    if not isinstance(data, str):
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def _output(record_id: str, result: Result) -> dict[str, Any]:
    if result.outcome is Outcome.DUPLICATE or result.line is None:
        return {"recordId": record_id, "result": DROPPED, "data": ""}
    keys = (
        {"zone": "bronze", "event": str(result.event), "v": str(result.v)}
        if result.outcome is Outcome.BRONZE
        else {"zone": "quarantine", "reason": str(result.reason)}
    )
    return {
        "recordId": record_id,
        "result": OK,
        "data": base64.b64encode(result.line).decode("ascii"),
        "metadata": {"partitionKeys": {**keys, "dt": result.dt, "hour": result.hour}},
    }


def make_handler(
    generated: Path, emit: Callable[[str], None] = print
) -> Callable[[dict[str, Any], object], dict[str, Any]]:
    """A Lambda ``handler(event, context)`` over ``generated/`` shipped beside the function.

    Metrics go to ``emit`` (stdout in Lambda, which CloudWatch Logs reads as EMF) after each
    invocation.
    """
    pipeline = Pipeline(load_index(generated))

    def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        pipeline.metrics = IngestMetrics(pipeline.index.thresholds)
        response = transform(pipeline, event)
        for document in pipeline.metrics.emf_lines(service="firehose"):
            emit(orjson.dumps(document).decode())
        return response

    return handler
