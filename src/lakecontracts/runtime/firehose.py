"""Kinesis Data Firehose data-transformation handler.

Firehose invokes the Lambda with ``{"records": [{"recordId", "approximateArrivalTimestamp",
"data": <base64>}, ...]}`` and expects ``{"records": [{"recordId", "result", "data",
"metadata": {"partitionKeys": {...}}}]}`` back, one per input record with the same
``recordId``. Firehose writes the files; the Lambda only decides:

* bronze -> ``Ok``, data = the enriched bronze record, partition keys
  ``zone=bronze, event, v, dt, hour`` (S3 prefix
  ``!{partitionKeyFromLambda:zone}/event=!{partitionKeyFromLambda:event}/...``);
* quarantine -> ``Ok``, data = the quarantine record, partition keys
  ``zone=quarantine, event, v, reason, dt, hour``, so the stream's one prefix resolves for
  quarantined records too. ``event`` and ``v`` are the record's own only when the manifest
  knows them (a registered event; a version it routes), else ``unknown``
  (:data:`UNKNOWN_KEY`): a sender never chooses an S3 prefix nor creates partitions at will.
  Not ``ProcessingFailed``: Firehose would store only the raw bytes in its processing-failed
  folder and lose the reason and the errors;
* duplicate -> ``Dropped`` (counted; Firehose treats Dropped as processed);
* a record that is not a transformation input at all (no ``recordId``/``data``, not base64)
  -> ``ProcessingFailed`` with the data passed back unchanged, so Firehose keeps the bytes in
  its error output and nothing is lost.

**Retries are idempotent by recordId** (:mod:`runtime.firehose_claims`): the same batch in
gives the same results out, so a lost response never turns a batch into ``Dropped``.

**The response stays under Lambda's 6 MB limit** (:data:`MAX_RESPONSE_BYTES`, counted as
Lambda's runtime writes it: ``json.dumps``, a space after every separator). Enrichment makes a
record about 400 bytes longer in base64, so a full 3 MB buffer of ~700-byte events would need
6.6 MB. When the enriched response would not fit, records from the end of the batch are
answered ``ProcessingFailed`` with their original data until it does: Firehose writes their
exact bytes to its ``processing-failed/`` error prefix, nothing is lost or half-enriched, and
bronze only ever holds complete bronze records. Those records are not claimed, so a replay of
the error output (``rawData`` base64-decoded, through ``contracts ingest`` or back into the
stream) is accepted once. Each such invocation logs a ``firehose_response_over_limit``
warning that is also an EMF document (metric ``FirehoseResponseOverLimit``, the count of such
records, namespace ``LakeContracts/Ingest``, dimension ``Service=firehose``), which the
generated CloudFormation alarms on. To avoid it, keep the processor's ``BufferSizeInMBs``
at 1 (Firehose's default; 3 MB only for events averaging over about 1 KB). If even the
unprocessed answer would not fit (a request over 6,000,000 bytes), the invocation fails with
:class:`FirehoseEventError` and Firehose's retry and error output take over.

The handler verifies signatures as ``contracts ingest`` does (:func:`open_verifier`): digest by
default, ``CONTRACTS_SIGNATURE=hmac`` with per-source keys from ``CONTRACTS_HMAC_KEYS_FILE`` or
``CONTRACTS_HMAC_KEY_<SOURCE>``.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from lakecontracts.errors import FirehoseEventError, Location
from lakecontracts.runtime.firehose_claims import RecordClaims
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.metrics import NAMESPACE, IngestMetrics
from lakecontracts.runtime.pipeline import Pipeline, Result, quarantine_key
from lakecontracts.runtime.records import Outcome
from lakecontracts.runtime.signatures import Verifier, open_verifier

OK, DROPPED, FAILED = "Ok", "Dropped", "ProcessingFailed"
#: Lambda refuses a synchronous response over 6 MB; the response stays below this many bytes.
MAX_RESPONSE_BYTES = 6_000_000
#: ``digest`` (default) or ``hmac``: how the handler checks ``meta.signature``.
SIGNATURE_MODE_ENV = "CONTRACTS_SIGNATURE"
_FRAME = len('{"records": []}')
#: The ``event`` / ``v`` partition key of a quarantined record the manifest cannot place.
UNKNOWN_KEY = "unknown"
#: The EMF metric counting records answered ``ProcessingFailed`` for the response size.
OVER_LIMIT_METRIC = "FirehoseResponseOverLimit"
#: The ``Service`` dimension of the handler's EMF metrics.
SERVICE = "firehose"
_HERE = Location("firehose event")


def firehose_pipeline(index: ManifestIndex, verifier: Verifier | None = None) -> Pipeline:
    """A pipeline whose dedupe state is :class:`RecordClaims`, as :func:`transform` needs."""
    return Pipeline(index, verifier=verifier, state=RecordClaims())


class Answer(NamedTuple):
    """The response to one invocation, and how many records fell back for its size."""

    response: dict[str, Any]
    over_limit: int


def transform(
    pipeline: Pipeline,
    event: object,
    source: str = "firehose",
    max_response_bytes: int = MAX_RESPONSE_BYTES,
) -> dict[str, Any]:
    """The handler's work: one output record per input record, same order and ``recordId``."""
    return answer(pipeline, event, source, max_response_bytes).response


