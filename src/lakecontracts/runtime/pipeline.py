"""The ingest pipeline: bytes in, one outcome per record out.

For every record, in this order (the first failing step decides the quarantine reason):

1. size: larger than ``max_record_bytes`` -> ``oversize`` (never parsed);
2. parse with orjson (UTF-8, depth <= 1024, no NaN) -> ``invalid_json``;
3. route by (``meta.event``, ``meta.v``) through the manifest -> ``not_an_envelope``,
   ``unknown_event``, ``unknown_version``; lifecycle: ``retired_version`` for retired contracts,
   deprecated ones are accepted and counted;
4. validate with the generated validator (``is_valid`` fast path; ``validate`` only on failure,
   for the errors with JSON paths) -> ``schema_violation``;
5. verify ``meta.signature`` over the RFC 8785 canonical payload -> ``uncanonical_payload``,
   ``signature_mismatch``, ``unknown_signing_key``;
6. dedupe by ``meta.event_id`` within the state's window -> duplicate (counted, not written);
7. enrich with ``ingest`` {ingested_at, partition_key, privacy_tier, manifest_hash, schema_hash}.

Bronze holds the parsed envelope that was validated, re-serialized by orjson with ``ingest``
appended: if the producer sent a duplicate key, bronze keeps the value that was validated,
never one a downstream parser might pick instead. Partitions use the ingestion time (as
Firehose does), so an hour's partition is complete once the hour has passed; ``occurred_at``
stays in the record. The pipeline decides; :class:`Ingestor` also writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from lakecontracts.errors import JsonInputError
from lakecontracts.registry.canonical import canonical_bytes
from lakecontracts.runtime.manifest_index import ManifestIndex, Route
from lakecontracts.runtime.metrics import IngestMetrics
from lakecontracts.runtime.records import Outcome, Quarantined, Reason, ValidationError
from lakecontracts.runtime.signatures import Verifier
from lakecontracts.runtime.state import IngestState, MemoryState
from lakecontracts.runtime.writers import BRONZE, QUARANTINE, BatchWriter, FlushResult

#: Firehose's largest record is 1,000 KiB; nothing legitimate is bigger.
DEFAULT_MAX_RECORD_BYTES = 1_024_000


class Result:
    """What happened to one record, and the line to write for it (None for duplicates)."""

    __slots__ = (
        "dt",
        "errors",
        "event",
        "event_id",
        "hour",
        "line",
        "outcome",
        "partition",
        "reason",
        "v",
    )

    def __init__(
        self,
        outcome: Outcome,
        line: bytes | None,
        dt: str,
        hour: str,
        event: str | None = None,
        v: int | None = None,
        event_id: str | None = None,
        reason: Reason | None = None,
        errors: tuple[ValidationError, ...] = (),
    ) -> None:
        self.outcome = outcome
        self.line = line
        self.dt = dt
        self.hour = hour
        self.event = event
        self.v = v
        self.event_id = event_id
        self.reason = reason
        self.errors = errors
        # The folder below the zone's root, Hive-style as Athena's partition projection reads.
        if outcome is Outcome.QUARANTINE:
            self.partition = f"reason={reason}/dt={dt}/hour={hour}"
        else:
            self.partition = f"event={event}/v={v}/dt={dt}/hour={hour}"


class _Rejection(Exception):
    """Internal: a record is quarantined for ``reason``."""

    def __init__(self, reason: Reason, errors: tuple[ValidationError, ...] = ()) -> None:
        self.reason = reason
        self.errors = errors


@dataclass
class _Clock:
    """Ingestion timestamps, formatted once per second (the hot path asks per record)."""

    now: Callable[[], float]
    _second: int = -1
    _prefix: str = ""
    _dt: str = ""
    _hour: str = ""

    def stamp(self) -> tuple[float, str, str, str]:
        """(epoch seconds, RFC 3339 UTC with milliseconds, dt, hour)."""
        at = self.now()
        second = int(at)
        if second != self._second:
            moment = datetime.fromtimestamp(second, UTC)
            self._second = second
            self._prefix = moment.strftime("%Y-%m-%dT%H:%M:%S")
            self._dt = moment.strftime("%Y-%m-%d")
            self._hour = moment.strftime("%H")
        return at, f"{self._prefix}.{int((at - second) * 1000):03d}Z", self._dt, self._hour


class Pipeline:
    """Decides the outcome of each record; holds no files (see :class:`Ingestor`)."""

    def __init__(
        self,
        index: ManifestIndex,
        verifier: Verifier | None = None,
        state: IngestState | None = None,
        metrics: IngestMetrics | None = None,
        clock: Callable[[], float] = time.time,
        max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    ) -> None:
        self.index = index
        self.verifier = verifier or Verifier()
        self.state = state if state is not None else MemoryState()
        self.metrics = metrics or IngestMetrics(index.thresholds)
        self.max_record_bytes = max_record_bytes
        self._clock = _Clock(clock)
        self._routes = index.routes
        self._hash = index.manifest_hash

    def now(self) -> float:
        return self._clock.now()

    def process(
        self, raws: Sequence[bytes], source: str, first_line: int | None = None
    ) -> list[Result]:
        """One result per record, in order. ``source:first_line+i`` names quarantined records."""
        at, ingested_at, dt, hour = self._clock.stamp()
        results: list[Result | None] = [None] * len(raws)
        accepted: list[tuple[int, Route, dict[str, Any]]] = []
        for i, raw in enumerate(raws):
            try:
                route, envelope = self._check(raw)
            except _Rejection as rejection:
                where = source if first_line is None else f"{source}:{first_line + i}"
                results[i] = self._quarantine(raw, rejection, where, ingested_at, dt, hour)
                continue
            accepted.append((i, route, envelope))
        known = self.state.known([e["meta"]["event_id"] for _, _, e in accepted], at)
        batch_seen: set[str] = set()
        metrics = self.metrics
        for i, route, envelope in accepted:
            meta = envelope["meta"]
            event_id = meta["event_id"]
            if event_id in known or event_id in batch_seen:
                results[i] = Result(
                    Outcome.DUPLICATE, None, dt, hour, route.event, route.v, event_id
                )
                metrics.duplicate(at)
                continue
            batch_seen.add(event_id)
            self.state.stage(event_id, at)
            envelope["ingest"] = {
                "ingested_at": ingested_at,
                "partition_key": f"event={route.event}/v={route.v}/dt={dt}/hour={hour}",
                "privacy_tier": route.privacy_tier,
                "manifest_hash": self._hash,
                "schema_hash": route.schema_hash,
            }
            line = orjson.dumps(envelope, option=orjson.OPT_APPEND_NEWLINE)
            results[i] = Result(Outcome.BRONZE, line, dt, hour, route.event, route.v, event_id)
            metrics.accepted(at, meta["occurred_at"], route.deprecated)
        return results  # type: ignore[return-value]  # every slot was filled above

    def _check(self, raw: bytes) -> tuple[Route, dict[str, Any]]:
        if len(raw) > self.max_record_bytes:
            raise _Rejection(Reason.OVERSIZE)
        try:
            envelope = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise _Rejection(Reason.INVALID_JSON) from None
        meta = envelope.get("meta") if type(envelope) is dict else None
        if (
            type(meta) is not dict
            or type(meta.get("event")) is not str
            or type(meta.get("v")) is not int
        ):
            raise _Rejection(Reason.NOT_AN_ENVELOPE)
        route = self._routes.get((meta["event"], meta["v"]))
        if route is None:
            known = meta["event"] in self.index.events
            raise _Rejection(Reason.UNKNOWN_VERSION if known else Reason.UNKNOWN_EVENT)
        if route.retired:
            raise _Rejection(Reason.RETIRED_VERSION)
        if not route.is_valid(envelope):
            raise _Rejection(Reason.SCHEMA_VIOLATION, tuple(route.validate(envelope)))
        try:
            canonical = canonical_bytes(envelope["payload"])
        except JsonInputError as exc:
            raise _Rejection(Reason.UNCANONICAL_PAYLOAD, (("/payload", exc.message),)) from None
        problem = self.verifier.check(meta["source"], canonical, meta["signature"])
        if problem is not None:
            raise _Rejection(problem, (("/meta/signature", _SIGNATURE_TEXT[problem]),))
        return route, envelope

    def _quarantine(
        self, raw: bytes, rejection: _Rejection, where: str, received_at: str, dt: str, hour: str
    ) -> Result:
        event, v, event_id = (
            _best_effort_ids(raw) if rejection.reason is not Reason.OVERSIZE else (None, None, None)
        )
        record = Quarantined(
            raw=raw,
            reason=rejection.reason,
            errors=rejection.errors,
            received_at=received_at,
            source=where,
            event=event,
            v=v,
            event_id=event_id,
        )
        self.metrics.quarantined(self._clock.now(), rejection.reason)
        line = orjson.dumps(record.to_json(), option=orjson.OPT_APPEND_NEWLINE)
        return Result(
            Outcome.QUARANTINE,
            line,
            dt,
            hour,
            event,
            v,
            event_id,
            rejection.reason,
            rejection.errors,
        )


_SIGNATURE_TEXT = {
    Reason.SIGNATURE_MISMATCH: "does not match the RFC 8785 canonical payload",
    Reason.UNKNOWN_SIGNING_KEY: "no HMAC key is configured for meta.source",
}


def _best_effort_ids(raw: bytes) -> tuple[str | None, int | None, str | None]:
    """meta.event, meta.v and meta.event_id when the record has them, for quarantine triage."""
    try:
        meta = orjson.loads(raw).get("meta")
    except (orjson.JSONDecodeError, AttributeError):
        return None, None, None
    if type(meta) is not dict:
        return None, None, None
    event, v, event_id = meta.get("event"), meta.get("v"), meta.get("event_id")
    return (
        event if type(event) is str else None,
        v if type(v) is int else None,
        event_id if type(event_id) is str else None,
    )


@dataclass(frozen=True)
class IngestCounts:
    """How many records of a batch ended where."""

    bronze: int = 0
    quarantine: int = 0
    duplicate: int = 0


class Ingestor:
    """A pipeline plus a writer: processes batches and writes bronze and quarantine files."""

    def __init__(self, pipeline: Pipeline, writer: BatchWriter) -> None:
        self.pipeline = pipeline
        self.writer = writer

    def ingest(
        self, raws: Sequence[bytes], source: str, first_line: int | None = None
    ) -> list[Result]:
        """Process and buffer one batch; flushes when the roll policy says so."""
        results = self.pipeline.process(raws, source, first_line)
        grouped: dict[tuple[str, str], list[bytes]] = {}
        bronze = Outcome.BRONZE
        for result in results:
            line = result.line
            if line is not None:
                key = (BRONZE if result.outcome is bronze else QUARANTINE, result.partition)
                lines = grouped.get(key)
                if lines is None:
                    grouped[key] = [line]
                else:
                    lines.append(line)
        for (zone, partition), lines in grouped.items():
            self.writer.add_many(zone, partition, lines)
        if self.writer.due():
            self.writer.flush()
        return results

    def flush(self) -> FlushResult:
        """Publish everything buffered: every record ingested so far is acknowledged after."""
        return self.writer.flush()

    def close(self) -> FlushResult:
        return self.writer.close()