def answer(
    pipeline: Pipeline,
    event: object,
    source: str = "firehose",
    max_response_bytes: int = MAX_RESPONSE_BYTES,
) -> Answer:
    """:func:`transform`, counting the records answered ``ProcessingFailed`` for size.

    ``pipeline.state`` must be a :class:`RecordClaims` (see :func:`firehose_pipeline`).
    """
    claims = pipeline.state
    if not isinstance(claims, RecordClaims):
        raise TypeError("transform needs a pipeline made by firehose_pipeline")
    records = _records(event)
    decoded = [_decode(record) for record in records]
    positions = [i for i, raw in enumerate(decoded) if raw is not None]
    claims.begin(records[i]["recordId"] for i in positions)
    results = pipeline.process([decoded[i] or b"" for i in positions], source)
    answers: list[dict[str, Any]] = [_unprocessed(record) for record in records]
    fallbacks = list(answers)
    for i, result in zip(positions, results, strict=True):
        answers[i] = _output(records[i]["recordId"], result, pipeline.index)
    delivered, over = _bounded(answers, fallbacks, max_response_bytes)
    now = pipeline.now()
    claims.claim(
        (
            (_claim_key(result, decoded[i] or b""), records[i]["recordId"])
            for i, result in zip(positions, results, strict=True)
            if result.outcome is not Outcome.DUPLICATE and delivered[i] is answers[i]
        ),
        now,
    )
    claims.commit([], now)
    return Answer({"records": delivered}, over)


def _records(event: object) -> list[Any]:
    if not isinstance(event, dict):
        raise FirehoseEventError(
            f"a Firehose transformation event is a JSON object, not {type(event).__name__}",
            location=_HERE,
            hint='the event must be {"records": [{"recordId": ..., "data": <base64>}, ...]}',
        )
    records = event.get("records")
    if not isinstance(records, list):
        raise FirehoseEventError(
            "the Firehose event has no list of records",
            location=_HERE,
            hint='the event must be {"records": [{"recordId": ..., "data": <base64>}, ...]}; '
            "is the Lambda wired to a Firehose stream's transformation?",
        )
    return records


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


def _unprocessed(record: object) -> dict[str, Any]:
    """``ProcessingFailed`` with the record's own data: Firehose keeps its exact bytes."""
    if not isinstance(record, dict):
        return {"recordId": "", "result": FAILED, "data": ""}
    data = record.get("data", "")
    return {
        "recordId": str(record.get("recordId", "")),
        "result": FAILED,
        "data": data if isinstance(data, str) else "",
    }


def _output(record_id: str, result: Result, index: ManifestIndex) -> dict[str, Any]:
    if result.outcome is Outcome.DUPLICATE or result.line is None:
        return {"recordId": record_id, "result": DROPPED, "data": ""}
    keys = (
        {"zone": "bronze", "event": str(result.event), "v": str(result.v)}
        if result.outcome is Outcome.BRONZE
        else {"zone": "quarantine", **_placed(result, index), "reason": str(result.reason)}
    )
    return {
        "recordId": record_id,
        "result": OK,
        "data": base64.b64encode(result.line).decode("ascii"),
        "metadata": {"partitionKeys": {**keys, "dt": result.dt, "hour": result.hour}},
    }


def _placed(result: Result, index: ManifestIndex) -> dict[str, str]:
    """A quarantined record's ``event`` and ``v`` keys: its own when the manifest knows them."""
    event, v = result.event, result.v
    if event is None or event not in index.events:
        return {"event": UNKNOWN_KEY, "v": UNKNOWN_KEY}
    return {"event": event, "v": str(v) if (event, v) in index.routes else UNKNOWN_KEY}


def over_limit_document(at: float, over: int) -> dict[str, Any]:
    """The ``firehose_response_over_limit`` warning as one log line that is also an EMF
    document: CloudWatch counts ``FirehoseResponseOverLimit`` (records answered
    ``ProcessingFailed`` for the response size) for the generated alarm."""
    return {
        "_aws": {
            "Timestamp": int(at * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [["Service"]],
                    "Metrics": [{"Name": OVER_LIMIT_METRIC, "Unit": "Count"}],
                }
            ],
        },
        "Service": SERVICE,
        OVER_LIMIT_METRIC: over,
        "level": "warning",
        "message": "firehose_response_over_limit",
        "records_answered_processing_failed": over,
        "hint": "lower the Firehose processor's BufferSizeInMBs; replay the processing-failed "
        "output",
    }


def _claim_key(result: Result, raw: bytes) -> str:
    """The key the pipeline deduped the record under (event ID, or its bytes' hash)."""
    if result.outcome is Outcome.BRONZE and result.event_id is not None:
        return result.event_id
    return quarantine_key(raw)


def _bounded(
    answers: list[dict[str, Any]], fallbacks: list[dict[str, Any]], limit: int
) -> tuple[list[dict[str, Any]], int]:
    """The answers, with ``fallbacks`` from the end of the batch until the response fits.

    Returns the records to send and how many fell back. Every answer is chosen in batch order
    while the rest of the batch, answered with fallbacks, still fits; a fallback is never
    larger than the record Firehose sent.
    """
    spare = [_encoded_size(answer) for answer in fallbacks]
    total = _FRAME + 2 * max(len(answers) - 1, 0) + sum(spare)
    if total >= limit:
        raise FirehoseEventError(
            f"even unprocessed, the response to this batch would take {total} bytes, over "
            f"Lambda's limit of {limit}",
            location=_HERE,
            hint="lower the Firehose processor's BufferSizeInMBs (1 MB is Firehose's default)",
        )
    chosen = list(fallbacks)
    over = 0
    for i, answer in enumerate(answers):
        if answer is fallbacks[i]:
            continue
        extra = _encoded_size(answer) - spare[i]
        if total + extra < limit:
            chosen[i] = answer
            total += extra
        elif answer["result"] != DROPPED:
            over += 1
        else:
            chosen[i] = answer  # a Dropped answer is never larger than the record's fallback
            total += extra
    return chosen, over


def _encoded_size(record: dict[str, Any]) -> int:
    """Bytes ``record`` takes as Lambda's runtime writes it (``json.dumps``'s separators)."""
    text = orjson.dumps(record)
    if text.isascii():  # then the two escape the same characters the same way
        return len(text) + _separators(record)
    return len(json.dumps(record))


def _separators(value: object) -> int:
    """How many ':' and ',' a JSON object writes (json.dumps puts a space after each)."""
    if isinstance(value, dict):
        return max(2 * len(value) - 1, 0) + sum(_separators(v) for v in value.values())
    return 0


def make_handler(
    generated: Path,
    emit: Callable[[str], None] = print,
    verifier: Verifier | None = None,
    environ: Mapping[str, str] | None = None,
) -> Callable[[Any, object], dict[str, Any]]:
    """A Lambda ``handler(event, context)`` over ``generated/`` shipped beside the function.

    The verifier comes from the environment unless given (``CONTRACTS_SIGNATURE``,
    ``CONTRACTS_HMAC_KEYS_FILE``, ``CONTRACTS_HMAC_KEY_<SOURCE>``); a bad setting fails the cold
    start, not every record. Metrics go to ``emit`` (stdout in Lambda, which CloudWatch Logs
    reads as EMF) after each invocation.
    """
    env = os.environ if environ is None else environ
    if verifier is None:
        verifier = open_verifier(env.get(SIGNATURE_MODE_ENV) or "digest", None, env)
    pipeline = firehose_pipeline(load_index(generated), verifier)

    def handler(event: Any, context: object) -> dict[str, Any]:
        pipeline.metrics = IngestMetrics(pipeline.index.thresholds)
        response, over = answer(pipeline, event)
        if over:
            emit(orjson.dumps(over_limit_document(pipeline.now(), over)).decode())
        for document in pipeline.metrics.emf_lines(service=SERVICE):
            emit(orjson.dumps(document).decode())
        return response

    return handler
